// Node-only entry (`./worker`): the worker runtime. Its exports are the public API (listed in
// test/unit/build/public-api.test.ts); the poll loop's parts (HttpTaskApi, settings resolution) stay internal.
export { workerTask, Worker } from "./worker.js";
export type { WorkerOptions, WorkerSettings, WorkerFunction, ThreadPoolOptions, TaskInput } from "./worker.js";
export { WorkerTask, workersOf } from "./decorator.js";
export { TaskHandler } from "./task-handler.js";
export type { TaskHandlerOptions } from "./task-handler.js";
export { SHUTDOWN_SIGNALS } from "./task-handler.js";
export { inProgress, isInProgress } from "./result.js";
export type { InProgress } from "./result.js";
export {
  NonRetryableError,
  WorkerConfigError,
  WorkerStateError,
  TaskTimeoutError,
  TaskCanceledError,
} from "./errors.js";
export { InputValidationError } from "./schema.js";
export { getTaskContext } from "./context.js";
export type { TaskContext } from "./context.js";
export type { WorkerEvents, ResultLostEvent, ResultLostReason } from "./events.js";
export { WorkerMetrics, metricsMiddleware } from "./metrics.js";
export type { MetricsRecorder, CounterName, HistogramName } from "./metrics.js";
export { composeMiddleware } from "./middleware.js";
export type { WorkerMiddleware, PollCall, ExecuteCall, UpdateCall, UpdateFailure } from "./middleware.js";
export { openTelemetry, withTraceContext, TRACE_CONTEXT_KEY } from "./otel.js";
export type { OpenTelemetryApi, OpenTelemetryOptions } from "./otel.js";
export type { PrometheusOptions, PromClient, PromRegistry } from "./prometheus.js";
export type { HealthStatus, WorkerHealth } from "./health.js";
export type { LogFields, LogFieldsPosition } from "./log.js";
export type { TaskApi, BatchPollRequest } from "./task-api.js";
export type { Task, TaskResult, TaskExecLog } from "./types.js";

// Errors are exported from every entry point, so `instanceof ConductorError` works wherever users import from.
export * from "../errors/public.js";
