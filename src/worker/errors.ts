/** Throw from a worker to fail the task without retries (FAILED_WITH_TERMINAL_ERROR). */
export class NonRetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NonRetryableError";
  }
}

/** A worker or handler option that cannot be used; names the option and the bad value. */
export class WorkerConfigError extends Error {
  constructor(
    message: string,
    readonly option: string,
  ) {
    super(message);
    this.name = "WorkerConfigError";
  }
}

/** Raised inside a task whose execution exceeded the worker's `timeoutMs`. */
export class TaskTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`task execution exceeded the worker's timeout of ${timeoutMs} ms`);
    this.name = "TaskTimeoutError";
  }
}

/**
 * The abort reason of `context.signal` when the server no longer wants a running task: its workflow
 * was terminated, or the task timed out, was canceled or was completed by someone else. The runtime
 * sends no result for it (the server would ignore it).
 */
export class TaskCanceledError extends Error {
  constructor(
    readonly taskId: string,
    /** The task's status on the server (e.g. CANCELED, TIMED_OUT), or "NOT_FOUND" when it no longer exists. */
    readonly serverStatus: string,
    reason?: string,
  ) {
    super(
      `task ${taskId} is ${serverStatus} on the server${reason ? ` (${reason})` : ""}; its result will not be sent`,
    );
    this.name = "TaskCanceledError";
  }
}
