// Node-only entry (`./worker`): the worker runtime. Its exports are the public API (listed in
// test/unit/build/public-api.test.ts); the poll loop's parts (HttpTaskApi, settings resolution) stay internal.
export { workerTask, Worker } from "./worker.js";
export type { WorkerOptions, WorkerSettings, WorkerFunction, ThreadPoolOptions, TaskInput } from "./worker.js";
export { WorkerTask, workersOf } from "./decorator.js";
export { TaskHandler } from "./task-handler.js";
export type { TaskHandlerOptions } from "./task-handler.js";
export { inProgress, isInProgress } from "./result.js";
export type { InProgress } from "./result.js";
export { NonRetryableError, WorkerConfigError, TaskTimeoutError } from "./errors.js";
export { InputValidationError } from "./schema.js";
export { getTaskContext } from "./context.js";
export type { TaskContext } from "./context.js";
export type { WorkerEvents, ResultLostEvent, ResultLostReason } from "./events.js";
export { WorkerMetrics } from "./metrics.js";
export type { TaskApi, BatchPollRequest } from "./task-api.js";
export type { Task, TaskResult, TaskExecLog } from "./types.js";

// Errors are exported from every entry point, so `instanceof ConductorError` works wherever users import from.
export * from "../errors/public.js";
