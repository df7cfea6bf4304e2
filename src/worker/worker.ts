import type { StandardSchemaV1 } from "@standard-schema/spec";
import { SimpleTask } from "../workflow/tasks/simple-task.js";
import type { TaskOptions } from "../workflow/task.js";
import type { JsonMap } from "../workflow/types.js";
import type { TaskContext } from "./context.js";
import { WorkerConfigError } from "./errors.js";
import type { TaskDef } from "./types.js";

/** Settings of one worker. Each can also come from the environment (see docs/workers.md). */
export interface WorkerSettings {
  /** Tasks executed at the same time by this worker (default 1). */
  concurrency: number;
  /** Pause after an empty poll (counted from the poll's start), doubled on each further empty poll up to `maxPollBackoffMs` (default 100). */
  pollIntervalMs: number;
  /** Server-side long-poll wait of a batch poll, in ms (default 100, at most 5000). The server holds a poll until it can fill the whole request or this runs out. */
  pollTimeoutMs: number;
  /**
   * Long-poll wait of a poll for a single task, in ms (default and maximum 5000, the server's limit).
   * The server answers such a poll as soon as one task is queued, so waiting longer costs no latency
   * and keeps idle workers quiet: one request per task type every 5 s.
   */
  idlePollTimeoutMs: number;
  /**
   * Long polls kept waiting at the server for this task type while it has had work in the last 30 s
   * (default 2, at most 4; 1 = one poll at a time). Conductor looks for a queued task every 100 ms
   * per waiting poll, so a second poll on its own rhythm shortens the pickup wait (bench, 50 task
   * types: p50 42 -> 30 ms). A type without recent work keeps one poll: idle cost is unchanged.
   * Needs a concurrency of at least 2: each waiting poll holds one free slot.
   */
  pickupPolls: number;
  /**
   * How much longer than the server-side wait the client waits for a poll's answer, in ms (default
   * 5000, at most 30000). A poll unanswered by then is abandoned as a dead connection.
   */
  pollTimeoutMarginMs: number;
  /** Cap of the pause after consecutive empty polls (default 1000). */
  maxPollBackoffMs: number;
  /** Cap of the pause after consecutive poll errors (default 10000). */
  maxErrorBackoffMs: number;
  /** Task domain to poll (default none). */
  domain: string | undefined;
  /** Worker id reported to the server (default the host name). */
  workerId: string;
  /** A paused worker does not poll. */
  paused: boolean;
  /** Register (create if missing) this worker's TaskDef when the handler starts (default false). */
  registerTaskDef: boolean;
  /** Longest one execution may take before the task fails and frees its slot, in ms (default none). */
  timeoutMs: number | undefined;
  /** Keep long tasks alive by reporting IN_PROGRESS with extendLease before responseTimeoutSeconds runs out (default false). */
  leaseExtension: boolean;
  /**
   * Cooperative cancellation: an execution that has run this long is checked this often with
   * `GET /api/tasks/{id}`; when the server no longer wants the task (workflow terminated, task timed
   * out or canceled) `context.signal` aborts with a TaskCanceledError and no result is sent.
   * 0 turns the checks off (default 5000).
   */
  cancelCheckIntervalMs: number;
}

/** Run a worker's function in a pool of worker threads: for CPU-bound work. */
export interface ThreadPoolOptions {
  /** Threads in the pool (default: the worker's concurrency). */
  size?: number;
  /**
   * Module the threads import to find this worker (usually `import.meta.url` of the module that
   * defines it). It must define workers only: no side effects such as starting a TaskHandler.
   */
  module: string | URL;
  /** Named export holding the worker (default: any export whose taskDefName matches). */
  exportName?: string;
}

export interface WorkerOptions<
  S extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined,
> extends Partial<WorkerSettings> {
  /** Validates (and may transform) the task input before `fn` runs; failures are terminal. */
  inputSchema?: S;
  /** TaskDef fields used when `registerTaskDef` is on (name is filled in). */
  taskDef?: Partial<TaskDef>;
  /** Execute in worker threads (see ThreadPoolOptions). */
  threads?: ThreadPoolOptions;
}

export type WorkerFunction<I, R> = (input: I, context: TaskContext) => R | Promise<R>;

/** Input accepted by `worker.task(ref, input)`: the function's input keys, any value or expression. */
export type TaskInput<I> = I extends object ? { [K in keyof I]: unknown } : Record<string, unknown>;

type TaskArgs<I> =
  Record<never, never> extends TaskInput<I>
    ? [input?: TaskInput<I>, options?: TaskOptions]
    : [input: TaskInput<I>, options?: TaskOptions];

/**
 * A task implementation: what TaskHandler polls for and runs. Made by {@link workerTask}.
 *
 * @example
 * ```ts
 * const greet: Worker<{ name: string }> = workerTask("greet", ({ name }: { name: string }) => `Hello ${name}`);
 * const handler = new TaskHandler({ workers: [greet], configuration });
 * ```
 */
export class Worker<I = Record<string, unknown>, R = unknown> {
  constructor(
    readonly taskDefName: string,
    // The function sees the validated input; typed loosely here so one Worker type fits all.
    readonly fn: WorkerFunction<never, R>,
    readonly options: WorkerOptions = {},
  ) {
    if (typeof taskDefName !== "string" || taskDefName.trim() === "") {
      throw new WorkerConfigError("workerTask: taskDefName must be a non-empty string", { option: "taskDefName" });
    }
    if (typeof fn !== "function") {
      throw new WorkerConfigError(`workerTask(${taskDefName}): fn must be a function, got ${typeof fn}`, {
        option: "fn",
      });
    }
    if (options.inputSchema !== undefined && typeof options.inputSchema?.["~standard"]?.validate !== "function") {
      throw new WorkerConfigError(
        `workerTask(${taskDefName}): inputSchema must be a Standard Schema (zod, valibot, arktype, ...)`,
        { option: "inputSchema" },
      );
    }
  }

  /**
   * A SIMPLE task running this worker, for the workflow builder.
   *
   * @example
   * ```ts
   * workflow.add(greet.task("greet_ref", { name: workflowInput("name") }));
   * ```
   */
  task(taskReferenceName: string, ...[input, options]: TaskArgs<I>): SimpleTask {
    return new SimpleTask(this.taskDefName, taskReferenceName, (input ?? {}) as JsonMap, options ?? {});
  }

  // Marker used by the thread pool to recognise workers among a module's exports.
  get [Symbol.toStringTag](): string {
    return "ConductorWorker";
  }
}

/**
 * Defines a worker for `taskDefName`. `fn(input, context)` may be sync or async; its return value
 * becomes the task output (objects as-is, anything else as `{ result }`).
 *
 * @example
 * ```ts
 * const greet = workerTask("greet", ({ name }: { name: string }) => ({ greeting: `Hello ${name}` }), {
 *   concurrency: 5,
 * });
 * ```
 */
export function workerTask<S extends StandardSchemaV1, R>(
  taskDefName: string,
  fn: WorkerFunction<StandardSchemaV1.InferOutput<S>, R>,
  options: WorkerOptions<S> & { inputSchema: S },
): Worker<StandardSchemaV1.InferInput<S>, R>;
export function workerTask<I = Record<string, unknown>, R = unknown>(
  taskDefName: string,
  fn: WorkerFunction<I, R>,
  options?: WorkerOptions<undefined>,
): Worker<I, R>;
export function workerTask(taskDefName: string, fn: WorkerFunction<never, unknown>, options?: WorkerOptions): Worker {
  return new Worker(taskDefName, fn, options ?? {});
}
