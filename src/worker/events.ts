import type { Task, TaskResult } from "./types.js";

/** Why a result could not be delivered. */
export type ResultLostReason =
  /** stop()'s grace period ran out while the update was still failing. */
  | "deadline"
  /** The server refused the update with a non-retryable status (e.g. 400, 404, 413). */
  | "rejected";

export interface ResultLostEvent {
  taskType: string;
  /** The full result, exactly as it would have been sent. */
  result: TaskResult;
  reason: ResultLostReason;
  /** The last delivery error. */
  error: unknown;
  attempts: number;
}

/** Observability hooks. Each is optional; exceptions thrown by a hook are logged and ignored. */
export interface WorkerEvents {
  onPoll?(event: { taskType: string; requested: number; received: number; durationMs: number }): void;
  onPollError?(event: { taskType: string; error: unknown; durationMs: number }): void;
  onTaskStart?(event: { taskType: string; task: Task }): void;
  onTaskComplete?(event: { taskType: string; task: Task; result: TaskResult; durationMs: number }): void;
  onTaskFail?(event: { taskType: string; task: Task; result: TaskResult; durationMs: number; error: unknown }): void;
  onUpdateFailure?(event: { taskType: string; result: TaskResult; error: unknown; attempt: number }): void;
}
