// The middleware seam, cancellation, structured logs, probes and signal options, on the in-memory task API.
import * as otel from "@opentelemetry/api";
import * as promClient from "prom-client";
import { afterEach, describe, expect, test } from "vitest";
import { TaskCanceledError } from "../../../src/worker/errors.js";
import type { OpenTelemetryApi } from "../../../src/worker/otel.js";
import type { PromClient } from "../../../src/worker/prometheus.js";
import { composeMiddleware, type WorkerMiddleware } from "../../../src/worker/middleware.js";
import { SHUTDOWN_SIGNALS, TaskHandler, type TaskHandlerOptions } from "../../../src/worker/task-handler.js";
import { workerTask } from "../../../src/worker/worker.js";
import { FakeTaskApi, makeTask, silentLogger, waitFor } from "./fake-task-api.js";

// The real modules fit the structural types the SDK declares (a compile error here otherwise).
const otelFits: OpenTelemetryApi = otel;
const promFits: PromClient = promClient;
void otelFits;
void promFits;

const handlers: TaskHandler[] = [];
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.stop()));
});

function handler(api: FakeTaskApi, options: Omit<TaskHandlerOptions, "taskApi">) {
  const h = new TaskHandler({ logger: silentLogger(), env: {}, ...options, taskApi: api });
  handlers.push(h);
  return h;
}

/** A middleware that writes `name:step:before/after` into `trace`. */
function tracing(name: string, trace: string[]): WorkerMiddleware {
  return {
    async poll(call, next) {
      trace.push(`${name}:poll:${call.count}`);
      return next();
    },
    async execute(call, next) {
      trace.push(`${name}:execute:before`);
      const result = await next();
      trace.push(`${name}:execute:after:${result.status}`);
      return result;
    },
    async update(call, next) {
      trace.push(`${name}:update:${call.kind}:${call.endpoint}:${call.attempt}`);
      return next();
    },
  };
}

describe("middleware", () => {
  test("wraps poll, execute and update in order (first outermost), and may change input and output", async () => {
    const api = new FakeTaskApi();
    api.v2HandsOutNext = false;
    const [task] = api.add(makeTask("mw", { secret: "enc:41" }));
    const trace: string[] = [];
    // Payload encryption style: decode the input before the function, encode the output after it.
    const codec: WorkerMiddleware = {
      async execute(call, next) {
        const input = call.task.inputData!;
        input.secret = Number(String(input.secret).slice(4));
        const result = await next();
        result.outputData = { sealed: `enc:${JSON.stringify(result.outputData)}` };
        return result;
      },
    };
    const w = workerTask("mw", (input: { secret: number }) => ({ answer: input.secret + 1 }), { pollTimeoutMs: 0 });
    const h = handler(api, { workers: [w], middleware: [tracing("outer", trace), codec, tracing("inner", trace)] });
    await h.start();
    await waitFor(() => api.delivered.length === 1);
    expect(api.delivered[0]!.outputData).toEqual({ sealed: 'enc:{"answer":42}' });
    expect(trace.slice(trace.indexOf("outer:execute:before"))).toEqual(
      expect.arrayContaining([
        "outer:execute:before",
        "inner:execute:before",
        "inner:execute:after:COMPLETED",
        "outer:execute:after:COMPLETED",
        "outer:update:result:update-v2:1",
        "inner:update:result:update-v2:1",
      ]),
    );
    const order = (s: string) => trace.indexOf(s);
    expect(order("outer:execute:before")).toBeLessThan(order("inner:execute:before"));
    expect(order("inner:execute:after:COMPLETED")).toBeLessThan(order("outer:execute:after:COMPLETED"));
    expect(trace.filter((t) => t.startsWith("outer:poll")).length).toBe(
      trace.filter((t) => t.startsWith("inner:poll")).length,
    );
    expect(task!.taskId).toBe(api.delivered[0]!.taskId);
    // The built-in metrics saw the same, through the same seam.
    expect(h.metrics.forTaskType("mw").completed).toBe(1);
    expect(h.metrics.forTaskType("mw").updates).toBe(1);
  });

  test("composeMiddleware nests like a list and forwards notifications", async () => {
    const trace: string[] = [];
    const failures: number[] = [];
    const combined = composeMiddleware(tracing("a", trace), tracing("b", trace), {
      updateFailed: (f) => failures.push(f.attempt),
    });
    const api = new FakeTaskApi();
    api.updateFailures = [503];
    api.add(makeTask("combo"));
    const h = handler(api, {
      workers: [workerTask("combo", () => ({}), { pollTimeoutMs: 0 })],
      middleware: [combined],
      updateRetryBaseMs: 5,
      updateRetryMaxMs: 10,
    });
    await h.start();
    await waitFor(() => api.delivered.length === 1);
    expect(failures).toEqual([1]);
    expect(trace.filter((t) => t.includes(":update:"))).toEqual([
      "a:update:result:update-v2:1",
      "b:update:result:update-v2:1",
      "a:update:result:update-v2:2",
      "b:update:result:update-v2:2",
    ]);
    expect(h.metrics.forTaskType("combo").updateRetries).toBe(1);
  });

  test("bad middleware options name the field", () => {
    const api = new FakeTaskApi();
    expect(() => new TaskHandler({ workers: [], taskApi: api, middleware: [null as never] })).toThrow(
      /middleware\[0\]/,
    );
    expect(() => new TaskHandler({ workers: [], taskApi: api, middleware: {} as never })).toThrow(
      /middleware must be an array/,
    );
    expect(() => new TaskHandler({ workers: [], taskApi: api, prometheus: { client: {} as never } })).toThrow(
      /prometheus.client/,
    );
  });
});

describe("cooperative cancellation", () => {
  test("a long execution the server canceled sees its signal abort with the reason; no result is sent", async () => {
    const api = new FakeTaskApi();
    const [task] = api.add(makeTask("long"));
    let reason: unknown;
    const w = workerTask(
      "long",
      (_i, ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener("abort", () => {
            reason = ctx.signal.reason;
            resolve({ late: true });
          });
        }),
      { pollTimeoutMs: 0, cancelCheckIntervalMs: 30 },
    );
    const canceled: string[] = [];
    const h = handler(api, { workers: [w], events: { onTaskCancel: (e) => canceled.push(e.reason.message) } });
    await h.start();
    await waitFor(() => api.taskChecks.length >= 2, 5000, "two checks while running");
    api.serverStatus.set(task!.taskId!, "CANCELED");
    await waitFor(() => reason !== undefined, 5000, "the abort");
    expect(reason).toBeInstanceOf(TaskCanceledError);
    expect((reason as TaskCanceledError).serverStatus).toBe("CANCELED");
    await waitFor(() => h.metrics.forTaskType("long").canceled === 1);
    await h.stop();
    expect(api.delivered).toEqual([]);
    expect(canceled).toHaveLength(1);
    expect(h.metrics.forTaskType("long").completed).toBe(0);
  });

  test("short executions are never checked; 0 turns the checks off", async () => {
    const api = new FakeTaskApi();
    api.add(...Array.from({ length: 20 }, () => makeTask("short")));
    const h = handler(api, {
      workers: [workerTask("short", () => ({}), { pollTimeoutMs: 0, cancelCheckIntervalMs: 1000 })],
    });
    await h.start();
    await waitFor(() => api.delivered.length === 20);
    expect(api.taskChecks).toEqual([]);
    const off = new FakeTaskApi();
    const [t] = off.add(makeTask("off"));
    off.serverStatus.set(t!.taskId!, "CANCELED");
    const h2 = handler(off, {
      workers: [
        workerTask("off", () => new Promise((r) => setTimeout(() => r({ done: 1 }), 100)), {
          pollTimeoutMs: 0,
          cancelCheckIntervalMs: 0,
        }),
      ],
    });
    await h2.start();
    await waitFor(() => off.delivered.length === 1);
    expect(off.taskChecks).toEqual([]);
  });

  test("a task gone from the server counts as canceled; worker threads see the abort too", async () => {
    const api = new FakeTaskApi();
    const [task] = api.add(makeTask("patient"));
    api.serverStatus.set(task!.taskId!, "gone");
    const w = workerTask(
      "patient",
      () => {
        throw new Error("must run in a thread");
      },
      {
        pollTimeoutMs: 0,
        cancelCheckIntervalMs: 50,
        threads: { module: new URL("./fixtures/cpu-worker.mjs", import.meta.url).href },
      },
    );
    let output: unknown;
    const h = handler(api, {
      workers: [w],
      middleware: [
        {
          async execute(call, next) {
            const result = await next();
            output = result.outputData;
            return result;
          },
        },
      ],
    });
    await h.start();
    await waitFor(() => output !== undefined, 8000, "the thread to stop");
    expect(output).toEqual({ aborted: true, reason: "TaskCanceledError", status: "NOT_FOUND" });
    expect(api.delivered).toEqual([]);
  });
});

describe("structured logs", () => {
  function recordingLogger() {
    const calls: { level: string; args: unknown[] }[] = [];
    const at =
      (level: string) =>
      (...args: unknown[]) =>
        calls.push({ level, args });
    return { calls, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  }

  test("fields go after the message by default and before it for pino; request logging is switchable", async () => {
    for (const position of ["after", "before"] as const) {
      const api = new FakeTaskApi();
      api.updateFailures = [503];
      const [task] = api.add(makeTask("logged"));
      const logger = recordingLogger();
      const h = handler(api, {
        workers: [workerTask("logged", () => ({}), { pollTimeoutMs: 0 })],
        logger,
        logFields: position,
        logRequests: true,
        updateRetryBaseMs: 5,
      });
      await h.start();
      await waitFor(() => api.delivered.length === 1);
      await h.stop();
      const retry = logger.calls.find((c) => c.level === "warn")!;
      const [message, fields] = position === "after" ? retry.args : [retry.args[1], retry.args[0]];
      expect(message).toMatch(/not delivered \(attempt 1\)/);
      expect(fields).toMatchObject({
        taskType: "logged",
        taskId: task!.taskId,
        workflowId: task!.workflowInstanceId,
        attempt: 1,
      });
      const updates = logger.calls.filter((c) => c.level === "debug" && JSON.stringify(c.args).includes('"endpoint"'));
      expect(updates.length).toBe(2);
      const okFields = (position === "after" ? updates[1]!.args[1] : updates[1]!.args[0]) as Record<string, unknown>;
      expect(okFields).toMatchObject({ taskId: task!.taskId, attempt: 2, endpoint: "update-v2" });
      expect(typeof okFields.durationMs).toBe("number");
    }
  });

  test("request logging is off unless asked for (option or CONDUCTOR_WORKER_LOG_REQUESTS)", async () => {
    const api = new FakeTaskApi();
    api.add(makeTask("quiet"));
    const logger = recordingLogger();
    const h = handler(api, { workers: [workerTask("quiet", () => ({}), { pollTimeoutMs: 0 })], logger });
    await h.start();
    await waitFor(() => api.delivered.length === 1);
    expect(logger.calls.filter((c) => c.level === "debug")).toEqual([]);
    const api2 = new FakeTaskApi();
    api2.add(makeTask("loud"));
    const logger2 = recordingLogger();
    const h2 = handler(api2, {
      workers: [workerTask("loud", () => ({}), { pollTimeoutMs: 0 })],
      logger: logger2,
      env: { CONDUCTOR_WORKER_LOG_REQUESTS: "true" },
    });
    await h2.start();
    await waitFor(() => api2.delivered.length === 1);
    expect(logger2.calls.some((c) => c.level === "debug")).toBe(true);
    expect(() => new TaskHandler({ workers: [], taskApi: api, logFields: "middle" as never })).toThrow(/logFields/);
  });
});

describe("probes and signals", () => {
  test("health(): live while running, ready once polls are answered, not ready when every worker is paused or polls fail", async () => {
    const api = new FakeTaskApi();
    const h = handler(api, {
      workers: [workerTask("probe", () => ({}), { pollTimeoutMs: 10, maxErrorBackoffMs: 20 })],
    });
    expect(h.health()).toMatchObject({ live: false, ready: false, state: "new" });
    await h.start();
    await waitFor(() => h.health().ready);
    expect(h.health()).toMatchObject({ live: true, workers: { probe: { paused: false, serverReachable: true } } });
    api.pollFailures = Array.from({ length: 1000 }, () => "network" as const);
    await waitFor(() => !h.health().ready);
    expect(h.health().workers.probe).toMatchObject({ serverReachable: false, lastError: "fetch failed" });
    api.pollFailures = [];
    await waitFor(() => h.health().ready);
    h.setPaused("probe", true);
    expect(h.health().ready).toBe(false);
    await h.stop();
    expect(h.health()).toMatchObject({ live: false, ready: false, state: "stopped" });
  });

  test("handleSignals: true is Temporal's set; a list is taken as given; nonsense is refused", async () => {
    expect(SHUTDOWN_SIGNALS).toEqual(["SIGINT", "SIGTERM", "SIGQUIT", "SIGUSR2"]);
    const before = Object.fromEntries(SHUTDOWN_SIGNALS.map((s) => [s, process.listenerCount(s)]));
    const h = handler(new FakeTaskApi(), { workers: [], handleSignals: true });
    await h.start();
    for (const s of SHUTDOWN_SIGNALS) expect(process.listenerCount(s)).toBe(before[s]! + 1);
    await h.stop();
    for (const s of SHUTDOWN_SIGNALS) expect(process.listenerCount(s)).toBe(before[s]);
    const only = handler(new FakeTaskApi(), { workers: [], handleSignals: ["SIGTERM"] });
    await only.start();
    expect(process.listenerCount("SIGTERM")).toBe(before.SIGTERM! + 1);
    expect(process.listenerCount("SIGINT")).toBe(before.SIGINT);
    await only.stop();
    expect(
      () => new TaskHandler({ workers: [], taskApi: new FakeTaskApi(), handleSignals: ["TERM"] as never }),
    ).toThrow(/handleSignals/);
  });
});
