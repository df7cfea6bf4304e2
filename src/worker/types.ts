import type { components } from "../../generated/types.js";

// Wire shapes come from the server's schema; the worker code reads and writes them loosely typed
// maps because the generated map value type (Record<string, never>) cannot hold real JSON.
type Schemas = components["schemas"];

export type TaskStatus = NonNullable<Schemas["TaskResult"]["status"]>;

/** A task as handed out by the poll endpoints. */
export type Task = Omit<Schemas["Task"], "inputData" | "outputData"> & {
  inputData?: Record<string, unknown>;
  outputData?: Record<string, unknown>;
};

export interface TaskExecLog {
  log: string;
  taskId?: string;
  createdTime?: number;
}

/** What a worker reports back for one task. */
export interface TaskResult {
  taskId: string;
  workflowInstanceId: string;
  workerId?: string;
  status: TaskStatus;
  outputData?: Record<string, unknown>;
  reasonForIncompletion?: string;
  callbackAfterSeconds?: number;
  logs?: TaskExecLog[];
  extendLease?: boolean;
}

export type TaskDef = Schemas["TaskDef"];
