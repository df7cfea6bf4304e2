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
