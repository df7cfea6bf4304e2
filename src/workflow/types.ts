// Wire shapes the builder produces, taken from the server's OpenAPI schemas.
export type {
  CacheConfig,
  StartWorkflowRequest,
  StateChangeEvent,
  Task,
  TaskDef,
  TaskMock,
  Workflow,
  WorkflowDef,
  WorkflowTask,
  WorkflowTestRequest,
} from "../../generated/models.js";

/** The generated schemas type free-form maps as `Record<string, never>`; builders accept any JSON-like value. */
export type JsonMap = Record<string, unknown>;

/**
 * Casts a plain object built by this module to a generated wire type. The generated types describe
 * free-form maps too narrowly, so values assembled from `unknown` need one explicit crossing point.
 */
export function asWire<T>(value: unknown): T {
  return value as T;
}
