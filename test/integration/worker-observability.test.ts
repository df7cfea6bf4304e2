// Workers you can watch and steer, against the real server: cooperative cancellation, trace
// propagation from the start call to the workers, prom-client registration and the probes.
import * as otel from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import * as promClient from "prom-client";
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import { Configuration } from "../../src/config/configuration.js";
import {
  openTelemetry,
  TaskCanceledError,
  TaskHandler,
  withTraceContext,
  workerTask,
  type WorkerMiddleware,
} from "../../src/worker/index.js";
import { startFaultProxy } from "../reliability/support/fault-proxy.js";
import {
  getWorkflow,
  registerSequence,
  registerTaskDef,
  startWorkflow,
  uniqueName,
  waitForWorkflows,
} from "../reliability/support/conductor-http.js";
import { eventually } from "../support/eventually.js";

const apiUrl = inject("conductorApiUrl");
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };
const handlers: TaskHandler[] = [];
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.stop()));
});

function handlerFor(options: ConstructorParameters<typeof TaskHandler>[0]): TaskHandler {
  const handler = new TaskHandler({
    configuration: new Configuration({ serverUrl: apiUrl }),
    logger: quiet,
    ...options,
  });
  handlers.push(handler);
  return handler;
}

/** Counts every update attempt that reaches the wire, by kind. */
function updateCounter(): WorkerMiddleware & { results: string[]; leases: string[] } {
  const results: string[] = [];
  const leases: string[] = [];
  return {
    results,
    leases,
    update(call, next) {
      (call.kind === "lease" ? leases : results).push(call.result.taskId);
      return next();
    },
  };
}

describe("cooperative cancellation", () => {
  test("terminating a workflow aborts its running 20 s task within the check interval; no result is sent", async () => {
    const name = uniqueName("obs_long");
    const wf = uniqueName("obs_long_wf");
    await registerTaskDef(apiUrl, { name, retryCount: 0, responseTimeoutSeconds: 60 });
    await registerSequence(apiUrl, wf, [name]);
    const intervalMs = 1000;
    let started: (() => void) | undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    let abortedAt: number | undefined;
    let reason: unknown;
    const worker = workerTask(
      name,
      async (_input, ctx) => {
        started!();
        // A 20 s job that stops as soon as it is told to.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 20_000);
          ctx.signal.addEventListener("abort", () => {
            abortedAt = performance.now();
            reason = ctx.signal.reason;
            clearTimeout(timer);
            resolve();
          });
        });
        return { finished: abortedAt === undefined };
      },
      { cancelCheckIntervalMs: intervalMs, leaseExtension: true },
    );
    const counter = updateCounter();
    const handler = handlerFor({ workers: [worker], middleware: [counter] });
    await handler.start();
    const id = await startWorkflow(apiUrl, wf, {});
    await running;
    // Let the execution pass the check interval first, so the bound below is the steady-state one.
    await new Promise((r) => setTimeout(r, intervalMs + 500));
    const terminatedAt = performance.now();
    const res = await fetch(`${apiUrl}/workflow/${id}?reason=${encodeURIComponent("test terminates it")}`, {
      method: "DELETE",
    });
    expect(res.status).toBeLessThan(300);
    await eventually(
      async () => abortedAt,
      (t) => t !== undefined,
      "the task's signal to abort",
      10_000,
    );
    const detectionMs = abortedAt! - terminatedAt;
    expect(reason).toBeInstanceOf(TaskCanceledError);
    expect((reason as TaskCanceledError).serverStatus).toBe("CANCELED");
    // Detection bound: one check interval plus one GET /api/tasks/{id} (generous on a shared machine).
    expect(detectionMs).toBeLessThan(intervalMs + 1500);
    await eventually(
      async () => handler.metrics.forTaskType(name).canceled,
      (n) => n === 1,
      "the cancellation to be counted",
    );
    await handler.stop();
    expect(counter.results).toEqual([]);
    const view = await getWorkflow(apiUrl, id);
    expect(view.status).toBe("TERMINATED");
    expect(view.tasks[0]!.status).toBe("CANCELED");
    expect(view.tasks[0]!.outputData ?? {}).toEqual({});
    console.log(
      `cancellation: signal aborted ${detectionMs.toFixed(0)} ms after the terminate call (check interval ${intervalMs} ms); ` +
        `result updates sent: ${counter.results.length}, lease extensions: ${counter.leases.length}`,
    );
  }, 60_000);

  test("the cost of a check: one GET /api/tasks/{id} per long execution per interval", async () => {
    const name = uniqueName("obs_cost");
    const wf = uniqueName("obs_cost_wf");
    await registerTaskDef(apiUrl, { name, retryCount: 0 });
    await registerSequence(apiUrl, wf, [name]);
    let taskId = "";
    const worker = workerTask(name, (_i, ctx) => {
      taskId = ctx.taskId;
      return {};
    });
    const handler = handlerFor({ workers: [worker] });
    await handler.start();
    const [id] = [await startWorkflow(apiUrl, wf, {})];
    await waitForWorkflows(apiUrl, [id!], 30_000);
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const r = await fetch(`${apiUrl}/tasks/${taskId}`);
      await r.arrayBuffer();
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    console.log(
      `cancellation check cost: GET /api/tasks/{id} median ${samples[10]!.toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms ` +
        `(one per execution older than cancelCheckIntervalMs, per interval; none for shorter ones)`,
    );
    expect(samples[10]).toBeLessThan(1000);
  }, 60_000);
});

describe("OpenTelemetry", () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    otel.context.setGlobalContextManager(contextManager.enable());
    otel.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    otel.trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    await provider.shutdown();
    otel.trace.disable();
    otel.context.disable();
    otel.propagation.disable();
  });

  test("one trace links the start call and the worker spans of a two-task workflow", async () => {
    const first = uniqueName("obs_t1");
    const second = uniqueName("obs_t2");
    const wf = uniqueName("obs_trace_wf");
    await registerTaskDef(apiUrl, { name: first, retryCount: 0 });
    await registerTaskDef(apiUrl, { name: second, retryCount: 0 });
    await registerSequence(apiUrl, wf, [first, second]);
    const tracer = otel.trace.getTracer("test");
    const inner: string[] = [];
    const handler = handlerFor({
      workers: [
        workerTask(first, (input: { n: number }) => {
          // The user's own spans nest under the execution span.
          tracer.startActiveSpan("inside first", (span) => {
            inner.push(span.spanContext().traceId);
            span.end();
          });
          return { doubled: input.n * 2 };
        }),
        workerTask(second, (input: { n: number }) => ({ n: input.n })),
      ],
      middleware: [openTelemetry(otel)],
    });
    await handler.start();
    const { id, traceId } = await tracer.startActiveSpan("start order workflow", async (span) => {
      const workflowId = await startWorkflow(apiUrl, wf, withTraceContext(otel, { n: 21 }));
      span.end();
      return { id: workflowId, traceId: span.spanContext().traceId };
    });
    const views = await waitForWorkflows(apiUrl, [id], 30_000);
    expect(views.get(id)!.status).toBe("COMPLETED");
    await handler.stop();
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const names = spans.map((s) => s.name).sort();
    expect(names).toEqual(
      [
        "inside first",
        "start order workflow",
        `execute ${first}`,
        `execute ${second}`,
        `update ${first}`,
        `update ${second}`,
      ].sort(),
    );
    const root = spans.find((s) => s.name === "start order workflow")!;
    const executions = spans.filter((s) => s.name.startsWith("execute "));
    for (const span of executions) {
      expect(span.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
      expect(span.attributes["conductor.workflow.id"]).toBe(id);
      expect(span.attributes["conductor.task.attempt"]).toBe(0);
      expect(span.attributes["conductor.task.status"]).toBe("COMPLETED");
      expect(typeof span.attributes["conductor.task.id"]).toBe("string");
    }
    expect(inner).toEqual([traceId]);
    console.log(`otel: trace ${traceId} holds ${spans.length} spans: ${names.join(", ")}`);
  }, 60_000);
});

describe("Prometheus and probes", () => {
  test("worker metrics register into the app's prom-client registry", async () => {
    const name = uniqueName("obs_prom");
    const wf = uniqueName("obs_prom_wf");
    await registerTaskDef(apiUrl, { name, retryCount: 0 });
    await registerSequence(apiUrl, wf, [name]);
    const registry = new promClient.Registry();
    new promClient.Counter({ name: "app_requests_total", help: "the app's own metric", registers: [registry] });
    const handler = handlerFor({
      workers: [workerTask(name, () => ({ ok: true }))],
      prometheus: { client: promClient, registry },
    });
    await handler.start();
    const ids = await Promise.all([1, 2, 3].map(() => startWorkflow(apiUrl, wf, {})));
    await waitForWorkflows(apiUrl, ids, 30_000);
    await eventually(
      async () => handler.metrics.forTaskType(name).updates,
      (n) => n === 3,
      "three results delivered",
    );
    const text = await registry.metrics();
    expect(text).toContain("app_requests_total");
    expect(text).toMatch(new RegExp(`conductor_worker_tasks_completed_total\\{taskType="${name}"\\} 3`));
    expect(text).toMatch(new RegExp(`conductor_worker_updates_total\\{taskType="${name}"\\} 3`));
    expect(text).toMatch(new RegExp(`conductor_worker_execution_duration_seconds_count\\{taskType="${name}"\\} 3`));
    expect(text).toMatch(new RegExp(`conductor_worker_in_flight\\{taskType="${name}"\\} 0`));
  }, 60_000);

  test("/health is live and /ready flips to 503 when the server becomes unreachable", async () => {
    const name = uniqueName("obs_probe");
    const proxy = await startFaultProxy(new URL(apiUrl).origin, { faultRate: 0 });
    const handler = new TaskHandler({
      workers: [workerTask(name, () => ({}), { idlePollTimeoutMs: 500, pollIntervalMs: 50, maxErrorBackoffMs: 200 })],
      configuration: new Configuration({ serverUrl: `${proxy.url}/api` }),
      logger: { ...quiet, error() {} },
      metricsPort: 0,
    });
    handlers.push(handler);
    const url = (path: string) => handler.metricsUrl!.replace(/\/metrics$/, path);
    const probe = async (path: string) => {
      const res = await fetch(url(path));
      return { status: res.status, body: (await res.json()) as { ready: boolean; live: boolean } };
    };
    await handler.start();
    expect((await probe("/health")).status).toBe(200);
    const ready = await eventually(
      () => probe("/ready"),
      (p) => p.status === 200,
      "/ready to answer 200",
    );
    expect(ready.body.ready).toBe(true);
    await proxy.close();
    const unready = await eventually(
      () => probe("/ready"),
      (p) => p.status === 503,
      "/ready to answer 503 with the server unreachable",
    );
    expect(unready.body.ready).toBe(false);
    expect((await probe("/health")).status).toBe(200);
    console.log(`probes: ready 200 via proxy, 503 after the proxy closed; health stays 200`);
  }, 60_000);
});
