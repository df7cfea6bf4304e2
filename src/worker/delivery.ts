import type { Logger } from "../config/logger.js";
import { backoffDelay, Sleeper } from "./backoff.js";
import type { ResultLostEvent, WorkerEvents } from "./events.js";
import type { TaskTypeMetrics } from "./metrics.js";
import type { TaskApi } from "./task-api.js";
import type { Task, TaskResult } from "./types.js";

export interface DeliveryOptions {
  api: TaskApi;
  logger: Logger;
  events: WorkerEvents;
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
  private readonly pending = new Map<TaskResult, TaskTypeMetrics>();
  // Results already handed to onResultLost: each is reported exactly once.
  private readonly abandoned = new WeakSet<TaskResult>();

  constructor(private readonly options: DeliveryOptions) {
    this.v2 = options.useUpdateV2;
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
  async deliver(result: TaskResult, metrics: TaskTypeMetrics, wantNext: boolean): Promise<Task | undefined> {
    this.pending.set(result, metrics);
    try {
      return await this.attempt(result, metrics, wantNext);
    } finally {
      this.pending.delete(result);
    }
  }

  /**
   * Called when shutdown cannot wait any longer: every result whose update is still in flight is
   * reported to onResultLost (the server may or may not have received it).
   */
  async abandonPending(): Promise<void> {
    const left = [...this.pending];
    this.pending.clear();
    for (const [result, metrics] of left) {
      await this.lose(result, metrics, "deadline", new Error("update still unanswered when the grace period ended"), 0);
    }
  }

  private async attempt(result: TaskResult, metrics: TaskTypeMetrics, wantNext: boolean): Promise<Task | undefined> {
    const { api, signal } = this.options;
    let attempts = 0;
    let v2Failed404 = false;
    for (;;) {
      attempts++;
      const viaV2 = this.v2 && wantNext && !v2Failed404;
      try {
        let next: Task | undefined;
        if (viaV2) next = (await api.updateTaskV2(result, signal)) ?? undefined;
        else await api.updateTask(result, signal);
        // update-v2 answered 404 but /api/tasks took the result: the server lacks update-v2.
        if (v2Failed404) {
          this.v2 = false;
          this.options.logger.info("conductor worker: server has no /api/tasks/update-v2; using /api/tasks");
        }
        metrics.updates++;
        return next && next.taskId ? next : undefined;
      } catch (error) {
        if (this.abandoned.has(result)) return undefined;
        // Shutdown's force step: the server may or may not have seen this update.
        if (signal.aborted) {
          await this.lose(result, metrics, "deadline", error, attempts);
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
          await this.lose(result, metrics, "rejected", error, attempts);
          return undefined;
        }
        metrics.updateRetries++;
        this.emitFailure(result, metrics, error, attempts);
        const now = Date.now();
        if (now >= this.deadline) {
          await this.lose(result, metrics, "deadline", error, attempts);
          return undefined;
        }
        const wait = Math.min(
          backoffDelay(attempts, this.options.retryBaseMs, this.options.retryMaxMs),
          this.deadline - now,
        );
        await this.sleeper.sleep(wait);
      }
    }
  }

  private emitFailure(result: TaskResult, metrics: TaskTypeMetrics, error: unknown, attempt: number): void {
    const message = error instanceof Error ? error.message : String(error);
    this.options.logger.warn(
      `conductor worker: result of task ${result.taskId} (${metrics.taskType}) not delivered (attempt ${attempt}): ${message}; retrying`,
    );
    const hook = this.options.events.onUpdateFailure;
    if (hook) {
      try {
        hook({ taskType: metrics.taskType, result, error, attempt });
      } catch (hookError) {
        this.options.logger.error("conductor worker: onUpdateFailure hook threw", hookError);
      }
    }
  }

  private async lose(
    result: TaskResult,
    metrics: TaskTypeMetrics,
    reason: ResultLostEvent["reason"],
    error: unknown,
    attempts: number,
  ): Promise<void> {
    if (this.abandoned.has(result)) return;
    this.abandoned.add(result);
    metrics.resultsLost++;
    const message = error instanceof Error ? error.message : String(error);
    let payload: string;
    try {
      payload = JSON.stringify(result);
    } catch {
      payload = String(result);
    }
    this.options.logger.error(
      `conductor worker: result of task ${result.taskId} (${metrics.taskType}) NOT DELIVERED after ${attempts} attempt(s) ` +
        `(${reason}: ${message}); full result: ${payload}`,
    );
    const hook = this.options.onResultLost;
    if (hook) {
      try {
        await hook({ taskType: metrics.taskType, result, reason, error, attempts });
      } catch (hookError) {
        this.options.logger.error("conductor worker: onResultLost hook threw", hookError);
      }
    }
  }
}
