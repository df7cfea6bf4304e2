import { ConductorAbortedError } from "../errors/conductor-error.js";
import { backoffDelay, Sleeper } from "./backoff.js";
import { CancellationWatch } from "./cancellation.js";
import { runWithContext, TaskExecutionState } from "./context.js";
import type { ResultDelivery } from "./delivery.js";
import { TaskTimeoutError } from "./errors.js";
import { messageOf, type WorkerLog } from "./log.js";
import type { ExecuteCall, MiddlewareChain, PollCall } from "./middleware.js";
import type { ThreadPool } from "./pool.js";
import { type Outcome, outcomeFromError, outcomeFromValue, toTaskResult } from "./result.js";
import { InputValidationError, validateInput } from "./schema.js";
import type { TaskApi } from "./task-api.js";
import type { Task, TaskResult } from "./types.js";
import type { Worker, WorkerSettings } from "./worker.js";
import type { WorkflowInputCache } from "./workflow-input.js";

export interface RunnerDeps {
  api: TaskApi;
  delivery: ResultDelivery;
  log: WorkerLog;
  /** The middleware polls and executions go through (metrics, events, the user's). */
  middleware: MiddlewareChain;
  pool: ThreadPool | undefined;
  workflowInputs: WorkflowInputCache;
  /** Aborted when shutdown stops waiting (the force step): ends lease-extension requests. */
  shutdownSignal: AbortSignal;
}

/** How long after its last task a task type keeps its extra pickup polls (settings.pickupPolls). */
const WARM_MS = 30_000;

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
  // Poll loops waiting for a free slot, a task or a resume (see changed()).
  private waiters: (() => void)[] = [];
  // Slots asked for by polls in flight: what two poll loops must not both promise away.
  private reserved = 0;
  // When the last task arrived (performance.now()): the extra pickup polls run only while recent.
  private lastWorkAt = Number.NEGATIVE_INFINITY;
  private readonly sleeper = new Sleeper();
  // Aborted by stopPolling(): a long poll in flight ends at once instead of running out its wait.
  private readonly pollAbort = new AbortController();
  private readonly chains = new Set<Promise<void>>();
  private readonly executing = new Map<string, Task>();
  private emptyStreak = 0;
  private errorStreak = 0;
  private readonly poll: (call: PollCall) => Promise<Task[]>;
  private readonly run: (call: ExecuteCall) => Promise<TaskResult>;
  private readonly cancellation: CancellationWatch | undefined;
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
    const { api, middleware } = deps;
    this.poll = middleware.poll((call) => {
      const timeoutMs = call.timeoutMs;
      return api.batchPoll(
        this.taskType,
        {
          workerId: settings.workerId,
          domain: settings.domain,
          count: call.count,
          timeoutMs,
          clientTimeoutMs: timeoutMs + settings.pollTimeoutMarginMs,
        },
        call.signal,
      );
    });
    this.run = middleware.execute((call) => this.executeCore(call));
    if (settings.cancelCheckIntervalMs > 0 && api.getTask) {
      this.cancellation = new CancellationWatch(api, settings.cancelCheckIntervalMs, deps.log, deps.shutdownSignal);
    }
  }

  get paused(): boolean {
    return this.settings.paused;
  }

  /** Pauses or resumes polling; held tasks keep running. */
  setPaused(paused: boolean): void {
    this.settings.paused = paused;
    if (!paused) {
      this.sleeper.cancelAll();
      this.changed();
    }
  }

  get inFlightCount(): number {
    return this.inFlight;
  }

  start(): void {
    if (this.loopDone) return;
    const loops = [this.pollLoop()];
    // Extra pickup polls only where the server holds a poll (a long-poll wait); see pickupPollLoop().
    const waits = Math.max(this.settings.pollTimeoutMs, this.settings.idlePollTimeoutMs) > 0;
    for (let i = 1; waits && i < this.settings.pickupPolls; i++) loops.push(this.pickupPollLoop());
    this.loopDone = Promise.all(loops).then(() => undefined);
  }

  /** Ends the cancellation checks; called once the handler has drained. */
  close(): void {
    this.cancellation?.close();
  }

  /**
   * Stops polling at once: a poll in flight is aborted (a task the server handed out in that instant
   * is redelivered once its responseTimeoutSeconds runs out). Resolves when the poll loop has ended.
   */
  async stopPolling(): Promise<void> {
    this.stopping = true;
    this.pollAbort.abort(new ConductorAbortedError("worker stopping"));
    this.sleeper.cancelAll();
    this.changed();
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
    const { log } = this.deps;
    const s = this.settings;
    const signal = this.pollAbort.signal;
    while (!this.stopping) {
      if (s.paused) {
        await this.sleeper.sleep(Math.max(s.pollIntervalMs, 100));
        continue;
      }
      const free = s.concurrency - this.inFlight - this.reserved;
      if (free <= 0) {
        await this.nextChange();
        continue;
      }
      const count = Math.min(free, this.batch);
      // A poll for one task returns as soon as one is queued, so it can wait longer at no cost to
      // pickup latency: that keeps an idle worker to about one request per idlePollTimeoutMs.
      const timeoutMs = count === 1 ? Math.max(s.pollTimeoutMs, s.idlePollTimeoutMs) : s.pollTimeoutMs;
      const started = performance.now();
      let tasks: Task[];
      this.reserved += count;
      try {
        tasks = await this.poll({ taskType: this.taskType, count, timeoutMs, signal });
      } catch (error) {
        this.reserved -= count;
        // Aborted by stopPolling(): not an error worth reporting.
        if (this.stopping) break;
        this.errorStreak++;
        if (this.errorStreak === 1 || this.errorStreak % 20 === 0) {
          log.warn(
            `conductor worker: poll for ${this.taskType} failed (${this.errorStreak} in a row): ${messageOf(error)}`,
            { taskType: this.taskType, attempt: this.errorStreak, err: error },
          );
        }
        await this.sleeper.sleep(backoffDelay(this.errorStreak, Math.max(s.pollIntervalMs, 100), s.maxErrorBackoffMs));
        continue;
      }
      this.reserved -= count;
      const durationMs = performance.now() - started;
      this.errorStreak = 0;
      if (!Array.isArray(tasks) || tasks.length === 0) {
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
      this.lastWorkAt = performance.now();
      this.batch = tasks.length >= count ? Math.min(s.concurrency, Math.max(this.batch, count * 2)) : tasks.length;
      // Tasks are ours once polled, even if stop() began meanwhile: run them.
      for (const task of tasks) this.take(task);
      // Busy: poll again straight away for whatever slots remain.
    }
  }

  /**
   * One more long poll for a single task, beside pollLoop(), while the task type had work in the
   * last WARM_MS and a slot is free. The server looks for a task every 100 ms within each waiting
   * poll, and the two polls keep their own rhythms, so a new task waits less for the next look.
   * Poll errors are pollLoop()'s to report; this loop only backs off.
   */
  private async pickupPollLoop(): Promise<void> {
    const s = this.settings;
    const signal = this.pollAbort.signal;
    let errors = 0;
    while (!this.stopping) {
      const warm = performance.now() - this.lastWorkAt < WARM_MS;
      if (s.paused || !warm || s.concurrency - this.inFlight - this.reserved < 1) {
        await this.nextChange();
        continue;
      }
      const timeoutMs = Math.max(s.pollTimeoutMs, s.idlePollTimeoutMs);
      let tasks: Task[];
      const started = performance.now();
      this.reserved++;
      try {
        tasks = await this.poll({ taskType: this.taskType, count: 1, timeoutMs, signal });
      } catch {
        if (this.stopping) break;
        errors++;
        await this.sleeper.sleep(backoffDelay(errors, Math.max(s.pollIntervalMs, 100), s.maxErrorBackoffMs));
        continue;
      } finally {
        // The slot it held is free again: pollLoop() may be waiting for it.
        this.reserved--;
        this.changed();
      }
      errors = 0;
      if (!Array.isArray(tasks) || tasks.length === 0) {
        // Answered empty before its wait ran out (no long poll there): pause as pollLoop() does.
        const pause = Math.max(s.pollIntervalMs, 100) - (performance.now() - started);
        if (pause > 0 && performance.now() - started < timeoutMs) await this.sleeper.sleep(pause);
        continue;
      }
      this.lastWorkAt = performance.now();
      for (const task of tasks) this.take(task);
    }
  }

  /** Resolves at the next changed(): a slot freed, work arrived, polling resumed or stopping. */
  private nextChange(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private changed(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private take(task: Task): void {
    this.inFlight++;
    const chain = this.runChain(task)
      // Never let a runtime bug become an unhandled rejection that kills the worker process.
      .catch((error: unknown) =>
        this.deps.log.error(`conductor worker: internal error on task ${task.taskId}`, {
          taskType: this.taskType,
          taskId: task.taskId,
          workflowId: task.workflowInstanceId,
          err: error,
        }),
      )
      .finally(() => {
        this.chains.delete(chain);
        this.inFlight--;
        this.lastWorkAt = performance.now();
        this.changed();
      });
    this.chains.add(chain);
  }

  private async runChain(first: Task): Promise<void> {
    let task: Task | undefined = first;
    while (task) {
      const state = new TaskExecutionState(task, this.settings.workerId);
      const call = new Execution(this.taskType, task, state, this.deps.workflowInputs);
      let result: TaskResult;
      try {
        result = await this.run(call);
      } catch (error) {
        // executeCore() handles worker errors itself; this is a bug in the runtime (or a middleware), keep going.
        this.deps.log.error(`conductor worker: internal error executing task ${task.taskId}`, {
          taskType: this.taskType,
          taskId: task.taskId,
          workflowId: task.workflowInstanceId,
          err: error,
        });
        return;
      }
      if (state.canceled) {
        // The server would ignore this result: send nothing, and free the slot for new work.
        this.deps.log.info(`conductor worker: ${state.canceled.message}`, {
          taskType: this.taskType,
          taskId: task.taskId,
          workflowId: task.workflowInstanceId,
          attempt: state.retryCount,
        });
        return;
      }
      // While stopping or paused, take no new work: the classic endpoint hands out no next task.
      task = await this.deps.delivery.deliver(result, this.taskType, !this.stopping && !this.settings.paused);
    }
  }

  /** Runs the worker on one task and builds its result. Never throws for worker errors. */
  private async executeCore(call: ExecuteCall): Promise<TaskResult> {
    const { task } = call;
    const state = call.context as TaskExecutionState;
    const key = task.taskId ?? "";
    this.executing.set(key, task);
    const lease = this.settings.leaseExtension ? this.startLeaseExtension(task, state) : undefined;
    const watched = this.cancellation?.watch(state);
    let outcome: Outcome;
    try {
      const pending = this.invoke(task, state);
      // A synchronous worker function needs no await (each costs a promise and a microtask).
      outcome = pending instanceof Promise ? await pending : pending;
    } catch (error) {
      call.error = error;
      if (error instanceof InputValidationError) {
        outcome = { status: "FAILED_WITH_TERMINAL_ERROR", outputData: {}, reasonForIncompletion: error.message };
      } else {
        outcome = outcomeFromError(error, (state.logs ??= []));
      }
    } finally {
      if (lease) clearInterval(lease);
      if (watched) this.cancellation!.unwatch(state);
      this.executing.delete(key);
    }
    if (state.canceled) call.canceled = state.canceled;
    if (state.callbackAfterSeconds !== undefined && outcome.callbackAfterSeconds === undefined) {
      outcome.callbackAfterSeconds = state.callbackAfterSeconds;
    }
    return toTaskResult(task, this.settings.workerId, outcome, state.logs);
  }

  /** The worker's outcome: a plain value when the function returned one synchronously. May throw. */
  private invoke(task: Task, state: TaskExecutionState): Outcome | Promise<Outcome> {
    const input: unknown = task.inputData ?? {};
    const schema = this.worker.options.inputSchema;
    if (schema) return validateInput(schema, input).then((valid) => this.invokeWith(valid, state));
    return this.invokeWith(input, state);
  }

  private invokeWith(input: unknown, state: TaskExecutionState): Outcome | Promise<Outcome> {
    const { worker, settings } = this;
    if (this.deps.pool) return this.deps.pool.run(worker, input, state, settings.timeoutMs);
    const value: unknown = runWithContext(state, () =>
      (worker.fn as (i: unknown, c: unknown) => unknown)(input, state),
    );
    if (!isThenable(value)) return outcomeFromValue(value);
    const settled = settings.timeoutMs === undefined ? value : withTimeout(value, settings.timeoutMs, state);
    return Promise.resolve(settled).then(outcomeFromValue);
  }

  // Reports IN_PROGRESS with extendLease well before responseTimeoutSeconds runs out.
  // Stops once the task is found canceled: the server would reject the extension.
  private startLeaseExtension(task: Task, state: TaskExecutionState): ReturnType<typeof setInterval> | undefined {
    const responseTimeout = task.responseTimeoutSeconds ?? 0;
    if (responseTimeout <= 0 || !task.taskId) return undefined;
    const everyMs = Math.max(500, responseTimeout * 1000 * 0.6);
    const timer = setInterval(() => {
      if (state.canceled) {
        clearInterval(timer);
        return;
      }
      const heartbeat: TaskResult = {
        taskId: task.taskId ?? "",
        workflowInstanceId: task.workflowInstanceId ?? "",
        workerId: this.settings.workerId,
        status: "IN_PROGRESS",
        extendLease: true,
      };
      this.deps.delivery.extendLease(this.taskType, heartbeat).catch((error: unknown) =>
        this.deps.log.warn(`conductor worker: lease extension for task ${task.taskId} failed: ${messageOf(error)}`, {
          taskType: this.taskType,
          taskId: task.taskId,
          workflowId: task.workflowInstanceId,
          err: error,
        }),
      );
    }, everyMs);
    timer.unref?.();
    return timer;
  }
}

/** The ExecuteCall of one execution (a class: its method costs no closure per task). */
class Execution implements ExecuteCall {
  error?: unknown;
  canceled?: Error;
  constructor(
    readonly taskType: string,
    readonly task: Task,
    readonly context: TaskExecutionState,
    private readonly inputs: WorkflowInputCache,
  ) {}
  workflowInput(): Promise<Record<string, unknown> | undefined> {
    return this.inputs.get(this.task.workflowInstanceId ?? "");
  }
}

/** Races `value` against the execution timeout; on timeout aborts the context's signal. */
function withTimeout(value: PromiseLike<unknown>, timeoutMs: number, state: TaskExecutionState): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new TaskTimeoutError({ timeoutMs });
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
