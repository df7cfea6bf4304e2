import { InvalidArgumentError } from "../errors/conductor-error.js";
import { AsyncLocalStorage } from "node:async_hooks";
import type { TaskCanceledError } from "./errors.js";
import type { Task, TaskExecLog } from "./types.js";

/** What a running worker function can learn about, and do to, its task. */
export interface TaskContext {
  readonly taskId: string;
  readonly workflowId: string;
  readonly taskDefName: string;
  readonly referenceTaskName: string | undefined;
  readonly retryCount: number;
  readonly pollCount: number;
  readonly workerId: string;
  /** The raw task as polled. */
  readonly task: Task;
  /**
   * Aborted when the worker's execution timeout fires (reason: TaskTimeoutError) or when the server
   * no longer wants the task (reason: TaskCanceledError; see `cancelCheckIntervalMs`).
   */
  readonly signal: AbortSignal;
  /** Appends a line to the task's execution log (sent with the result). */
  addLog(message: string): void;
  /** Asks Conductor to hand the task out again after this many seconds (for IN_PROGRESS results). */
  setCallbackAfter(seconds: number): void;
}

const storage = new AsyncLocalStorage<TaskContext>();

/**
 * The context of the task being executed by the calling code, or undefined outside a worker.
 *
 * @example
 * ```ts
 * // Deep inside code a worker calls, without passing the context down:
 * function audit(message: string): void {
 *   getTaskContext()?.addLog(message); // a no-op outside a worker
 * }
 * ```
 */
export function getTaskContext(): TaskContext | undefined {
  return storage.getStore();
}

export function runWithContext<T>(context: TaskContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** Mutable state behind one task's context; the runtime reads it when building the result. */
export class TaskExecutionState implements TaskContext {
  readonly taskId: string;
  readonly workflowId: string;
  readonly taskDefName: string;
  readonly referenceTaskName: string | undefined;
  readonly retryCount: number;
  readonly pollCount: number;
  logs: TaskExecLog[] | undefined;
  callbackAfterSeconds: number | undefined;
  /** Set when the server no longer wants the task: its result is not sent. */
  canceled: TaskCanceledError | undefined;
  private controller: AbortController | undefined;

  constructor(
    readonly task: Task,
    readonly workerId: string,
  ) {
    this.taskId = task.taskId ?? "";
    this.workflowId = task.workflowInstanceId ?? "";
    this.taskDefName = task.taskDefName ?? task.taskType ?? "";
    this.referenceTaskName = task.referenceTaskName;
    this.retryCount = task.retryCount ?? 0;
    this.pollCount = task.pollCount ?? 0;
  }

  // Created lazily: most workers never look at the signal.
  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    this.controller ??= new AbortController();
    this.controller.abort(reason);
  }

  /** The server no longer wants the task: abort the signal with the reason and drop the result. */
  cancel(reason: TaskCanceledError): void {
    if (this.canceled) return;
    this.canceled = reason;
    this.abort(reason);
  }

  addLog(message: string): void {
    (this.logs ??= []).push({ log: String(message), createdTime: Date.now() });
  }

  setCallbackAfter(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new InvalidArgumentError(
        `setCallbackAfter: seconds must be a non-negative number, got ${String(seconds)}`,
        {
          argument: "seconds",
        },
      );
    }
    this.callbackAfterSeconds = Math.round(seconds);
  }
}
