import { BaseTask, type TaskOptions } from "../task.js";
import type { WorkflowTask } from "../types.js";

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE";

/** The `http_request` input the server's HTTP task reads. */
export interface HttpRequest {
  uri: string;
  /** Defaults to GET. */
  method?: HttpMethod;
  headers?: Record<string, unknown>;
  body?: unknown;
  accept?: string;
  contentType?: string;
  /** Milliseconds. */
  connectionTimeOut?: number;
  /** Milliseconds. */
  readTimeOut?: number;
  [extra: string]: unknown;
}

/**
 * Calls an HTTP endpoint from the server; output has `response.statusCode`, `response.body`, `response.headers`.
 *
 * @example
 * ```ts
 * const weather = new HttpTask("weather", {
 *   uri: `https://api.example.com/weather?city=${wf.input("city")}`,
 *   method: "GET",
 *   accept: "application/json",
 * });
 * wf.add(weather).outputParameters({ forecast: weather.output("response.body") });
 * ```
 */
export class HttpTask extends BaseTask {
  constructor(taskReferenceName: string, request: HttpRequest | string, options: TaskOptions = {}) {
    const req: HttpRequest = typeof request === "string" ? { uri: request } : request;
    super("HTTP", taskReferenceName, taskReferenceName, { http_request: { method: "GET", ...req } }, options);
  }

  /** The request as it will be sent (undefined when rebuilt from a definition without one). */
  get request(): HttpRequest | undefined {
    return this.inputParameters.http_request as HttpRequest | undefined;
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const http = HttpTask.fromWorkflowTask({
   *   name: "weather",
   *   taskReferenceName: "weather",
   *   type: "HTTP",
   *   inputParameters: { http_request: { uri: "https://api.example.com/weather", method: "GET" } },
   * });
   * http.request?.uri; // "https://api.example.com/weather"
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): HttpTask {
    return new HttpTask("", "").restoreFrom(json);
  }
}
