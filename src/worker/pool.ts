import { ConductorAbortedError, ConductorError } from "../errors/conductor-error.js";
import { Worker as Thread } from "node:worker_threads";
import type { TaskExecutionState } from "./context.js";
import { TaskTimeoutError, WorkerConfigError } from "./errors.js";
import { inProgress, type Outcome, outcomeFromError, outcomeFromValue } from "./result.js";
import type { Worker } from "./worker.js";

// The thread side, evaluated as a CommonJS script so it needs no file of its own (and so works the
// same from src under tsx and from the built package). It imports the user's module, finds the
// worker by task name and runs its function for each job it is sent.
const THREAD_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const IN_PROGRESS = Symbol.for("conductor.worker.inProgress");
let loaded;
const controllers = new Map();
async function load() {
  const mod = await import(workerData.module);
  const named = workerData.exportName;
  const candidates = named ? [mod[named]] : Object.values(mod);
  const found = candidates.find((v) => v && typeof v === "object" && v.taskDefName === workerData.taskDefName && typeof v.fn === "function");
  if (!found) throw new Error("thread pool: module " + workerData.module + " exports no worker for task " + workerData.taskDefName + (named ? " under the name " + named : ""));
  return found.fn;
}
parentPort.on("message", async (job) => {
  if (job.abort !== undefined) {
    const reason = Object.assign(new Error(job.reason.message), job.reason);
    controllers.get(job.abort)?.abort(reason);
    return;
  }
  const logs = [];
  let callbackAfter;
  const controller = new AbortController();
  controllers.set(job.id, controller);
  const context = Object.assign({}, job.context, {
    signal: controller.signal,
    addLog(message) { logs.push({ log: String(message), createdTime: Date.now() }); },
    setCallbackAfter(seconds) { callbackAfter = Math.round(seconds); },
  });
  try {
    loaded ??= load();
    const fn = await loaded;
    // The execution timeout starts now, not while the thread was still loading the module.
    if (job.ack) parentPort.postMessage({ id: job.id, started: true });
    let value = await fn(job.input, context);
    if (value && typeof value === "object" && value[IN_PROGRESS] === true) {
      value = { inProgress: true, callbackAfterSeconds: value.callbackAfterSeconds, output: value.output };
      parentPort.postMessage({ id: job.id, ok: true, inProgress: value, logs, callbackAfter });
    } else {
      parentPort.postMessage({ id: job.id, ok: true, value, logs, callbackAfter });
    }
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : { name: "Error", message: String(e) };
    parentPort.postMessage({ id: job.id, ok: false, error, logs, callbackAfter });
  } finally {
    controllers.delete(job.id);
  }
});
`;

interface Reply {
  id: number;
  started?: true;
  ok: boolean;
  value?: unknown;
  inProgress?: { callbackAfterSeconds: number; output?: Record<string, unknown> };
  error?: { name: string; message: string; stack?: string };
  logs: { log: string; createdTime: number }[];
  callbackAfter?: number;
}

interface Job {
  id: number;
  input: unknown;
  state: TaskExecutionState;
  timeoutMs: number | undefined;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  thread: Thread;
  job: Job | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** A fixed-size pool of worker threads running one worker's function, one job per thread. */
export class ThreadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly worker: Worker,
    private readonly size: number,
  ) {
    const module = worker.options.threads?.module;
    if (!module)
      throw new WorkerConfigError(`worker ${worker.taskDefName}: threads.module is required`, {
        option: "threads.module",
      });
  }

  run(_worker: Worker, input: unknown, state: TaskExecutionState, timeoutMs: number | undefined): Promise<Outcome> {
    if (this.closed) return Promise.reject(new ConductorAbortedError("thread pool is closed"));
    return new Promise<Outcome>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, state, timeoutMs, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates every thread; queued jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.reject(new ConductorAbortedError("thread pool closed before the task ran"));
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot)));
  }

  private spawn(): Slot {
    const threads = this.worker.options.threads!;
    const module = threads.module instanceof URL ? threads.module.href : threads.module;
    const thread = new Thread(THREAD_SOURCE, {
      eval: true,
      workerData: { module, exportName: threads.exportName, taskDefName: this.worker.taskDefName },
    });
    const slot: Slot = { thread, job: undefined, timer: undefined };
    thread.on("message", (reply: Reply) => this.onReply(slot, reply));
    thread.on("error", (error) => this.onCrash(slot, error));
    thread.on("exit", (code) =>
      this.onCrash(slot, new ConductorError(`worker thread exited with code ${code}`, { code: "WORKER" })),
    );
    this.slots.push(slot);
    return slot;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === undefined);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      const { state } = job;
      const context = {
        taskId: state.taskId,
        workflowId: state.workflowId,
        taskDefName: state.taskDefName,
        referenceTaskName: state.referenceTaskName,
        retryCount: state.retryCount,
        pollCount: state.pollCount,
        workerId: state.workerId,
        task: state.task,
      };
      slot.thread.postMessage({ id: job.id, input: job.input, context, ack: job.timeoutMs !== undefined });
      // Cancellation by the server reaches the thread's context.signal (a timeout replaces the thread instead).
      state.signal.addEventListener(
        "abort",
        () => {
          const reason = state.signal.reason as Error & { serverStatus?: string };
          if (slot.job !== job || !state.canceled) return;
          slot.thread.postMessage({
            abort: job.id,
            reason: { name: reason.name, message: reason.message, serverStatus: reason.serverStatus },
          });
        },
        { once: true },
      );
    }
  }

  private finish(slot: Slot): Job | undefined {
    const job = slot.job;
    slot.job = undefined;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    return job;
  }

  private onReply(slot: Slot, reply: Reply): void {
    if (slot.job?.id !== reply.id) return;
    if (reply.started) {
      const timeoutMs = slot.job.timeoutMs;
      if (timeoutMs !== undefined) {
        slot.timer = setTimeout(() => this.onTimeout(slot), timeoutMs);
        slot.timer.unref?.();
      }
      return;
    }
    const job = this.finish(slot)!;
    for (const entry of reply.logs) (job.state.logs ??= []).push(entry);
    if (reply.callbackAfter !== undefined) job.state.callbackAfterSeconds = reply.callbackAfter;
    if (reply.ok) {
      job.resolve(outcomeFromValue(reply.inProgress ? inProgress(reply.inProgress) : reply.value));
    } else {
      // The task function's own error, rebuilt from the thread (not an SDK error: sdk-errors-exempt).
      const error = Object.assign(new Error(reply.error!.message), { name: reply.error!.name });
      error.stack = reply.error!.stack ?? `${error.name}: ${error.message}`;
      job.resolve(outcomeFromError(error, (job.state.logs ??= [])));
    }
    this.dispatch();
  }

  // A thread that overran its timeout may be stuck in a loop: replace it.
  private onTimeout(slot: Slot): void {
    const job = this.finish(slot);
    if (!job) return;
    this.slots.splice(this.slots.indexOf(slot), 1);
    void this.retire(slot);
    const error = new TaskTimeoutError({ timeoutMs: job.timeoutMs ?? 0 });
    job.state.abort(error);
    job.reject(error);
    this.dispatch();
  }

  private onCrash(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const job = this.finish(slot);
    job?.reject(error);
    if (!this.closed) this.dispatch();
  }

  private async retire(slot: Slot): Promise<void> {
    slot.thread.removeAllListeners();
    this.finish(slot)?.reject(new ConductorAbortedError("thread pool closed while the task ran"));
    await slot.thread.terminate();
  }
}
