import { afterEach, describe, expect, test } from "vitest";
import type { BatchPollRequest, TaskApi } from "../../../src/worker/task-api.js";
import { TaskHandler } from "../../../src/worker/task-handler.js";
import type { Task, TaskResult } from "../../../src/worker/types.js";
import { workerTask, type WorkerOptions } from "../../../src/worker/worker.js";
import { makeTask, silentLogger, waitFor } from "./fake-task-api.js";

/**
 * Holds each poll like the server's long poll: answered when a task is queued or its wait runs
 * out. Records how many polls wait at once, and checks that waiting polls and running tasks never
 * promise more slots than the worker has.
 */
class LongPollApi implements TaskApi {
  private readonly queue: Task[] = [];
  private readonly waiting = new Set<{ count: number; answer: (tasks: Task[]) => void }>();
  peakWaiting = 0;
  polls = 0;
  running = 0;
  peakPromised = 0;
  readonly delivered: TaskResult[] = [];

  add(...tasks: Task[]): void {
    this.queue.push(...tasks);
    for (const poll of [...this.waiting]) {
      if (this.queue.length === 0) break;
      this.waiting.delete(poll);
      poll.answer(this.queue.splice(0, poll.count));
    }
  }

  get waitingNow(): number {
    return this.waiting.size;
  }

  batchPoll(_taskType: string, request: BatchPollRequest, signal?: AbortSignal): Promise<Task[]> {
    this.polls++;
    const promised = [...this.waiting].reduce((n, p) => n + p.count, 0) + request.count + this.running;
    this.peakPromised = Math.max(this.peakPromised, promised);
    if (this.queue.length > 0) return Promise.resolve(this.queue.splice(0, request.count));
    return new Promise((resolve) => {
      const poll = {
        count: request.count,
        answer: (tasks: Task[]) => {
          clearTimeout(timer);
          resolve(tasks);
        },
      };
      const timer = setTimeout(() => {
        this.waiting.delete(poll);
        resolve([]);
      }, request.timeoutMs);
      signal?.addEventListener(
        "abort",
        () => {
          this.waiting.delete(poll);
          poll.answer([]);
        },
        { once: true },
      );
      this.waiting.add(poll);
      this.peakWaiting = Math.max(this.peakWaiting, this.waiting.size);
    });
  }

  async updateTaskV2(result: TaskResult): Promise<Task | undefined> {
    this.delivered.push(result);
    return undefined;
  }
  async updateTask(result: TaskResult): Promise<void> {
    this.delivered.push(result);
  }
  async addTaskLog(): Promise<void> {}
  async registerTaskDefs(): Promise<void> {}
  async getTaskDef(): Promise<undefined> {
    return undefined;
  }
}

const handlers: TaskHandler[] = [];
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.stop()));
});

function start(api: LongPollApi, options: WorkerOptions<undefined>): TaskHandler {
  const w = workerTask(
    "pickup",
    async () => {
      api.running++;
      await new Promise((r) => setTimeout(r, 5));
      api.running--;
      return { ok: true };
    },
    { pollTimeoutMs: 100, idlePollTimeoutMs: 1000, ...options },
  );
  const h = new TaskHandler({ workers: [w], taskApi: api, logger: silentLogger(), env: {} });
  handlers.push(h);
  void h.start();
  return h;
}

describe("pickup polls", () => {
  test("a task type without work keeps one poll waiting; after work, two wait at once", async () => {
    const api = new LongPollApi();
    start(api, { concurrency: 4 });
    await waitFor(() => api.waitingNow === 1, 2000, "the first poll");
    // Idle from the start: still one poll, however long it waits (three more 1 s waits here).
    await waitFor(() => api.polls >= 3, 5000, "two more idle polls");
    expect(api.peakWaiting).toBe(1);
    api.add(makeTask("pickup"));
    await waitFor(() => api.delivered.length === 1, 2000, "the result");
    await waitFor(() => api.waitingNow === 2, 2000, "two waiting polls after work");
    // Tasks arriving one at a time are taken by whichever poll the server answers first.
    for (let i = 0; i < 10; i++) {
      api.add(makeTask("pickup"));
      await waitFor(() => api.delivered.length === i + 2, 2000, `result ${i + 2}`);
    }
    expect(api.peakWaiting).toBe(2);
    expect(api.peakPromised).toBeLessThanOrEqual(4);
  });

  test("a backlog never gets more slots promised than the concurrency", async () => {
    const api = new LongPollApi();
    start(api, { concurrency: 3 });
    api.add(makeTask("pickup"));
    await waitFor(() => api.delivered.length === 1, 2000, "the first result");
    await waitFor(() => api.waitingNow === 2, 2000, "two waiting polls");
    api.add(...Array.from({ length: 40 }, () => makeTask("pickup")));
    await waitFor(() => api.delivered.length === 41, 5000, "41 results");
    expect(api.peakPromised).toBeLessThanOrEqual(3);
  });

  test("pickupPolls: 1 and concurrency 1 each keep a single poll", async () => {
    for (const options of [{ concurrency: 4, pickupPolls: 1 }, { concurrency: 1 }]) {
      const api = new LongPollApi();
      const h = start(api, options);
      api.add(makeTask("pickup"));
      await waitFor(() => api.delivered.length === 1, 2000, "the result");
      await waitFor(() => api.waitingNow === 1, 2000, "the next poll");
      for (let i = 0; i < 5; i++) {
        api.add(makeTask("pickup"));
        await waitFor(() => api.delivered.length === i + 2, 2000, `result ${i + 2}`);
      }
      expect(api.peakWaiting).toBe(1);
      await h.stop();
    }
  });

  test("stop() ends both waiting polls at once", async () => {
    const api = new LongPollApi();
    const h = start(api, { concurrency: 4, idlePollTimeoutMs: 5000 });
    api.add(makeTask("pickup"));
    await waitFor(() => api.waitingNow === 2, 2000, "two waiting polls");
    const t0 = Date.now();
    await h.stop();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(api.waitingNow).toBe(0);
  });
});
