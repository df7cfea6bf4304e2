import type { Task, TaskDef, TaskResult } from "./types.js";

/**
 * The few task-API calls the worker runtime makes. The runtime depends on this port, not on HTTP,
 * so the poll loop can be tested against a fake and the transport can change underneath.
 */
export interface TaskApi {
  /** Long-polls for up to `count` tasks, waiting at most `timeoutMs` on the server. */
  batchPoll(taskType: string, request: BatchPollRequest, signal?: AbortSignal): Promise<Task[]>;
  /**
   * Reports a result and receives the next task of the same type, if any (server 3.21.12+).
   * Must throw an error with `status` 404 or 405 when the server lacks the endpoint.
   */
  updateTaskV2(result: TaskResult): Promise<Task | undefined>;
  /** Reports a result through the classic endpoint. */
  updateTask(result: TaskResult): Promise<void>;
  addTaskLog(taskId: string, message: string): Promise<void>;
  registerTaskDefs(defs: TaskDef[]): Promise<void>;
  /** The registered definition, or undefined when none exists. */
  getTaskDef(name: string): Promise<TaskDef | undefined>;
}

export interface BatchPollRequest {
  workerId: string;
  domain?: string | undefined;
  count: number;
  timeoutMs: number;
}
