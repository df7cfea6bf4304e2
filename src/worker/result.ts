import { InvalidArgumentError } from "../errors/conductor-error.js";
import { NonRetryableError } from "./errors.js";
import type { TaskExecLog, TaskResult, TaskStatus } from "./types.js";

const IN_PROGRESS = Symbol.for("conductor.worker.inProgress");

/** Returned by a worker to keep the task IN_PROGRESS; the server hands it out again later. */
export interface InProgress {
  readonly [IN_PROGRESS]: true;
  readonly callbackAfterSeconds: number;
  readonly output: Record<string, unknown> | undefined;
}

/**
 * Keeps the task running: Conductor re-queues it after `callbackAfterSeconds` and the worker sees
 * it again (with a higher poll count). `output` is saved on the task meanwhile.
 *
 * @example
 * ```ts
 * const waitForExport = workerTask("export_report", async ({ jobId }: { jobId: string }) => {
 *   const job = await reports.status(jobId);
 *   if (job.state !== "done") return inProgress({ callbackAfterSeconds: 30, output: { progress: job.progress } });
 *   return { url: job.url };
 * });
 * ```
 */
export function inProgress(options: { callbackAfterSeconds: number; output?: Record<string, unknown> }): InProgress {
  const seconds = options.callbackAfterSeconds;
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new InvalidArgumentError(
      `inProgress: callbackAfterSeconds must be a non-negative number, got ${String(seconds)}`,
      { argument: "callbackAfterSeconds" },
    );
  }
  return { [IN_PROGRESS]: true, callbackAfterSeconds: Math.round(seconds), output: options.output };
}

/**
 * Whether a worker's return value is an `inProgress(...)` marker.
 *
 * @example
 * ```ts
 * // In a unit test of the function behind a worker:
 * const value = await checkExport({ jobId: "j-1" }, context);
 * expect(isInProgress(value) && value.callbackAfterSeconds).toBe(30);
 * ```
 */
export function isInProgress(value: unknown): value is InProgress {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[IN_PROGRESS] === true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** What a finished execution turned into, before it becomes a wire TaskResult. */
export interface Outcome {
  status: TaskStatus;
  outputData: Record<string, unknown>;
  reasonForIncompletion?: string;
  callbackAfterSeconds?: number;
}

/** Maps a worker's return value: object -> output, anything else -> { result }, inProgress kept. */
export function outcomeFromValue(value: unknown): Outcome {
  if (isInProgress(value)) {
    return { status: "IN_PROGRESS", outputData: value.output ?? {}, callbackAfterSeconds: value.callbackAfterSeconds };
  }
  if (value === undefined || value === null) return { status: "COMPLETED", outputData: {} };
  if (isPlainObject(value)) return { status: "COMPLETED", outputData: value };
  // Class instances (Date, Map, custom) would serialize inconsistently as the whole output: wrap them.
  return { status: "COMPLETED", outputData: { result: value } };
}

/** Maps a throw: NonRetryableError -> terminal failure, anything else -> retryable FAILED. */
export function outcomeFromError(error: unknown, logs: TaskExecLog[]): Outcome {
  const err = error instanceof Error ? error : undefined;
  const message = err ? err.message || err.name : String(error);
  if (err?.stack) logs.push({ log: err.stack, createdTime: Date.now() });
  const terminal = err instanceof NonRetryableError || err?.name === "NonRetryableError";
  return { status: terminal ? "FAILED_WITH_TERMINAL_ERROR" : "FAILED", outputData: {}, reasonForIncompletion: message };
}

export function toTaskResult(
  task: { taskId?: string; workflowInstanceId?: string },
  workerId: string,
  outcome: Outcome,
  logs: TaskExecLog[] | undefined,
): TaskResult {
  const result: TaskResult = {
    taskId: task.taskId ?? "",
    workflowInstanceId: task.workflowInstanceId ?? "",
    workerId,
    status: outcome.status,
    outputData: outcome.outputData,
  };
  if (outcome.reasonForIncompletion !== undefined) result.reasonForIncompletion = outcome.reasonForIncompletion;
  if (outcome.callbackAfterSeconds !== undefined) result.callbackAfterSeconds = outcome.callbackAfterSeconds;
  if (logs && logs.length > 0) {
    for (const entry of logs) entry.taskId = result.taskId;
    result.logs = logs;
  }
  return result;
}
