import type { Task, TaskResult } from "./types.js";
import { COUNTERS, HISTOGRAMS, type CounterName, type HistogramName, metricsMiddleware } from "./metrics.js";
import { composeMiddleware, type ExecuteCall, type WorkerMiddleware } from "./middleware.js";

// The parts of @opentelemetry/api (an optional peer) the SDK uses, typed structurally: the SDK never
// imports it, so without OTel nothing is loaded and nothing costs. Pass `import * as api from "@opentelemetry/api"`.
type OtelContext = unknown;
type Attributes = Record<string, string | number | boolean | undefined>;
export interface OtelSpan {
  setAttribute(key: string, value: string | number | boolean): unknown;
  recordException(exception: Error | string): void;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}
export interface OtelTracer {
  startSpan(name: string, options?: { kind?: number; attributes?: Attributes }, context?: OtelContext): OtelSpan;
}
interface OtelCounter {
  add(value: number, attributes?: Attributes): void;
}
interface OtelHistogram {
  record(value: number, attributes?: Attributes): void;
}
export interface OtelMeter {
  createCounter(name: string, options?: { description?: string; unit?: string }): OtelCounter;
  createHistogram(name: string, options?: { description?: string; unit?: string }): OtelHistogram;
}
/** The `@opentelemetry/api` module, as far as the worker uses it. */
export interface OpenTelemetryApi {
  trace: {
    getTracer(name: string, version?: string): OtelTracer;
    setSpan(context: OtelContext, span: OtelSpan): OtelContext;
  };
  context: {
    active(): OtelContext;
    with<R>(context: OtelContext, fn: () => R): R;
  };
  propagation: {
    inject(context: OtelContext, carrier: Record<string, string>): void;
    extract(context: OtelContext, carrier: Record<string, string>): OtelContext;
  };
  metrics?: { getMeter(name: string, version?: string): OtelMeter };
  SpanKind: { CLIENT: number; CONSUMER: number };
  SpanStatusCode: { ERROR: number };
}

/**
 * The key, in a workflow's input or a task's input, that carries the trace context (the W3C
 * `traceparent`/`tracestate` the configured propagator writes) from the code that started the workflow
 * to the workers of its tasks. Conductor has no headers: its inputs are what it keeps.
 */
export const TRACE_CONTEXT_KEY = "_traceContext";

/**
 * `input` plus the active trace context under TRACE_CONTEXT_KEY: pass the result as the workflow
 * input when starting it, inside the span that should be the parent of the workers' spans.
 *
 * @example
 * ```ts
 * import * as api from "@opentelemetry/api";
 * // Inside the span that should parent the workers' spans:
 * const workflowId = await wf.start(withTraceContext(api, { orderId: "o-1" }));
 * ```
 */
export function withTraceContext<T extends Record<string, unknown>>(
  api: Pick<OpenTelemetryApi, "context" | "propagation">,
  input: T,
): T & { [TRACE_CONTEXT_KEY]: Record<string, string> } {
  const carrier: Record<string, string> = {};
  api.propagation.inject(api.context.active(), carrier);
  return { ...input, [TRACE_CONTEXT_KEY]: carrier };
}

export interface OpenTelemetryOptions {
  /** Tracer and meter name (default "@conductor-ts/sdk"). */
  name?: string;
  /** A span per poll too (default false: idle polls would be a span every 5 s per task type). */
  tracePolls?: boolean;
  /** Record the worker's metrics with the OTel metrics API as well (default true when `api.metrics` exists). */
  metrics?: boolean;
  /**
   * Look the trace context up in the workflow's input when the task's own input has none: one
   * `GET /api/workflow/{id}` per workflow and process, cached (default true).
   */
  lookupWorkflowInput?: boolean;
}

const isCarrier = (value: unknown): value is Record<string, string> =>
  typeof value === "object" && value !== null && typeof (value as { traceparent?: unknown }).traceparent === "string";

function taskAttributes(task: Task, taskType: string): Attributes {
  return {
    "conductor.task.type": taskType,
    "conductor.task.id": task.taskId,
    "conductor.task.ref_name": task.referenceTaskName,
    "conductor.task.attempt": task.retryCount ?? 0,
    "conductor.task.poll_count": task.pollCount ?? 0,
    "conductor.workflow.id": task.workflowInstanceId,
    "conductor.workflow.type": task.workflowType,
  };
}

function recordError(api: OpenTelemetryApi, span: OtelSpan, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: api.SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** The OTel metrics recorder: the Prometheus names as OTel names (`conductor.worker.polls`, ...). */
function otelRecorder(meter: OtelMeter) {
  const otelName = (prom: string) =>
    prom
      .replace(/_total$/, "")
      .replace(/_seconds$/, "")
      .replace(/^conductor_worker_/, "conductor.worker.");
  const counters = new Map<CounterName, OtelCounter>();
  for (const [name, field, help, type] of COUNTERS) {
    if (type === "counter")
      counters.set(field as CounterName, meter.createCounter(otelName(name), { description: help }));
  }
  const histograms = new Map<HistogramName, OtelHistogram>();
  for (const [name, field, help] of HISTOGRAMS) {
    histograms.set(field, meter.createHistogram(otelName(name), { description: help, unit: "s" }));
  }
  return {
    count(name: CounterName, taskType: string, by: number) {
      counters.get(name)?.add(by, { "conductor.task.type": taskType });
    },
    observe(name: HistogramName, taskType: string, seconds: number) {
      histograms.get(name)?.record(seconds, { "conductor.task.type": taskType });
    },
  };
}

/**
 * OpenTelemetry for the worker, as middleware: a CONSUMER span per task execution (the parent is
 * the trace context found under TRACE_CONTEXT_KEY in the task's or the workflow's input), a CLIENT
 * span per update and lease extension (and per poll with `tracePolls`), Conductor attributes on
 * each, errors recorded; and the worker's metrics through the OTel metrics API.
 *
 * @example
 * ```ts
 * import * as api from "@opentelemetry/api";
 * const handler = new TaskHandler({
 *   workers: [greet],
 *   configuration,
 *   middleware: [openTelemetry(api, { tracePolls: false })],
 * });
 * ```
 */
export function openTelemetry(api: OpenTelemetryApi, options: OpenTelemetryOptions = {}): WorkerMiddleware {
  const name = options.name ?? "@conductor-ts/sdk";
  const tracer = api.trace.getTracer(name);
  const lookup = options.lookupWorkflowInput ?? true;
  // The execution's context, so the result's update span is its child.
  const contextOf = new WeakMap<TaskResult, OtelContext>();

  async function parentOf(call: ExecuteCall): Promise<OtelContext> {
    const active = api.context.active();
    let carrier = call.task.inputData?.[TRACE_CONTEXT_KEY];
    if (!isCarrier(carrier) && lookup) carrier = (await call.workflowInput())?.[TRACE_CONTEXT_KEY];
    return isCarrier(carrier) ? api.propagation.extract(active, carrier) : active;
  }

  const tracing: WorkerMiddleware = {
    async execute(call, next) {
      const parent = await parentOf(call);
      const span = tracer.startSpan(
        `execute ${call.taskType}`,
        { kind: api.SpanKind.CONSUMER, attributes: taskAttributes(call.task, call.taskType) },
        parent,
      );
      const context = api.trace.setSpan(parent, span);
      try {
        const result = await api.context.with(context, next);
        contextOf.set(result, context);
        span.setAttribute("conductor.task.status", call.canceled ? "CANCELED" : result.status);
        if (call.canceled) recordError(api, span, call.canceled);
        else if (call.error !== undefined) recordError(api, span, call.error);
        else if (result.status !== "COMPLETED" && result.status !== "IN_PROGRESS") {
          span.setStatus({ code: api.SpanStatusCode.ERROR, message: result.reasonForIncompletion ?? result.status });
        }
        return result;
      } catch (error) {
        recordError(api, span, error);
        throw error;
      } finally {
        span.end();
      }
    },
    async update(call, next) {
      const parent = contextOf.get(call.result) ?? api.context.active();
      const span = tracer.startSpan(
        `${call.kind === "lease" ? "extend lease" : "update"} ${call.taskType}`,
        {
          kind: api.SpanKind.CLIENT,
          attributes: {
            "conductor.task.type": call.taskType,
            "conductor.task.id": call.result.taskId,
            "conductor.workflow.id": call.result.workflowInstanceId,
            "conductor.task.status": call.result.status,
            "conductor.update.attempt": call.attempt,
            "conductor.update.endpoint": call.endpoint,
          },
        },
        parent,
      );
      try {
        return await api.context.with(api.trace.setSpan(parent, span), next);
      } catch (error) {
        recordError(api, span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  };
  if (options.tracePolls) {
    tracing.poll = async (call, next) => {
      const span = tracer.startSpan(`poll ${call.taskType}`, {
        kind: api.SpanKind.CLIENT,
        attributes: { "conductor.task.type": call.taskType, "conductor.poll.count": call.count },
      });
      try {
        const tasks = await next();
        span.setAttribute("conductor.poll.received", Array.isArray(tasks) ? tasks.length : 0);
        return tasks;
      } catch (error) {
        if (!call.signal.aborted) recordError(api, span, error);
        throw error;
      } finally {
        span.end();
      }
    };
  }
  const meter = (options.metrics ?? true) ? api.metrics?.getMeter(name) : undefined;
  return meter ? composeMiddleware(tracing, metricsMiddleware(otelRecorder(meter))) : tracing;
}
