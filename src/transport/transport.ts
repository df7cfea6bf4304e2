import createClient, { type Client } from "openapi-fetch";
import type { Configuration } from "../config/configuration.js";
import { ConductorError } from "../errors/conductor-error.js";
import type { CallOptions, OperationRequest, OperationTransport } from "./operation.js";

// The one module that knows about openapi-fetch. Minimal first version: no auth, no retries.
export class Transport implements OperationTransport {
  private readonly client: Client<Record<string, never>>;

  constructor(readonly configuration: Configuration) {
    // openapi-fetch joins baseUrl and the path template; our paths already start with /api.
    const origin = configuration.serverUrl.replace(/\/api$/, "");
    this.client = createClient({ baseUrl: origin, fetch: configuration.fetch, headers: configuration.headers });
  }

  async call<T>(request: OperationRequest, options: CallOptions = {}): Promise<T> {
    const init = {
      params: { path: request.pathParams, query: request.query },
      body: request.body,
      parseAs: "text" as const,
      headers: { ...(request.bodyType === "text" ? { "Content-Type": "text/plain" } : {}), ...options.headers },
      bodySerializer: request.bodyType === "text" ? (b: unknown) => String(b) : undefined,
      signal: AbortSignal.timeout(options.timeoutMs ?? this.configuration.timeoutMs),
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const { data, error, response } = await (this.client.request as any)(request.method.toLowerCase(), request.path, init);
    if (!response.ok) {
      throw new ConductorError(`${request.operation} failed with HTTP ${response.status}: ${String(error ?? "")}`, {
        status: response.status,
        operation: request.operation,
        body: error,
      });
    }
    const text = typeof data === "string" ? data : "";
    if (request.parseAs === "empty") return undefined as T;
    if (request.parseAs === "text") return text as T;
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }
}
