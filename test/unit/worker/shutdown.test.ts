// stop() never waits on the network: a poll in flight is aborted at once, and at the end of the
// grace period the force step aborts result updates still in flight and reports their results.
import { afterEach, expect, test } from "vitest";
import type { ResultLostEvent } from "../../../src/worker/events.js";
import { TaskHandler, type TaskHandlerOptions } from "../../../src/worker/task-handler.js";
import { workerTask } from "../../../src/worker/worker.js";
import type { BatchPollRequest } from "../../../src/worker/task-api.js";
import type { Task, TaskResult } from "../../../src/worker/types.js";
import { FakeTaskApi, makeTask, silentLogger, waitFor } from "./fake-task-api.js";

/** A server that never answers: every call hangs until its signal aborts it. */
class HangingTaskApi extends FakeTaskApi {
  readonly aborted: string[] = [];
  hangPolls = true;
  private updates = 0;

  updatesStarted(): number {
    return this.updates;
  }

  private hang(what: string, signal: AbortSignal | undefined): Promise<never> {
    return new Promise((_resolve, reject) => {
      signal?.addEventListener("abort", () => {
        this.aborted.push(what);
        reject(signal.reason);
      });
    });
  }

  override async batchPoll(taskType: string, request: BatchPollRequest, signal?: AbortSignal): Promise<Task[]> {
    if (!this.hangPolls) return super.batchPoll(taskType, request);
    this.polls.push({ ...request, taskType, at: Date.now() });
    return this.hang("poll", signal);
  }

  override updateTaskV2(_result: TaskResult, signal?: AbortSignal): Promise<Task | undefined> {
    this.updates++;
    return this.hang("update", signal);
  }

  override updateTask(_result: TaskResult, signal?: AbortSignal): Promise<void> {
    return this.hang("update", signal);
  }
}

const handlers: TaskHandler[] = [];
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.stop()));
});

function handler(api: FakeTaskApi, options: Omit<TaskHandlerOptions, "taskApi" | "env">) {
  const h = new TaskHandler({ logger: silentLogger(), env: {}, ...options, taskApi: api });
  handlers.push(h);
  return h;
}

test("stop() aborts the poll in flight instead of waiting for the server (whose wait here is endless)", async () => {
  const api = new HangingTaskApi();
  // A grace period far longer than any test: stop() must not need it.
  const h = handler(api, { workers: [workerTask("idle", () => ({}))], gracePeriodMs: 3_600_000 });
  await h.start();
  await waitFor(() => api.polls.length === 1);
  await h.stop();
  expect(api.aborted).toEqual(["poll"]);
  expect(api.polls).toHaveLength(1);
  expect(api.polls[0]!.clientTimeoutMs).toBe(api.polls[0]!.timeoutMs + 5000);
});

test("the force step aborts updates still in flight and hands their results to onResultLost", async () => {
  const api = new HangingTaskApi();
  api.hangPolls = false;
  api.add(makeTask("stuck_update", { n: 1 }));
  const lost: ResultLostEvent[] = [];
  const h = handler(api, {
    workers: [workerTask("stuck_update", (input: { n: number }) => ({ doubled: input.n * 2 }))],
    gracePeriodMs: 50,
    forceStopMs: 3_600_000,
    onResultLost: (e) => void lost.push(e),
  });
  await h.start();
  await waitFor(() => h.metrics.forTaskType("stuck_update").completed === 1);
  await h.stop();
  expect(api.aborted).toContain("update");
  expect(lost).toHaveLength(1);
  expect(lost[0]).toMatchObject({ reason: "deadline", result: { outputData: { doubled: 2 } } });
});

test("shutdown durations and the logger are checked at construction", () => {
  expect(() => new TaskHandler({ workers: [], taskApi: new FakeTaskApi(), forceStopMs: -1 })).toThrow(
    /forceStopMs must be a number of milliseconds >= 0, got -1/,
  );
  expect(() => new TaskHandler({ workers: [], taskApi: new FakeTaskApi(), logger: { info() {} } as never })).toThrow(
    /TaskHandler: logger has no debug, warn, error methods/,
  );
});

test("many result updates in flight at once are normal: no MaxListenersExceededWarning on the shutdown signal", async () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on("warning", onWarning);
  try {
    const api = new HangingTaskApi();
    api.hangPolls = false;
    api.enqueue(...Array.from({ length: 20 }, (_, i) => makeTask("busy", { i })));
    const h = handler(api, {
      workers: [workerTask("busy", () => ({ done: true }), { concurrency: 20 })],
      gracePeriodMs: 50,
      forceStopMs: 50,
    });
    await h.start();
    // Every task computed and its update hanging on the server: 20 listeners on the force signal.
    await waitFor(() => api.updatesStarted() >= 20, 5000, "20 updates in flight");
    await h.stop();
    // Node emits process warnings on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning").map((w) => w.message)).toEqual([]);
  } finally {
    process.off("warning", onWarning);
  }
});
