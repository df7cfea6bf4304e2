// What ConductorWorkflow needs from an executor. Structural on purpose: the clients' WorkflowExecutor
// satisfies it without this module importing the clients (keeps the builder free of transport code).
import type { StartWorkflowRequest, Task, Workflow, WorkflowDef, WorkflowTestRequest } from "./types.js";

/** The part of a synchronous run's result the builder relies on (the server sends a WorkflowRun). */
export interface WorkflowRunLike {
  workflowId?: string;
  correlationId?: string;
  requestId?: string;
  status?: string;
  input?: Record<string, unknown>;
  output?: Record<string, unknown>;
  tasks?: Task[];
  variables?: Record<string, unknown>;
  createTime?: number;
  updateTime?: number;
  priority?: number;
}

export type ExecuteWorkflowRequest = StartWorkflowRequest & {
  /** Return as soon as the task with this reference name is reached instead of waiting for the end. */
  waitUntilTaskRef?: string;
  /** How long the server waits before answering with the current state (server default 10). */
  waitForSeconds?: number;
  requestId?: string;
};

export interface WorkflowExecutorPort {
  registerWorkflow(def: WorkflowDef, overwrite?: boolean): Promise<void>;
  /** Starts a workflow and resolves to its id. */
  startWorkflow(request: StartWorkflowRequest): Promise<string>;
  execute(request: ExecuteWorkflowRequest): Promise<WorkflowRunLike>;
  testWorkflow(request: WorkflowTestRequest): Promise<Workflow>;
}
