// Wire shapes the builder produces, taken from the server's OpenAPI schemas.
import type { components } from "../../generated/types.js";

export type WorkflowTask = components["schemas"]["WorkflowTask"];
export type WorkflowDef = components["schemas"]["WorkflowDef"];
export type TaskDef = components["schemas"]["TaskDef"];
export type StartWorkflowRequest = components["schemas"]["StartWorkflowRequest"];
export type WorkflowTestRequest = components["schemas"]["WorkflowTestRequest"];
export type Workflow = components["schemas"]["Workflow"];
export type Task = components["schemas"]["Task"];
export type TaskMock = components["schemas"]["TaskMock"];
export type CacheConfig = components["schemas"]["CacheConfig"];
export type StateChangeEvent = components["schemas"]["StateChangeEvent"];

/** The generated schemas type free-form maps as `Record<string, never>`; builders accept any JSON-like value. */
export type JsonMap = Record<string, unknown>;

/**
 * Casts a plain object built by this module to a generated wire type. The generated types describe
 * free-form maps too narrowly, so values assembled from `unknown` need one explicit crossing point.
 */
export function asWire<T>(value: unknown): T {
  return value as T;
}
