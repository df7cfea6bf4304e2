import type { TaskContext } from "./context.js";
import type { ResultLostEvent } from "./events.js";
import type { Task, TaskResult } from "./types.js";

/** One batch poll about to be sent. */
export interface PollCall {
  readonly taskType: string;
  /** Tasks asked for. */
  readonly count: number;
  /** Server-side long-poll wait, in ms. */
  readonly timeoutMs: number;
  /** Aborted when the handler stops polling; a poll that fails after it is not an error. */
  readonly signal: AbortSignal;
}

/** One execution of the worker function on a task. */
export interface ExecuteCall {
  readonly taskType: string;
  readonly task: Task;
  /** The context the function receives (also `getTaskContext()` inside it). */
  readonly context: TaskContext;
  /** After `next()` resolved: what the function threw, if it threw (the result then says FAILED). */
  error?: unknown;
  /**
   * After `next()` resolved: set when the server no longer wanted the task (see `cancelCheckIntervalMs`).
   * Such a result is not sent.
   */
  canceled?: Error;
  /**
   * The input of the task's workflow, fetched on first use (one request per workflow and process,
   * then cached): e.g. where openTelemetry() finds the trace context of the code that started it.
   */
  workflowInput(): Promise<Record<string, unknown> | undefined>;
}

/** One attempt to send a result (or a lease extension) to the server. */
export interface UpdateCall {
  readonly taskType: string;
  readonly result: TaskResult;
  /** "result" for the task's outcome, "lease" for an extendLease heartbeat. */
  readonly kind: "result" | "lease";
  /** 1 for the first attempt; retries count up. */
  readonly attempt: number;
  /** update-v2 answers with the next task of the same type. */
  readonly endpoint: "update-v2" | "update";
}

/** A failed update attempt that the runtime will retry. */
export interface UpdateFailure {
  readonly taskType: string;
  readonly result: TaskResult;
  readonly error: unknown;
  readonly attempt: number;
}

/**
 * Code around the worker's three steps. Each wrapper gets the call and `next`, which runs the
 * rest of the chain (and finally the step itself); it may look at or change the call's data before,
 * and the outcome after. Middleware listed first is outermost. `poll` and `update` reject when the
 * request failed; `execute` never rejects for the worker's own errors (they are in the result).
 */
export interface WorkerMiddleware {
  poll?(call: PollCall, next: () => Promise<Task[]>): Promise<Task[]>;
  execute?(call: ExecuteCall, next: () => Promise<TaskResult>): Promise<TaskResult>;
  update?(call: UpdateCall, next: () => Promise<Task | undefined>): Promise<Task | undefined>;
  /** Notified of a failed update attempt that will be retried. */
  updateFailed?(failure: UpdateFailure): void;
  /** Notified of a result given up on (also handed to `onResultLost`). */
  resultLost?(event: ResultLostEvent): void;
}

type Step<C, R> = (call: C, next: () => Promise<R>) => Promise<R>;

/** Nests the wrappers around `last` (the first outermost); one closure per layer per call. */
function nest<C, R>(steps: Step<C, R>[]): (call: C, last: (call: C) => Promise<R>) => Promise<R> {
  const at = (i: number, call: C, last: (call: C) => Promise<R>): Promise<R> =>
    i === steps.length ? last(call) : steps[i]!(call, () => at(i + 1, call, last));
  return (call, last) => at(0, call, last);
}

/** Binds the wrappers once; with none the step itself is returned, so an empty chain costs nothing. */
function chain<C, R>(steps: Step<C, R>[], core: (call: C) => Promise<R>): (call: C) => Promise<R> {
  if (steps.length === 0) return core;
  const run = nest(steps);
  return (call) => run(call, core);
}

/** The composed chains of a list of middleware, built once per runner. */
export class MiddlewareChain {
  private readonly failureListeners: ((failure: UpdateFailure) => void)[];
  private readonly lostListeners: ((event: ResultLostEvent) => void)[];

  constructor(
    private readonly middleware: readonly WorkerMiddleware[],
    private readonly onListenerError: (error: unknown) => void,
  ) {
    this.failureListeners = middleware.flatMap((m) => (m.updateFailed ? [m.updateFailed.bind(m)] : []));
    this.lostListeners = middleware.flatMap((m) => (m.resultLost ? [m.resultLost.bind(m)] : []));
  }

  poll(core: (call: PollCall) => Promise<Task[]>): (call: PollCall) => Promise<Task[]> {
    return chain(
      this.middleware.flatMap((m) => (m.poll ? [m.poll.bind(m)] : [])),
      core,
    );
  }

  execute(core: (call: ExecuteCall) => Promise<TaskResult>): (call: ExecuteCall) => Promise<TaskResult> {
    return chain(
      this.middleware.flatMap((m) => (m.execute ? [m.execute.bind(m)] : [])),
      core,
    );
  }

  update(core: (call: UpdateCall) => Promise<Task | undefined>): (call: UpdateCall) => Promise<Task | undefined> {
    return chain(
      this.middleware.flatMap((m) => (m.update ? [m.update.bind(m)] : [])),
      core,
    );
  }

  updateFailed(failure: UpdateFailure): void {
    for (const listener of this.failureListeners) this.notify(listener, failure);
  }

  resultLost(event: ResultLostEvent): void {
    for (const listener of this.lostListeners) this.notify(listener, event);
  }

  private notify<E>(listener: (event: E) => void, event: E): void {
    try {
      listener(event);
    } catch (error) {
      this.onListenerError(error);
    }
  }
}

/**
 * Several middleware as one (the first outermost), e.g. to ship tracing and metrics together.
 *
 * @example
 * ```ts
 * const observability = composeMiddleware(openTelemetry(api), {
 *   async execute(call, next) {
 *     const result = await next();
 *     if (call.error) console.warn(`${call.taskType} failed`, call.error);
 *     return result;
 *   },
 * });
 * new TaskHandler({ workers, configuration, middleware: [observability] });
 * ```
 */
export function composeMiddleware(...middleware: WorkerMiddleware[]): WorkerMiddleware {
  const steps = <K extends "poll" | "execute" | "update">(key: K) =>
    middleware.flatMap((m) => (m[key] ? [m[key].bind(m) as NonNullable<WorkerMiddleware[K]>] : []));
  const result: WorkerMiddleware = {};
  const poll = steps("poll");
  if (poll.length > 0) {
    const run = nest(poll);
    result.poll = (call, next) => run(call, next);
  }
  const execute = steps("execute");
  if (execute.length > 0) {
    const run = nest(execute);
    result.execute = (call, next) => run(call, next);
  }
  const update = steps("update");
  if (update.length > 0) {
    const run = nest(update);
    result.update = (call, next) => run(call, next);
  }
  const failed = middleware.filter((m) => m.updateFailed);
  if (failed.length > 0) result.updateFailed = (f) => failed.forEach((m) => m.updateFailed!(f));
  const lost = middleware.filter((m) => m.resultLost);
  if (lost.length > 0) result.resultLost = (e) => lost.forEach((m) => m.resultLost!(e));
  return result;
}
