import { ConductorAbortedError } from "../errors/conductor-error.js";
import { backoffDelay, Sleeper } from "./backoff.js";
import type { ResultLostEvent } from "./events.js";
import { messageOf, type WorkerLog } from "./log.js";
import type { MiddlewareChain, UpdateCall } from "./middleware.js";
import type { TaskApi } from "./task-api.js";
import type { Task, TaskResult } from "./types.js";

export interface DeliveryOptions {
  api: TaskApi;
  log: WorkerLog;
  /** The middleware every update attempt goes through (metrics, events, the user's). */
  middleware: MiddlewareChain;
  onResultLost: ((event: ResultLostEvent) => void | Promise<void>) | undefined;
  /** First retry delay (default 200 ms) and cap (default 10 s). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Try update-v2 first (default true). */
  useUpdateV2: boolean;
  /** Aborted when shutdown stops waiting (the force step): updates in flight end at once. */
  signal: AbortSignal;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

// Statuses that say "this request will never succeed"; everything else (5xx, 408, 429,
// network errors, timeouts) is worth retrying.
function isPermanent(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Delivers results. Retries with capped, jittered back-off until the update lands; only when
 * stop()'s deadline passes (or the server refuses the result outright) is the result handed to
 * `onResultLost` and logged with its full payload.
 */
export class ResultDelivery {
  /** Whether update-v2 is usable; switched off once the server shows it lacks the endpoint. */
  private v2: boolean;
  private deadline = Number.POSITIVE_INFINITY;
  private readonly sleeper = new Sleeper();
  // Results whose delivery has not finished yet, so a shutdown can account for every one of them.
  private readonly pending = new Map<TaskResult, string>();
  // Results already handed to onResultLost: each is reported exactly once.
  private readonly abandoned = new WeakSet<TaskResult>();
  private readonly send: (call: UpdateCall) => Promise<Task | undefined>;

  constructor(private readonly options: DeliveryOptions) {
    this.v2 = options.useUpdateV2;
    const { api, signal } = options;
    // Plain functions, not async ones: this runs once per task, and each async layer costs a promise.
    const classic = (): undefined => undefined;
    this.send = options.middleware.update((call) =>
      call.endpoint === "update-v2"
        ? api.updateTaskV2(call.result, signal)
        : api.updateTask(call.result, signal).then(classic),
    );
  }

  /** Sends one lease extension (IN_PROGRESS with extendLease) through the update middleware. */
  extendLease(taskType: string, heartbeat: TaskResult): Promise<unknown> {
    return this.send({ taskType, result: heartbeat, kind: "lease", attempt: 1, endpoint: "update" });
  }

  get usingUpdateV2(): boolean {
    return this.v2;
  }

  /** From now on, give up on results still failing at `deadline` (epoch ms). */
  setDeadline(deadline: number): void {
    this.deadline = deadline;
  }

  /** Wakes every retry wait so deliveries re-check the deadline. */
  wake(): void {
    this.sleeper.cancelAll();
  }

  /**
   * Sends one result. Returns the next task handed back by update-v2 (only when `wantNext`),
   * else undefined. Never throws.
   */
  deliver(result: TaskResult, taskType: string, wantNext: boolean): Promise<Task | undefined> {
    this.pending.set(result, taskType);
    return this.attempt(result, taskType, wantNext);
  }

  /**
   * Called when shutdown cannot wait any longer: every result whose update is still in flight is
   * reported to onResultLost (the server may or may not have received it).
   */
  async abandonPending(): Promise<void> {
    const left = [...this.pending];
    this.pending.clear();
    for (const [result, taskType] of left) {
      await this.lose(
        result,
        taskType,
        "deadline",
        new ConductorAbortedError("update still unanswered when the grace period ended"),
        0,
      );
    }
  }

  private async attempt(result: TaskResult, taskType: string, wantNext: boolean): Promise<Task | undefined> {
    const { signal } = this.options;
    let attempts = 0;
    let v2Failed404 = false;
    try {
      for (;;) {
        attempts++;
        const viaV2 = this.v2 && wantNext && !v2Failed404;
        try {
          const endpoint = viaV2 ? "update-v2" : "update";
          const next = await this.send({ taskType, result, kind: "result", attempt: attempts, endpoint });
          // update-v2 answered 404 but /api/tasks took the result: the server lacks update-v2.
          if (v2Failed404) {
            this.v2 = false;
            this.options.log.info("conductor worker: server has no /api/tasks/update-v2; using /api/tasks", {
              taskType,
            });
          }
          return next && next.taskId ? next : undefined;
        } catch (error) {
          if (this.abandoned.has(result)) return undefined;
          // Shutdown's force step: the server may or may not have seen this update.
          if (signal.aborted) {
            await this.lose(result, taskType, "deadline", error, attempts);
            return undefined;
          }
          const status = statusOf(error);
          if (viaV2 && status === 405) {
            this.v2 = false;
            attempts--;
            continue;
          }
          if (viaV2 && status === 404) {
            // Ambiguous: endpoint missing, or task unknown. /api/tasks tells which.
            v2Failed404 = true;
            attempts--;
            continue;
          }
          if (isPermanent(status)) {
            await this.lose(result, taskType, "rejected", error, attempts);
            return undefined;
          }
          this.emitFailure(result, taskType, error, attempts);
          const now = Date.now();
          if (now >= this.deadline) {
            await this.lose(result, taskType, "deadline", error, attempts);
            return undefined;
          }
          const wait = Math.min(
            backoffDelay(attempts, this.options.retryBaseMs, this.options.retryMaxMs),
            this.deadline - now,
          );
          await this.sleeper.sleep(wait);
        }
      }
    } finally {
      // Settled one way or the other: no longer for abandonPending() to report.
      this.pending.delete(result);
    }
  }

  private emitFailure(result: TaskResult, taskType: string, error: unknown, attempt: number): void {
    this.options.log.warn(
      `conductor worker: result of task ${result.taskId} (${taskType}) not delivered (attempt ${attempt}): ${messageOf(error)}; retrying`,
      { taskType, taskId: result.taskId, workflowId: result.workflowInstanceId, attempt, err: error },
    );
    this.options.middleware.updateFailed({ taskType, result, error, attempt });
  }

  private async lose(
    result: TaskResult,
    taskType: string,
    reason: ResultLostEvent["reason"],
    error: unknown,
    attempts: number,
  ): Promise<void> {
    if (this.abandoned.has(result)) return;
    this.abandoned.add(result);
    let payload: string;
    try {
      payload = JSON.stringify(result);
    } catch {
      payload = String(result);
    }
    this.options.log.error(
      `conductor worker: result of task ${result.taskId} (${taskType}) NOT DELIVERED after ${attempts} attempt(s) ` +
        `(${reason}: ${messageOf(error)}); full result: ${payload}`,
      { taskType, taskId: result.taskId, workflowId: result.workflowInstanceId, attempt: attempts, reason, err: error },
    );
    const event: ResultLostEvent = { taskType, result, reason, error, attempts };
    this.options.middleware.resultLost(event);
    const hook = this.options.onResultLost;
    if (hook) {
      try {
        await hook(event);
      } catch (hookError) {
        this.options.log.error("conductor worker: onResultLost hook threw", { taskType, err: hookError });
      }
    }
  }
}
