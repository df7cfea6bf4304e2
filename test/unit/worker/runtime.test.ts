import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { getTaskContext } from "../../../src/worker/context.js";
import { NonRetryableError } from "../../../src/worker/errors.js";
import type { ResultLostEvent } from "../../../src/worker/events.js";
import { inProgress } from "../../../src/worker/result.js";
import { TaskHandler, type TaskHandlerOptions } from "../../../src/worker/task-handler.js";
import { workerTask } from "../../../src/worker/worker.js";
import { FakeTaskApi, HttpStatusError, makeTask, silentLogger, waitFor } from "./fake-task-api.js";

const handlers: TaskHandler[] = [];
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.stop()));
});

function handler(
  api: FakeTaskApi,
  options: Omit<TaskHandlerOptions, "taskApi" | "env"> & { env?: Record<string, string> },
) {
  const h = new TaskHandler({
    logger: silentLogger(),
    env: {},
    updateRetryBaseMs: 5,
    updateRetryMaxMs: 20,
    ...options,
    taskApi: api,
  });
  handlers.push(h);
  return h;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("poll loop", () => {
  test("polls only for free slots and never more than concurrency tasks run at once", async () => {
    const api = new FakeTaskApi();
    let running = 0;
    let peak = 0;
    const w = workerTask(
      "slots",
      async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(30);
        running--;
        return { ok: true };
      },
      { concurrency: 3, pollIntervalMs: 5, pollTimeoutMs: 0 },
    );
    api.v2HandsOutNext = false;
    api.add(...Array.from({ length: 10 }, () => makeTask("slots")));
    const h = handler(api, { workers: [w] });
    await h.start();
    await waitFor(() => api.delivered.length === 10, 5000, "10 results");
    expect(peak).toBe(3);
    for (const poll of api.polls) {
      expect(poll.count).toBeGreaterThanOrEqual(1);
      expect(poll.count).toBeLessThanOrEqual(3);
    }
    // The first poll asks for one task; with a backlog the batch grows (bounded by the free slots).
    expect(api.polls[0]!.count).toBe(1);
    expect(api.polls.some((poll) => poll.count > 1)).toBe(true);
    expect(new Set(api.delivered.map((r) => r.taskId)).size).toBe(10);
  });

  test("passes worker id, domain and long-poll timeout exactly as configured", async () => {
    const api = new FakeTaskApi();
    const w = workerTask("cfg", () => ({}), {
      workerId: "box-1",
      domain: "blue",
      pollTimeoutMs: 1234,
      idlePollTimeoutMs: 4321,
      concurrency: 7,
    });
    const h = handler(api, { workers: [w] });
    await h.start();
    await waitFor(() => api.polls.length > 0);
    // A poll for a single task uses the idle long-poll timeout ...
    expect(api.polls[0]).toMatchObject({ taskType: "cfg", workerId: "box-1", domain: "blue", timeoutMs: 4321, count: 1 });
    // ... a batch poll (a backlog) the batch one, never for more than the free slots.
    api.v2HandsOutNext = false;
    api.add(...Array.from({ length: 40 }, () => makeTask("cfg")));
    await waitFor(() => api.delivered.length === 40, 5000, "40 results");
    expect(api.polls.some((poll) => poll.count > 1)).toBe(true);
    for (const poll of api.polls) {
      expect(poll).toMatchObject({ workerId: "box-1", domain: "blue", timeoutMs: poll.count === 1 ? 4321 : 1234 });
      expect(poll.count).toBeLessThanOrEqual(7);
    }
  });

  test("environment overrides reach the poll", async () => {
    const api = new FakeTaskApi();
    let running = 0;
    let peak = 0;
    const w = workerTask("envy", async () => {
      running++;
      peak = Math.max(peak, running);
      await sleep(40);
      running--;
      return {};
    });
    const h = handler(api, {
      workers: [w],
      env: {
        CONDUCTOR_WORKER_ENVY_DOMAIN: "green",
        CONDUCTOR_WORKER_ALL_CONCURRENCY: "5",
        CONDUCTOR_WORKER_ALL_POLL_TIMEOUT_MS: "0",
        CONDUCTOR_WORKER_ENVY_IDLE_POLL_TIMEOUT_MS: "0",
      },
    });
    await h.start();
    await waitFor(() => api.polls.length > 0);
    expect(api.polls[0]).toMatchObject({ domain: "green", count: 1, timeoutMs: 0 });
    api.v2HandsOutNext = false;
    api.add(...Array.from({ length: 30 }, () => makeTask("envy")));
    await waitFor(() => api.delivered.length === 30, 5000, "30 results");
    expect(peak).toBe(5); // CONDUCTOR_WORKER_ALL_CONCURRENCY
    expect(api.polls.every((poll) => poll.count <= 5 && poll.timeoutMs === 0 && poll.domain === "green")).toBe(true);
  });

  test("a busy worker does not sleep between polls; update-v2's next task saves polls", async () => {
    const api = new FakeTaskApi();
    const w = workerTask("busy", (input: { n: number }) => input.n * 2, {
      pollIntervalMs: 1000,
      pollTimeoutMs: 0,
      concurrency: 2,
    });
    api.add(...Array.from({ length: 40 }, (_, n) => makeTask("busy", { n })));
    const h = handler(api, { workers: [w] });
    const started = Date.now();
    await h.start();
    await waitFor(() => api.delivered.length === 40, 3000, "40 results");
    // A 1 s pause anywhere would blow this budget.
    expect(Date.now() - started).toBeLessThan(900);
    expect(api.v2Updates.length).toBe(40);
    expect(api.polls.length).toBeLessThan(10);
    expect(api.delivered.map((r) => r.outputData?.["result"]).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 40 }, (_, n) => n * 2),
    );
  });

  test("empty polls back off (jittered, capped) instead of spinning", async () => {
    const api = new FakeTaskApi();
    const w = workerTask("idle", () => ({}), { pollIntervalMs: 20, pollTimeoutMs: 0, maxPollBackoffMs: 80 });
    const h = handler(api, { workers: [w] });
    await h.start();
    await sleep(600);
    const n = api.polls.length;
    // Capped at 80 ms (jitter takes it down to 40): between ~6 and ~16 polls in 600 ms, not hundreds.
    expect(n).toBeGreaterThanOrEqual(5);
    expect(n).toBeLessThanOrEqual(20);
    const gaps = api.polls.slice(1).map((p, i) => p.at - api.polls[i]!.at);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(80 + 30);
    expect(h.metrics.forTaskType("idle").emptyPolls).toBeGreaterThanOrEqual(n - 1);
  });

  test("poll errors back off and the loop keeps going", async () => {
    const api = new FakeTaskApi();
    api.pollFailures = ["network", 503, 500];
    const w = workerTask("flaky", () => "done", { pollIntervalMs: 10, pollTimeoutMs: 0, maxErrorBackoffMs: 50 });
    api.add(makeTask("flaky"));
    const errors: unknown[] = [];
    const h = handler(api, { workers: [w], events: { onPollError: (e) => errors.push(e.error) } });
    await h.start();
    await waitFor(() => api.delivered.length === 1);
    expect(errors).toHaveLength(3);
    expect(h.metrics.forTaskType("flaky").pollErrors).toBe(3);
  });

  test("a paused worker does not poll until resumed", async () => {
    const api = new FakeTaskApi();
    const w = workerTask("paused", () => ({}), { paused: true, pollIntervalMs: 10 });
    const h = handler(api, { workers: [w] });
    await h.start();
    await sleep(150);
    expect(api.polls).toHaveLength(0);
    h.setPaused("paused", false);
    await waitFor(() => api.polls.length > 0);
  });
});

describe("execution", () => {
  test("statuses: object, scalar, undefined, inProgress, NonRetryableError, other throws", async () => {
    const api = new FakeTaskApi();
    api.v2HandsOutNext = false;
    const w = workerTask(
      "kinds",
      (input: { kind: string }) => {
        switch (input.kind) {
          case "object":
            return { x: 1 };
          case "scalar":
            return 42;
          case "undefined":
            return undefined;
          case "progress":
            return inProgress({ callbackAfterSeconds: 7, output: { pct: 50 } });
          case "terminal":
            throw new NonRetryableError("no such account");
          default:
            throw new Error("kaput");
        }
      },
      { concurrency: 6, pollTimeoutMs: 0 },
    );
    const kinds = ["object", "scalar", "undefined", "progress", "terminal", "throw"];
    const tasks = api.add(...kinds.map((kind) => makeTask("kinds", { kind })));
    const h = handler(api, { workers: [w] });
    await h.start();
    await waitFor(() => api.delivered.length === 6);
    const byKind = (k: string) => api.delivered.find((r) => r.taskId === tasks[kinds.indexOf(k)]!.taskId)!;
    expect(byKind("object")).toMatchObject({ status: "COMPLETED", outputData: { x: 1 } });
    expect(byKind("scalar")).toMatchObject({ status: "COMPLETED", outputData: { result: 42 } });
    expect(byKind("undefined")).toMatchObject({ status: "COMPLETED", outputData: {} });
    expect(byKind("progress")).toMatchObject({
      status: "IN_PROGRESS",
      callbackAfterSeconds: 7,
      outputData: { pct: 50 },
    });
    expect(byKind("terminal")).toMatchObject({
      status: "FAILED_WITH_TERMINAL_ERROR",
      reasonForIncompletion: "no such account",
    });
    const thrown = byKind("throw");
    expect(thrown).toMatchObject({ status: "FAILED", reasonForIncompletion: "kaput" });
    expect(thrown.logs?.[0]?.log).toMatch(/Error: kaput\n\s+at /);
    expect(thrown.logs?.[0]?.taskId).toBe(thrown.taskId);
  });

  test("task context via AsyncLocalStorage and the second argument", async () => {
    const api = new FakeTaskApi();
    const seen: unknown[] = [];
    const w = workerTask("ctx", async (_input, ctx) => {
      await sleep(1);
      const fromStorage = getTaskContext();
      seen.push(fromStorage === ctx, ctx.taskId, ctx.workflowId, ctx.retryCount, ctx.pollCount);
      fromStorage!.addLog("step one");
      ctx.setCallbackAfter(12);
      return inProgress({ callbackAfterSeconds: 0 }) && { done: true };
    });
    const [task] = api.add(makeTask("ctx", {}, { retryCount: 2, pollCount: 5 }));
    const h = handler(api, { workers: [w] });
    await h.start();
    await waitFor(() => api.delivered.length === 1);
    expect(seen).toEqual([true, task!.taskId, task!.workflowInstanceId, 2, 5]);
    expect(api.delivered[0]).toMatchObject({
      callbackAfterSeconds: 12,
      logs: [{ log: "step one", taskId: task!.taskId }],
    });
    expect(getTaskContext()).toBeUndefined();
  });

  test("Standard Schema validation: bad input fails terminally, naming the fields", async () => {
    const api = new FakeTaskApi();
    api.v2HandsOutNext = false;
    const calls: unknown[] = [];
    const w = workerTask(
      "validated",
      (input) => {
        calls.push(input);
        return { greeting: `hi ${input.name}`, age: input.age };
      },
      { inputSchema: z.object({ name: z.string(), age: z.coerce.number().int() }), concurrency: 2, pollTimeoutMs: 0 },
    );
    const [good, bad] = api.add(makeTask("validated", { name: "Ann", age: "41" }), makeTask("validated", { name: 5 }));
    const h = handler(api, { workers: [w] });
    await h.start();
    await waitFor(() => api.delivered.length === 2);
    const goodResult = api.delivered.find((r) => r.taskId === good!.taskId)!;
    const badResult = api.delivered.find((r) => r.taskId === bad!.taskId)!;
    expect(goodResult).toMatchObject({ status: "COMPLETED", outputData: { greeting: "hi Ann", age: 41 } });
    expect(badResult.status).toBe("FAILED_WITH_TERMINAL_ERROR");
    expect(badResult.reasonForIncompletion).toMatch(/name: /);
    expect(badResult.reasonForIncompletion).toMatch(/age: /);
    expect(calls).toHaveLength(1);
  });

  test("execution timeout fails a never-resolving task, aborts its signal and frees the slot", async () => {
    const api = new FakeTaskApi();
    let aborted = false;
    const w = workerTask(
      "hang",
      (input: { hang: boolean }, ctx) => {
        if (!input.hang) return "quick";
        ctx.signal.addEventListener("abort", () => (aborted = true));
        return new Promise(() => {});
      },
      { timeoutMs: 50, concurrency: 1, pollTimeoutMs: 0 },
    );
    const [hung, quick] = api.add(makeTask("hang", { hang: true }), makeTask("hang", { hang: false }));
    const h = handler(api, { workers: [w] });
    await h.start();
    await waitFor(() => api.delivered.length === 2);
    expect(api.delivered.find((r) => r.taskId === hung!.taskId)).toMatchObject({
      status: "FAILED",
      reasonForIncompletion: expect.stringMatching(/timeout of 50 ms/),
    });
    expect(api.delivered.find((r) => r.taskId === quick!.taskId)).toMatchObject({ status: "COMPLETED" });
    expect(aborted).toBe(true);
    expect(h.metrics.forTaskType("hang").executionTimeouts).toBe(1);
  });

  test("lease extension sends IN_PROGRESS + extendLease while a long task runs", async () => {
    const api = new FakeTaskApi();
    const w = workerTask(
      "long",
      async () => {
        await sleep(1400);
        return { ok: 1 };
      },
      { leaseExtension: true },
    );
    api.add(makeTask("long", {}, { responseTimeoutSeconds: 1 }));
    const h = handler(api, { workers: [w] });
    await h.start();
    await waitFor(() => api.delivered.length === 1, 5000);
    const beats = api.v1Updates.filter((r) => r.extendLease);
    expect(beats.length).toBeGreaterThanOrEqual(1);
    expect(beats[0]).toMatchObject({ status: "IN_PROGRESS", extendLease: true });
    expect(api.delivered[0]).toMatchObject({ status: "COMPLETED" });
  });

  test("event hooks fire for poll, start, complete, fail and update failure; a throwing hook is harmless", async () => {
    const api = new FakeTaskApi();
    api.updateFailures = [503];
    const seen: string[] = [];
    const w = workerTask(
      "hooks",
      (i: { fail?: boolean }) => {
        if (i.fail) throw new Error("x");
        return 1;
      },
      { pollTimeoutMs: 0 },
    );
    api.add(makeTask("hooks"), makeTask("hooks", { fail: true }));
    const h = handler(api, {
      workers: [w],
      events: {
        onPoll: (e) => {
          if (e.received > 0) seen.push("poll");
          throw new Error("hook bug");
        },
        onTaskStart: () => seen.push("start"),
        onTaskComplete: () => seen.push("complete"),
        onTaskFail: () => seen.push("fail"),
        onUpdateFailure: () => seen.push("updateFailure"),
      },
    });
    await h.start();
    await waitFor(() => api.delivered.length === 2);
    expect(seen).toEqual(expect.arrayContaining(["poll", "start", "complete", "fail", "updateFailure"]));
  });
});

describe("result delivery", () => {
  test("failed updates retry with back-off until they land", async () => {
    const api = new FakeTaskApi();
    api.updateFailures = [500, "network", 503, 429];
    const lost: ResultLostEvent[] = [];
    const w = workerTask("retry", () => ({ v: 1 }));
    api.add(makeTask("retry"));
    const h = handler(api, { workers: [w], onResultLost: (e) => void lost.push(e) });
    await h.start();
    await waitFor(() => api.delivered.length === 1);
    expect(h.metrics.forTaskType("retry").updateRetries).toBe(4);
    expect(h.metrics.forTaskType("retry").updates).toBe(1);
    expect(lost).toHaveLength(0);
  });

  test("falls back to /api/tasks when the server has no update-v2", async () => {
    const api = new FakeTaskApi();
    api.v2Supported = false;
    const w = workerTask("old", () => ({}), { concurrency: 2, pollTimeoutMs: 0 });
    api.add(makeTask("old"), makeTask("old"), makeTask("old"));
    const h = handler(api, { workers: [w] });
    await h.start();
    await waitFor(() => api.v1Updates.length === 3);
    expect(api.v2Updates).toHaveLength(0);
  });

  test("a result that cannot land by stop()'s deadline goes to onResultLost and is logged with its payload", async () => {
    const api = new FakeTaskApi();
    api.alwaysFailUpdates = 503;
    const logger = silentLogger();
    const lost: ResultLostEvent[] = [];
    const w = workerTask("doomed", () => ({ secret: "the computed value" }));
    const [task] = api.add(makeTask("doomed"));
    const h = new TaskHandler({
      workers: [w],
      taskApi: api,
      logger,
      env: {},
      gracePeriodMs: 300,
      updateRetryBaseMs: 10,
      updateRetryMaxMs: 50,
      onResultLost: (e) => void lost.push(e),
    });
    await h.start();
    await waitFor(() => h.metrics.forTaskType("doomed").updateRetries >= 3);
    // Still retrying: nothing lost before shutdown.
    expect(lost).toHaveLength(0);
    const started = Date.now();
    await h.stop();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({
      taskType: "doomed",
      reason: "deadline",
      result: { taskId: task!.taskId, status: "COMPLETED", outputData: { secret: "the computed value" } },
    });
    const line = logger.lines.find((l) => l.level === "error" && l.message.includes("NOT DELIVERED"));
    expect(line?.message).toContain("the computed value");
    expect(h.metrics.forTaskType("doomed").resultsLost).toBe(1);
  });

  test("a result the server refuses (4xx) is handed over as rejected, not retried forever", async () => {
    const api = new FakeTaskApi();
    api.alwaysFailUpdates = 400;
    const lost: ResultLostEvent[] = [];
    const w = workerTask("refused", () => ({ a: 1 }));
    api.add(makeTask("refused"));
    const h = handler(api, { workers: [w], onResultLost: (e) => void lost.push(e) });
    await h.start();
    await waitFor(() => lost.length === 1);
    expect(lost[0]!.reason).toBe("rejected");
    expect((lost[0]!.error as HttpStatusError).status).toBe(400);
  });
});

describe("lifecycle", () => {
  test("stop() stops polling, lets in-flight tasks finish and delivers them before resolving", async () => {
    const api = new FakeTaskApi();
    api.v2HandsOutNext = false;
    const w = workerTask(
      "drain",
      async () => {
        await sleep(200);
        return { finished: true };
      },
      { concurrency: 5, pollTimeoutMs: 0 },
    );
    api.add(...Array.from({ length: 5 }, () => makeTask("drain")));
    const h = handler(api, { workers: [w], gracePeriodMs: 5000 });
    await h.start();
    await waitFor(() => h.metrics.forTaskType("drain").inFlight === 5);
    api.add(...Array.from({ length: 3 }, () => makeTask("drain")));
    await h.stop();
    expect(api.delivered).toHaveLength(5);
    expect(api.delivered.every((r) => r.outputData?.["finished"] === true)).toBe(true);
    const pollsAtStop = api.polls.length;
    await sleep(100);
    expect(api.polls.length).toBe(pollsAtStop);
    // The 3 tasks queued after stop() were never taken.
    expect(api.queues.get("drain")).toHaveLength(3);
  });

  test("registers missing task definitions on start, leaves existing ones", async () => {
    const api = new FakeTaskApi();
    api.existingDefs.add("kept");
    const a = workerTask("fresh", () => ({}), {
      registerTaskDef: true,
      taskDef: { responseTimeoutSeconds: 30, retryCount: 1 },
    });
    const b = workerTask("kept", () => ({}), { registerTaskDef: true });
    const c = workerTask("skipped", () => ({}));
    const h = handler(api, { workers: [a, b, c] });
    await h.start();
    expect(api.registered).toEqual([
      expect.objectContaining({ name: "fresh", responseTimeoutSeconds: 30, retryCount: 1, timeoutSeconds: 0 }),
    ]);
  });

  test("bad handler options fail with a clear error", () => {
    expect(() => new TaskHandler({ workers: "nope" as never })).toThrow(/workers must be an array/);
    const w = workerTask("dup", () => ({}));
    expect(() => new TaskHandler({ workers: [w, w], taskApi: new FakeTaskApi() })).toThrow(/two workers for task dup/);
    expect(() => workerTask("", () => ({}))).toThrow(/taskDefName must be a non-empty string/);
    expect(() => workerTask("x", () => ({}), { inputSchema: {} as never })).toThrow(
      /inputSchema must be a Standard Schema/,
    );
  });

  test("metrics render in the Prometheus text format and are served on /metrics", async () => {
    const api = new FakeTaskApi();
    const w = workerTask("metered", () => ({}), { pollTimeoutMs: 0 });
    api.add(makeTask("metered"), makeTask("metered"));
    const h = handler(api, { workers: [w], metricsPort: 0 });
    await h.start();
    await waitFor(() => api.delivered.length === 2);
    const res = await fetch(h.metricsUrl!);
    expect(res.headers.get("content-type")).toMatch(/text\/plain; version=0.0.4/);
    const text = await res.text();
    expect(text).toMatch(/# TYPE conductor_worker_polls_total counter/);
    expect(text).toMatch(/conductor_worker_tasks_completed_total\{taskType="metered"\} 2/);
    expect(text).toMatch(/conductor_worker_in_flight\{taskType="metered"\} 0/);
    expect(text).toMatch(/conductor_worker_execution_duration_seconds_count\{taskType="metered"\} 2/);
    expect(text).toMatch(/conductor_worker_poll_duration_seconds_bucket\{taskType="metered",le="\+Inf"\} \d+/);
    await h.stop();
    await expect(fetch(h.metricsUrl ?? "http://127.0.0.1:1/metrics")).rejects.toThrow();
  });
});
