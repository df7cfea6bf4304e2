import type { WorkerMiddleware } from "./middleware.js";
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
  /** The server no longer wanted the task (workflow terminated, task timed out or canceled): its result was not sent. */
  onTaskCancel?(event: { taskType: string; task: Task; reason: Error; durationMs: number }): void;
}

/**
 * The event hooks as middleware on the poll, execute and update seam. Only the hooks that are set
 * become layers, so hooks nobody set cost nothing. A hook that throws is reported to `onHookError`.
 */
export function eventsMiddleware(events: WorkerEvents, onHookError: (error: unknown) => void): WorkerMiddleware {
  const safely = (fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      onHookError(error);
    }
  };
  const { onPoll, onPollError, onTaskStart, onTaskComplete, onTaskFail, onTaskCancel, onUpdateFailure } = events;
  const middleware: WorkerMiddleware = {};
  if (onPoll || onPollError) {
    middleware.poll = async (call, next) => {
      const started = performance.now();
      let tasks: Task[];
      try {
        tasks = await next();
      } catch (error) {
        if (onPollError && !call.signal.aborted) {
          const durationMs = performance.now() - started;
          safely(() => onPollError.call(events, { taskType: call.taskType, error, durationMs }));
        }
        throw error;
      }
      if (onPoll) {
        const durationMs = performance.now() - started;
        const received = Array.isArray(tasks) ? tasks.length : 0;
        safely(() => onPoll.call(events, { taskType: call.taskType, requested: call.count, received, durationMs }));
      }
      return tasks;
    };
  }
  if (onTaskStart || onTaskComplete || onTaskFail || onTaskCancel) {
    middleware.execute = async (call, next) => {
      const { taskType, task } = call;
      if (onTaskStart) safely(() => onTaskStart.call(events, { taskType, task }));
      const started = performance.now();
      const result = await next();
      const durationMs = performance.now() - started;
      const reason = call.canceled;
      if (reason) {
        if (onTaskCancel) safely(() => onTaskCancel.call(events, { taskType, task, reason, durationMs }));
      } else if (result.status === "COMPLETED" || result.status === "IN_PROGRESS") {
        if (onTaskComplete) safely(() => onTaskComplete.call(events, { taskType, task, result, durationMs }));
      } else if (onTaskFail) {
        safely(() => onTaskFail.call(events, { taskType, task, result, durationMs, error: call.error }));
      }
      return result;
    };
  }
  if (onUpdateFailure) {
    middleware.updateFailed = (failure) => safely(() => onUpdateFailure.call(events, { ...failure }));
  }
  return middleware;
}
