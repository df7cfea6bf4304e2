import type { Logger } from "../config/logger.js";
import { backoffDelay, Sleeper } from "./backoff.js";
import { runWithContext, TaskExecutionState } from "./context.js";
import type { ResultDelivery } from "./delivery.js";
import { TaskTimeoutError } from "./errors.js";
import type { WorkerEvents } from "./events.js";
import type { TaskTypeMetrics } from "./metrics.js";
import type { ThreadPool } from "./pool.js";
import { type Outcome, outcomeFromError, outcomeFromValue, toTaskResult } from "./result.js";
import { InputValidationError, validateInput } from "./schema.js";
import type { TaskApi } from "./task-api.js";
import type { Task, TaskResult } from "./types.js";
import type { Worker, WorkerSettings } from "./worker.js";

export interface RunnerDeps {
  api: TaskApi;
  delivery: ResultDelivery;
  logger: Logger;
  events: WorkerEvents;
  metrics: TaskTypeMetrics;
  pool: ThreadPool | undefined;
  /** Aborted when shutdown stops waiting (the force step): ends lease-extension requests. */
  shutdownSignal: AbortSignal;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/**
 * Runs one worker: a single poll loop that asks only for free slots, and one async chain per
 * held task (execute -> deliver -> execute the task update-v2 handed back -> ...).
 */
export class WorkerRunner {
  readonly taskType: string;
  private inFlight = 0;
  private stopping = false;
  private loopDone: Promise<void> | undefined;
  private slotWaiter: (() => void) | undefined;
  private readonly sleeper = new Sleeper();
  // Aborted by stopPolling(): a long poll in flight ends at once instead of running out its wait.
  private readonly pollAbort = new AbortController();
  private readonly chains = new Set<Promise<void>>();
  private readonly executing = new Map<string, Task>();
  private emptyStreak = 0;
  private errorStreak = 0;
  /**
   * How many tasks the next poll asks for (never more than the free slots). Conductor holds a batch
   * poll until it can fill the whole request or the long-poll timeout runs out, so asking for more
   * tasks than are queued delays the ones that are: start at one, double while polls come back
   * full (a backlog), fall back to what actually arrived.
   */
  private batch = 1;

  constructor(
    readonly worker: Worker,
    readonly settings: WorkerSettings,
    private readonly deps: RunnerDeps,
  ) {
    this.taskType = worker.taskDefName;
  }

  get paused(): boolean {
    return this.settings.paused;
  }

  /** Pauses or resumes polling; held tasks keep running. */
  setPaused(paused: boolean): void {
    this.settings.paused = paused;
    if (!paused) this.sleeper.cancelAll();
  }

  get inFlightCount(): number {
    return this.inFlight;
  }

  start(): void {
    this.loopDone ??= this.pollLoop();
  }

  /**
   * Stops polling at once: a poll in flight is aborted (a task the server handed out in that instant
   * is redelivered once its responseTimeoutSeconds runs out). Resolves when the poll loop has ended.
   */
  async stopPolling(): Promise<void> {
    this.stopping = true;
    this.pollAbort.abort(new Error("worker stopping"));
    this.sleeper.cancelAll();
    this.slotWaiter?.();
    await this.loopDone;
  }

  /** Resolves when every held task's result was delivered (or handed to onResultLost). */
  async drained(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains]);
  }

  /** Tasks still executing (used to report what a timed-out shutdown abandoned). */
  executingTasks(): Task[] {
    return [...this.executing.values()];
  }

  private async pollLoop(): Promise<void> {
    const { api, metrics, events, logger } = this.deps;
    const s = this.settings;
    while (!this.stopping) {
      if (s.paused) {
        await this.sleeper.sleep(Math.max(s.pollIntervalMs, 100));
        continue;
      }
      const free = s.concurrency - this.inFlight;
      if (free <= 0) {
        await new Promise<void>((resolve) => (this.slotWaiter = resolve));
        this.slotWaiter = undefined;
        continue;
      }
      const count = Math.min(free, this.batch);
      // A poll for one task returns as soon as one is queued, so it can wait longer at no cost to
      // pickup latency: that keeps an idle worker to about one request per idlePollTimeoutMs.
      const timeoutMs = count === 1 ? Math.max(s.pollTimeoutMs, s.idlePollTimeoutMs) : s.pollTimeoutMs;
      const started = performance.now();
      let tasks: Task[];
      metrics.polls++;
      try {
        tasks = await api.batchPoll(
          this.taskType,
          {
            workerId: s.workerId,
            domain: s.domain,
            count,
            timeoutMs,
            clientTimeoutMs: timeoutMs + s.pollTimeoutMarginMs,
          },
          this.pollAbort.signal,
        );
      } catch (error) {
        // Aborted by stopPolling(): not an error worth reporting.
        if (this.stopping) break;
        const durationMs = performance.now() - started;
        metrics.pollErrors++;
        this.errorStreak++;
        metrics.pollLatency.observe(durationMs / 1000);
        if (this.errorStreak === 1 || this.errorStreak % 20 === 0) {
          logger.warn(
            `conductor worker: poll for ${this.taskType} failed (${this.errorStreak} in a row): ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        if (events.onPollError) this.safely(() => events.onPollError!({ taskType: this.taskType, error, durationMs }));
        await this.sleeper.sleep(backoffDelay(this.errorStreak, Math.max(s.pollIntervalMs, 100), s.maxErrorBackoffMs));
        continue;
      }
      const durationMs = performance.now() - started;
      metrics.pollLatency.observe(durationMs / 1000);
      this.errorStreak = 0;
      if (events.onPoll) {
        this.safely(() =>
          events.onPoll!({ taskType: this.taskType, requested: count, received: tasks.length, durationMs }),
        );
      }
      if (!Array.isArray(tasks) || tasks.length === 0) {
        metrics.emptyPolls++;
        this.emptyStreak++;
        this.batch = 1;
        const base = s.pollIntervalMs;
        // The pause counts from the start of the poll: a long poll that already waited needs no more.
        const pause =
          base > 0 ? backoffDelay(this.emptyStreak, base * 2, Math.max(base, s.maxPollBackoffMs)) - durationMs : 0;
        if (pause > 0) await this.sleeper.sleep(pause);
        continue;
      }
      this.emptyStreak = 0;
      this.batch = tasks.length >= count ? Math.min(s.concurrency, Math.max(this.batch, count * 2)) : tasks.length;
      // Tasks are ours once polled, even if stop() began meanwhile: run them.
      for (const task of tasks) this.take(task);
      // Busy: poll again straight away for whatever slots remain.
    }
  }

  private take(task: Task): void {
    this.inFlight++;
    this.deps.metrics.inFlight++;
    this.deps.metrics.tasksReceived++;
    const chain = this.runChain(task)
      // Never let a runtime bug become an unhandled rejection that kills the worker process.
      .catch((error: unknown) =>
        this.deps.logger.error(`conductor worker: internal error on task ${task.taskId}`, error),
      )
      .finally(() => {
        this.chains.delete(chain);
        this.inFlight--;
        this.deps.metrics.inFlight--;
        this.slotWaiter?.();
      });
    this.chains.add(chain);
  }

  private async runChain(first: Task): Promise<void> {
    let task: Task | undefined = first;
    while (task) {
      let result: TaskResult;
      try {
        result = await this.execute(task);
      } catch (error) {
        // execute() handles worker errors itself; this is a bug in the runtime, keep going.
        this.deps.logger.error(`conductor worker: internal error executing task ${task.taskId}`, error);
        return;
      }
      // While stopping or paused, take no new work: the classic endpoint hands out no next task.
      const next = await this.deps.delivery.deliver(result, this.deps.metrics, !this.stopping && !this.settings.paused);
      if (next) this.deps.metrics.tasksReceived++;
      task = next;
    }
  }

  /** Runs the worker on one task and builds its result. Never throws for worker errors. */
  private async execute(task: Task): Promise<TaskResult> {
    const { metrics, events } = this.deps;
    const state = new TaskExecutionState(task, this.settings.workerId);
    if (events.onTaskStart) this.safely(() => events.onTaskStart!({ taskType: this.taskType, task }));
    const key = task.taskId ?? "";
    this.executing.set(key, task);
    const lease = this.settings.leaseExtension ? this.startLeaseExtension(task) : undefined;
    const started = performance.now();
    let outcome: Outcome;
    let thrown: unknown;
    try {
      outcome = await this.invoke(task, state);
    } catch (error) {
      thrown = error;
      if (error instanceof InputValidationError) {
        outcome = { status: "FAILED_WITH_TERMINAL_ERROR", outputData: {}, reasonForIncompletion: error.message };
      } else {
        if (error instanceof TaskTimeoutError) metrics.executionTimeouts++;
        outcome = outcomeFromError(error, (state.logs ??= []));
      }
    } finally {
      if (lease) clearInterval(lease);
      this.executing.delete(key);
    }
    const durationMs = performance.now() - started;
    metrics.executionTime.observe(durationMs / 1000);
    if (state.callbackAfterSeconds !== undefined && outcome.callbackAfterSeconds === undefined) {
      outcome.callbackAfterSeconds = state.callbackAfterSeconds;
    }
    const result = toTaskResult(task, this.settings.workerId, outcome, state.logs);
    switch (outcome.status) {
      case "COMPLETED":
        metrics.completed++;
        break;
      case "IN_PROGRESS":
        metrics.inProgressResults++;
        break;
      case "FAILED_WITH_TERMINAL_ERROR":
        metrics.terminalFailures++;
        break;
      default:
        metrics.failed++;
    }
    if (outcome.status === "COMPLETED" || outcome.status === "IN_PROGRESS") {
      if (events.onTaskComplete)
        this.safely(() => events.onTaskComplete!({ taskType: this.taskType, task, result, durationMs }));
    } else if (events.onTaskFail) {
      this.safely(() => events.onTaskFail!({ taskType: this.taskType, task, result, durationMs, error: thrown }));
    }
    return result;
  }

  private async invoke(task: Task, state: TaskExecutionState): Promise<Outcome> {
    const { worker, settings } = this;
    let input: unknown = task.inputData ?? {};
    if (worker.options.inputSchema) input = await validateInput(worker.options.inputSchema, input);
    if (this.deps.pool) return this.deps.pool.run(worker, input, state, settings.timeoutMs);
    let value: unknown = runWithContext(state, () => (worker.fn as (i: unknown, c: unknown) => unknown)(input, state));
    if (isThenable(value))
      value = settings.timeoutMs === undefined ? await value : await withTimeout(value, settings.timeoutMs, state);
    return outcomeFromValue(value);
  }

  // Reports IN_PROGRESS with extendLease well before responseTimeoutSeconds runs out.
  private startLeaseExtension(task: Task): ReturnType<typeof setInterval> | undefined {
    const responseTimeout = task.responseTimeoutSeconds ?? 0;
    if (responseTimeout <= 0 || !task.taskId) return undefined;
    const everyMs = Math.max(500, responseTimeout * 1000 * 0.6);
    const timer = setInterval(() => {
      const heartbeat: TaskResult = {
        taskId: task.taskId ?? "",
        workflowInstanceId: task.workflowInstanceId ?? "",
        workerId: this.settings.workerId,
        status: "IN_PROGRESS",
        extendLease: true,
      };
      this.deps.api.updateTask(heartbeat, this.deps.shutdownSignal).then(
        () => this.deps.metrics.leaseExtensions++,
        (error: unknown) =>
          this.deps.logger.warn(
            `conductor worker: lease extension for task ${task.taskId} failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
      );
    }, everyMs);
    timer.unref?.();
    return timer;
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.deps.logger.error("conductor worker: event hook threw", error);
    }
  }
}

/** Races `value` against the execution timeout; on timeout aborts the context's signal. */
function withTimeout(value: PromiseLike<unknown>, timeoutMs: number, state: TaskExecutionState): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new TaskTimeoutError(timeoutMs);
      state.abort(error);
      reject(error);
    }, timeoutMs);
    timer.unref?.();
    value.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
