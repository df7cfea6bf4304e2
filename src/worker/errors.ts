import { ConductorError } from "../errors/conductor-error.js";

// Worker errors join the SDK's one family, so `instanceof ConductorError` catches them too.

/**
 * Throw from a worker to fail the task without retries (FAILED_WITH_TERMINAL_ERROR).
 *
 * @example
 * ```ts
 * const charge = workerTask("charge", async ({ cardId }: { cardId: string }) => {
 *   const card = await cards.find(cardId);
 *   if (card === undefined) throw new NonRetryableError(`card ${cardId} does not exist`); // no retry helps
 *   return { charged: true };
 * });
 * ```
 */
export class NonRetryableError extends ConductorError {
  static override readonly kind: string = "NonRetryableError";
  constructor(message: string, init: { cause?: unknown } = {}) {
    super(message, { ...init, code: "WORKER" });
  }
}

/**
 * A worker or handler option that cannot be used; names the option and the bad value.
 *
 * @example
 * ```ts
 * try {
 *   new TaskHandler({ workers: [workerTask("greet", greetFn, { concurrency: 0 })], configuration });
 * } catch (error) {
 *   if (error instanceof WorkerConfigError) console.error(`bad option ${error.option}: ${error.message}`);
 * }
 * ```
 */
export class WorkerConfigError extends ConductorError {
  static override readonly kind: string = "WorkerConfigError";
  /** The option that was wrong, e.g. `concurrency`. */
  readonly option: string;
  constructor(message: string, init: { option: string; cause?: unknown }) {
    super(message, { cause: init.cause, code: "WORKER" });
    this.option = init.option;
  }
}

/**
 * A TaskHandler asked to do what its state does not allow, e.g. `start()` a second time.
 *
 * @example
 * ```ts
 * try {
 *   await handler.start();
 * } catch (error) {
 *   if (error instanceof WorkerStateError) console.warn(`handler already ${error.state}`);
 *   else throw error;
 * }
 * ```
 */
export class WorkerStateError extends ConductorError {
  static override readonly kind: string = "WorkerStateError";
  /** The handler's state when it was asked: "running", "stopping" or "stopped". */
  readonly state: string;
  constructor(message: string, init: { state: string }) {
    super(message, { code: "WORKER" });
    this.state = init.state;
  }
}

/**
 * Raised inside a task whose execution exceeded the worker's `timeoutMs`.
 *
 * @example
 * ```ts
 * const crawl = workerTask(
 *   "crawl",
 *   async ({ url }: { url: string }, context) => {
 *     const page = await fetch(url, { signal: context.signal }); // aborted after timeoutMs
 *     return { status: page.status };
 *   },
 *   { timeoutMs: 10_000 },
 * );
 * // In the worker, `context.signal.reason instanceof TaskTimeoutError` tells a timeout from a cancel.
 * ```
 */
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
 *
 * @example
 * ```ts
 * const render = workerTask("render", async (input: { frames: number }, context) => {
 *   for (let i = 0; i < input.frames; i++) {
 *     if (context.signal.reason instanceof TaskCanceledError) return { stoppedAt: i }; // the workflow was terminated
 *     await renderFrame(i);
 *   }
 *   return { frames: input.frames };
 * });
 * ```
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
