// Public names for the wire types users handle, taken from the server's (corrected) OpenAPI schemas.
import type { components } from "../../generated/types.js";

type Schemas = components["schemas"];

// Shared with the workflow builder: re-exported (same symbols) so both can be star-exported together.
export type {
  StartWorkflowRequest,
  Task,
  TaskDef,
  TaskMock,
  Workflow,
  WorkflowDef,
  WorkflowTask,
  WorkflowTestRequest,
} from "../workflow/types.js";
import type { Task, TaskDef } from "../workflow/types.js";

export type WorkflowDefSummary = Schemas["WorkflowDefSummary"];
export type TaskResult = Schemas["TaskResult"];
export type TaskExecLog = Schemas["TaskExecLog"];
export type TaskSummary = Schemas["TaskSummary"];
export type PollData = Schemas["PollData"];
export type WorkflowSummary = Schemas["WorkflowSummary"];
/** Status, output and variables of one execution (GET /api/workflow/{id}/status). */
export type WorkflowStatusSummary = Schemas["WorkflowStatus"];
export type RerunWorkflowRequest = Schemas["RerunWorkflowRequest"];
/** Result of a synchronous execution or signal: the workflow's state when the server answered. */
export type WorkflowRun = Schemas["WorkflowRun"];
/** Result of a synchronous signal with a task return strategy. */
export type TaskRun = Schemas["TaskRun"];
export type EventHandler = Schemas["EventHandler"];
export type EventHandlerAction = Schemas["Action"];
export type WorkflowSchedule = Schemas["WorkflowSchedule"];
export type WorkflowScheduleExecution = Schemas["WorkflowScheduleExecutionModel"];
export type HealthCheckStatus = Schemas["HealthCheckStatus"];
export type EnvironmentVariable = Schemas["EnvironmentVariable"];
/** Outcome of a bulk workflow operation: ids that succeeded and the error per id that failed. */
export type BulkResponse = Schemas["BulkResponseString"];
export type ExternalStorageLocation = Schemas["ExternalStorageLocation"];

export type WorkflowStatus = WorkflowRun["status"];
export type TaskStatus = NonNullable<Task["status"]>;
/** Statuses a worker or an external system may report for a task. */
export type TaskResultStatus = TaskResult["status"];
export type RetryLogic = NonNullable<TaskDef["retryLogic"]>;
export type TaskTimeoutPolicy = NonNullable<TaskDef["timeoutPolicy"]>;

/** One page of search results. */
export interface SearchResult<T> {
  totalHits: number;
  results: T[];
}

/** Parameters of the search endpoints. */
export interface SearchParams {
  /** Offset of the first result. Default 0. */
  start?: number;
  /** Page size. Default 100 (server default). */
  size?: number;
  /** Free text matched against inputs and outputs. Default `*`. */
  freeText?: string;
  /** Structured query, e.g. `workflowType = 'order' AND status IN (RUNNING,FAILED)`. */
  query?: string;
  /** Sort, e.g. `startTime:DESC`. */
  sort?: string;
}
