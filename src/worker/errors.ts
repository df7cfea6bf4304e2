import { ConductorError } from "../errors/conductor-error.js";

// Worker errors join the SDK's one family, so `instanceof ConductorError` catches them too.

/** Throw from a worker to fail the task without retries (FAILED_WITH_TERMINAL_ERROR). */
export class NonRetryableError extends ConductorError {
  static override readonly kind: string = "NonRetryableError";
  constructor(message: string, init: { cause?: unknown } = {}) {
    super(message, { ...init, code: "WORKER" });
  }
}

/** A worker or handler option that cannot be used; names the option and the bad value. */
export class WorkerConfigError extends ConductorError {
  static override readonly kind: string = "WorkerConfigError";
  /** The option that was wrong, e.g. `concurrency`. */
  readonly option: string;
  constructor(message: string, init: { option: string; cause?: unknown }) {
    super(message, { cause: init.cause, code: "WORKER" });
    this.option = init.option;
  }
}

/** A TaskHandler asked to do what its state does not allow, e.g. `start()` a second time. */
export class WorkerStateError extends ConductorError {
  static override readonly kind: string = "WorkerStateError";
  /** The handler's state when it was asked: "running", "stopping" or "stopped". */
  readonly state: string;
  constructor(message: string, init: { state: string }) {
    super(message, { code: "WORKER" });
    this.state = init.state;
  }
}

/** Raised inside a task whose execution exceeded the worker's `timeoutMs`. */
export class TaskTimeoutError extends ConductorError {
  static override readonly kind: string = "TaskTimeoutError";
  readonly timeoutMs: number;
  // The message is composed from the fields, so the constructor takes only the init object.
  constructor(init: { timeoutMs: number }) {
    super(`task execution exceeded the worker's timeout of ${init.timeoutMs} ms`, { code: "WORKER" });
    this.timeoutMs = init.timeoutMs;
  }
}

/**
 * The abort reason of `context.signal` when the server no longer wants a running task: its workflow
 * was terminated, or the task timed out, was canceled or was completed by someone else. The runtime
 * sends no result for it (the server would ignore it).
 */
export class TaskCanceledError extends ConductorError {
  static override readonly kind: string = "TaskCanceledError";
  readonly taskId: string;
  /** The task's status on the server (e.g. CANCELED, TIMED_OUT), or "NOT_FOUND" when it no longer exists. */
  readonly serverStatus: string;
  constructor(init: { taskId: string; serverStatus: string; reason?: string | undefined }) {
    const { taskId, serverStatus, reason } = init;
    super(
      `task ${taskId} is ${serverStatus} on the server${reason ? ` (${reason})` : ""}; its result will not be sent`,
      { code: "WORKER" },
    );
    this.taskId = taskId;
    this.serverStatus = serverStatus;
  }
}
