// Workflow builder: ConductorWorkflow, one builder per task type, expressions and client-side validation.
export {
  ConductorWorkflow,
  type ExecuteOptions,
  type StartOptions,
  type TestOptions,
  type TimeoutPolicy,
  type WorkflowStep,
} from "./conductor-workflow.js";
export type { WorkflowExecutorPort, WorkflowRunLike } from "./executor-port.js";
export { taskInput, taskOutput, workflowAttribute, workflowInput, workflowVariable } from "./expressions.js";
export { taskFromJson } from "./from-json.js";
export { BaseTask, type ChildGroup, type TaskOptions, type TaskRetry, type TaskTimeouts } from "./task.js";
export * from "./tasks/index.js";
export type {
  CacheConfig,
  JsonMap,
  StartWorkflowRequest,
  TaskDef,
  TaskMock,
  WorkflowDef,
  WorkflowTask,
  WorkflowTestRequest,
} from "./types.js";
export { validateWorkflowDef, WorkflowValidationError, type ValidationProblem } from "./validation.js";
