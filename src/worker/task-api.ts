import type { Task, TaskDef, TaskResult } from "./types.js";

/**
 * The few task-API calls the worker runtime makes. The runtime depends on this port, not on HTTP,
 * so the poll loop can be tested against a fake and the transport can change underneath. Every
 * call takes an AbortSignal: stop() must be able to end any request at once.
 */
export interface TaskApi {
  /** Long-polls for up to `count` tasks, waiting at most `timeoutMs` on the server. */
  batchPoll(taskType: string, request: BatchPollRequest, signal?: AbortSignal): Promise<Task[]>;
  /**
   * Reports a result and receives the next task of the same type, if any (server 3.21.12+).
   * Must throw an error with `status` 404 or 405 when the server lacks the endpoint.
   */
  updateTaskV2(result: TaskResult, signal?: AbortSignal): Promise<Task | undefined>;
  /** Reports a result through the classic endpoint. */
  updateTask(result: TaskResult, signal?: AbortSignal): Promise<unknown>;
  addTaskLog(taskId: string, message: string, signal?: AbortSignal): Promise<void>;
  registerTaskDefs(defs: TaskDef[], signal?: AbortSignal): Promise<void>;
  /** The registered definition, or undefined when none exists. */
  getTaskDef(name: string, signal?: AbortSignal): Promise<TaskDef | undefined>;
  /**
   * The task as the server has it now, or undefined when it does not exist: the cancellation check
   * of long executions. Without it, cancellation is not detected.
   */
  getTask?(taskId: string, signal?: AbortSignal): Promise<Task | undefined>;
  /** The input of a workflow (without its tasks): where openTelemetry() finds the trace context. */
  getWorkflowInput?(workflowId: string, signal?: AbortSignal): Promise<Record<string, unknown> | undefined>;
}

export interface BatchPollRequest {
  workerId: string;
  domain?: string | undefined;
  count: number;
  /** Server-side long-poll wait. */
  timeoutMs: number;
  /**
   * How long the client waits for the answer in all (the wait plus a margin); a poll unanswered by
   * then is treated as a dead connection. Default: `timeoutMs` + 5000.
   */
  clientTimeoutMs?: number;
}
