export { ConductorClients } from "./conductor-clients.js";
export { WorkflowClient } from "./workflow-client.js";
export type { ExecuteWorkflowOptions, WorkflowSearchParams } from "./workflow-client.js";
export { WorkflowExecutor } from "./workflow-executor.js";
export { isTaskRunResult } from "./run-result.js";
export type {
  ReturnStrategy,
  RunResultFor,
  SignalResult,
  TaskReturnStrategy,
  TaskRunResult,
  WorkflowReturnStrategy,
  WorkflowRunResult,
} from "./run-result.js";
export { TaskClient } from "./task-client.js";
export type { BatchPollParams, SignalSyncParams } from "./task-client.js";
export { MetadataClient } from "./metadata-client.js";
export { EventClient } from "./event-client.js";
export { SchedulerClient } from "./scheduler-client.js";
export type {
  NextFewSchedulesOptions,
  ScheduleExecutionSearchParams,
  ScheduleSearchParams,
} from "./scheduler-client.js";
export { AdminClient, EnvironmentClient, HealthClient, QueueAdminClient, SecretsClient } from "./admin-clients.js";
export type { ClientSource } from "./base.js";
export type * from "./search.js";
export type * from "../../generated/models.js";
