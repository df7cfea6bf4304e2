import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { Configuration } from "../config/configuration.js";
import {
  ConductorAbortedError,
  ConductorError,
  ConductorNetworkError,
  ConductorTimeoutError,
  InvalidArgumentError,
} from "../errors/conductor-error.js";
import { errorFromResponse, isRetryableStatus } from "../errors/http-error.js";
import { Redactor } from "../errors/redact.js";
import { headerProblem } from "../config/headers.js";
import { AUTH_HEADER, TokenManager, describeFetchFailure } from "./auth.js";
import type { CallOptions, OperationRequest, OperationTransport } from "./operation.js";
import { ServerCapabilities } from "./capabilities.js";
import { checkPath } from "./path-params.js";
import { redirectTarget, sendFollowingSameOrigin } from "./redirect.js";
import { backoffDelay, linkSignals, retryAfterMs, sleep } from "./retry.js";

// The one module that knows about openapi-fetch; everything else speaks OperationRequest.

const TEXT_HEADERS: Readonly<Record<string, string>> = Object.freeze({ "Content-Type": "text/plain" });
const textSerializer = (body: unknown): string => String(body);
const NO_SECRETS: readonly string[] = [];

type RequestFn = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/**
 * openapi-fetch builds a WHATWG Request for every call and hands it to fetch. In Node (undici) a
 * Request's string body turns into a stream that is written in pieces, which costs measurable CPU
 * per call on a busy worker. This stand-in carries the same fields to `fetch(url, init)`, which
 * sends a string body in one write. Middleware sees the same `url`, `method` and `headers`.
 */
class PlainRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null | undefined;
  readonly signal: AbortSignal | null | undefined;
  readonly redirect: RequestRedirect | undefined;

  constructor(url: string, init: RequestInit = {}) {
    this.url = url;
    this.method = init.method ?? "GET";
    this.headers = new Headers(init.headers);
    this.body = init.body;
    this.signal = init.signal;
    this.redirect = init.redirect;
  }
}

/** How much longer than the server may hold a call (`serverWaitMs`) the client waits for its answer. */
const SERVER_WAIT_MARGIN_MS = 5_000;

/** An abort signal that fires after `ms` (plain timer: cheaper than AbortSignal.timeout per call). */
function timeoutSignal(ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, "TimeoutError")), ms);
  // Never keep a Node process alive just for a request timeout.
  (timer as { unref?: () => void }).unref?.();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** What one attempt of call() gets back (openapi-fetch's result shape). */
export type SendResult = Awaited<ReturnType<RequestFn>>;

/**
 * Sends one attempt another way than openapi-fetch + fetch; `viaFetch` is the default path, for
 * what the sender does not handle. Set only by the Node worker entry (worker-transport.ts).
 */
export type Sender = (
  request: OperationRequest,
  resolvedPath: string,
  init: Record<string, unknown>,
  headers: Readonly<Record<string, string>> | undefined,
  viaFetch: () => Promise<SendResult>,
) => Promise<SendResult>;

const senders = new WeakMap<Transport, Sender>();

/** Routes this transport's attempts through `sender` (not part of the public API). */
export function useSender(transport: Transport, sender: Sender): Transport {
  senders.set(transport, sender);
  return transport;
}

/** Answers with a 401 carrying one of these mean "get a new token and try again". */
function isStaleTokenAnswer(status: number, body: unknown): boolean {
  if (status !== 401) return false;
  const text = typeof body === "string" ? body : JSON.stringify(body ?? "");
  return text.includes("EXPIRED_TOKEN") || text.includes("INVALID_TOKEN");
}

/**
 * Sends operations to the server: base URL, auth tokens, timeouts, retries, and typed errors.
 *
 * @example
 * ```ts
 * // The typed clients sit on it; call it directly for an endpoint they do not wrap:
 * const transport = new Transport(new Configuration({ serverUrl: "http://localhost:8080/api" }));
 * const defs = await transport.call<WorkflowDef[]>({
 *   operation: "metadata.getWorkflowDefs",
 *   method: "GET",
 *   path: "/api/metadata/workflow",
 *   idempotent: true,
 * });
 * ```
 */
export class Transport implements OperationTransport {
  readonly configuration: Configuration;
  /** Present when credentials are configured. */
  readonly tokens: TokenManager | undefined;
  readonly #request: RequestFn;
  readonly #client: Client<Record<string, never>>;
  readonly #authMiddleware: Middleware | undefined;
  /** Scrubs the key secret, tokens and credential header values from every error this transport throws. */
  readonly #redactor = new Redactor();
  readonly #sensitive: ReadonlySet<string>;
  /** Whether every request carries credentials (a token, or a credential header in the configuration). */
  readonly #alwaysCredentialed: boolean;
  readonly #configuredCredentialHeaders: readonly string[];
  /** Turns a 404 from an operation newer than the server into a ServerVersionError. */
  readonly #capabilities = new ServerCapabilities(async () => {
    const read = <T>(path: string, parseAs: "text" | "json") =>
      this.#call<T>(
        { operation: "server.version", method: "GET", path, parseAs, idempotent: true },
        undefined,
        this.#configuredCredentialHeaders,
      ).catch(() => undefined);
    const version = await read<string>("/api/version", "text");
    if (typeof version === "string" && /^\s*"?\d+\.\d+/.test(version)) return version;
    // Servers before 3.32 (3.21.14) have no /api/version; their admin config carries the build version.
    const config = await read<Record<string, unknown>>("/api/admin/config", "json");
    return typeof config?.["version"] === "string" ? config["version"] : undefined;
  });

  constructor(configuration: Configuration) {
    this.configuration = configuration;
    const send = configuration.fetch;
    this.#sensitive = new Set(configuration.sensitiveHeaders);
    this.#configuredCredentialHeaders = Object.keys(configuration.headers).filter((h) =>
      this.#sensitive.has(h.toLowerCase()),
    );
    this.#redactor.add(configuration.authSecret);
    this.#redactor.add(configuration.authKey);
    for (const name of this.#configuredCredentialHeaders) this.#redactor.add(configuration.headers[name]);
    this.#alwaysCredentialed = configuration.hasCredentials || this.#configuredCredentialHeaders.length > 0;
    this.#client = createClient({
      baseUrl: configuration.baseUrl,
      Request: PlainRequest as unknown as typeof Request,
      fetch: ((request: PlainRequest) =>
        sendFollowingSameOrigin(send, request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: request.signal,
          redirect: request.redirect,
        })) as unknown as typeof fetch,
      headers: configuration.headers,
    });
    this.#request = this.#client.request as unknown as RequestFn;
    if (configuration.hasCredentials) {
      const tokens = new TokenManager(configuration, undefined, this.#redactor);
      this.tokens = tokens;
      this.#authMiddleware = {
        onRequest: async ({ request }) => {
          const token = tokens.current() ?? (await tokens.token());
          if (token !== undefined) request.headers.set(AUTH_HEADER, token);
          else if (tokens.disabled) this.#dropAuth();
          return request;
        },
      };
      this.#client.use(this.#authMiddleware);
    }
  }

  // No middleware at all on servers without auth: keeps the per-call path as short as plain fetch.
  #dropAuth(): void {
    if (this.#authMiddleware !== undefined) this.#client.eject(this.#authMiddleware);
  }

  /**
   * Sends one operation and resolves with its parsed answer; failures reject with a ConductorError.
   *
   * @example
   * ```ts
   * const run = await transport.call<Workflow>({
   *   operation: "workflow.getWorkflow",
   *   method: "GET",
   *   path: "/api/workflow/{workflowId}",
   *   pathParams: { workflowId },
   *   query: { includeTasks: false },
   *   idempotent: true,
   * });
   * ```
   */
  async call<T>(request: OperationRequest, options?: CallOptions): Promise<T> {
    let callSecrets = NO_SECRETS;
    let credentialHeaders = this.#configuredCredentialHeaders;
    if (options?.headers !== undefined) {
      for (const [name, value] of Object.entries(options.headers)) {
        const problem = headerProblem(name, value);
        if (problem !== undefined) {
          throw new InvalidArgumentError(`${request.operation}: ${problem}`, {
            argument: `headers.${name}`,
            operation: request.operation,
          });
        }
        if (this.#sensitive.has(name.toLowerCase())) {
          callSecrets = callSecrets === NO_SECRETS ? [value] : [...callSecrets, value];
          credentialHeaders = [...credentialHeaders, name];
        }
      }
    }
    try {
      return await this.#call<T>(request, options, credentialHeaders);
    } catch (error) {
      // Whatever went wrong, no secret leaves in the error.
      const scrubbed = this.#redactor.scrubError(error, callSecrets);
      throw await this.#capabilities.explain(scrubbed, request);
    }
  }

  async #call<T>(
    request: OperationRequest,
    options: CallOptions | undefined,
    credentialHeaders: readonly string[],
  ): Promise<T> {
    const resolvedPath = checkPath(request);
    const credentialed = this.#alwaysCredentialed || credentialHeaders.length > 0;
    const configuration = this.configuration;
    const policy = configuration.retry;
    const mayRetry = options?.retry ?? request.idempotent;
    const callerSignal = options?.signal;
    const timeoutMs =
      options?.timeoutMs ??
      (options?.serverWaitMs === undefined
        ? configuration.timeoutMs
        : Math.max(configuration.timeoutMs, options.serverWaitMs + SERVER_WAIT_MARGIN_MS));
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
      throw new InvalidArgumentError(
        `${request.operation}: timeoutMs must be a positive number of milliseconds (got ${String(timeoutMs)})`,
        { argument: "timeoutMs", operation: request.operation },
      );
    }
    const isText = request.bodyType === "text";
    const headers =
      options?.headers === undefined
        ? isText
          ? TEXT_HEADERS
          : undefined
        : isText
          ? { ...TEXT_HEADERS, ...options.headers }
          : options.headers;
    const init: Record<string, unknown> = {
      params: { path: request.pathParams, query: request.query },
      body: request.body,
      parseAs: "text",
      headers,
      bodySerializer: isText ? textSerializer : undefined,
      signal: undefined,
      // A request carrying credentials never follows a redirect to another origin.
      redirect: credentialed ? "manual" : "follow",
    };
    const sender = senders.get(this);
    let attempt = 0;
    let staleTokenRetried = false;

    for (;;) {
      if (callerSignal?.aborted) throw this.#aborted(request, resolvedPath, callerSignal.reason);
      // Get the token before sending, so a 401 can tell which token generation it rejected.
      const tokens = this.tokens;
      if (tokens !== undefined && !tokens.disabled && tokens.current() === undefined) await tokens.token();
      const generation = tokens?.generation ?? 0;
      const timer = timeoutSignal(timeoutMs);
      const timeout = timer.signal;
      const linked = callerSignal === undefined ? undefined : linkSignals(callerSignal, timeout);
      init.signal = linked === undefined ? timeout : linked.signal;
      let result: Awaited<ReturnType<RequestFn>>;
      try {
        result =
          sender === undefined
            ? await this.#request(request.method, request.path, init)
            : await sender(request, resolvedPath, init, headers, () =>
                this.#request(request.method, request.path, init),
              );
      } catch (err) {
        timer.clear();
        linked?.release();
        if (err instanceof ConductorError) throw err; // from the token request
        if (callerSignal?.aborted) throw this.#aborted(request, resolvedPath, callerSignal.reason);
        if (timeout.aborted) {
          throw new ConductorTimeoutError(
            `${request.operation}: no answer from ${request.method} ${resolvedPath} within ${timeoutMs} ms`,
            { operation: request.operation, method: request.method, path: resolvedPath, timeoutMs, cause: err },
          );
        }
        const failure = describeFetchFailure(err);
        const networkError = new ConductorNetworkError(
          `${request.operation}: ${request.method} ${configuration.baseUrl}${resolvedPath} failed: ${failure}`,
          { operation: request.operation, method: request.method, path: resolvedPath, cause: err },
        );
        if (mayRetry && attempt < policy.maxRetries) {
          await this.#backoff(
            request,
            resolvedPath,
            attempt++,
            backoffDelay(attempt - 1, policy),
            failure,
            callerSignal,
          );
          continue;
        }
        throw networkError;
      }

      timer.clear();
      linked?.release();
      const response = result.response;
      if (response.ok) {
        if (request.parseAs === "empty") return undefined as T;
        const text = typeof result.data === "string" ? result.data : "";
        if (request.parseAs === "text") return text as T;
        if (text === "") return undefined as T;
        try {
          return JSON.parse(text) as T;
        } catch (err) {
          throw new ConductorError(
            `${request.operation}: ${request.method} ${resolvedPath} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
            {
              status: response.status,
              operation: request.operation,
              method: request.method,
              path: resolvedPath,
              body: text,
              cause: err,
            },
          );
        }
      }

      const status = response.status;
      if (
        this.tokens !== undefined &&
        !this.tokens.disabled &&
        !staleTokenRetried &&
        isStaleTokenAnswer(status, result.error)
      ) {
        // The server rejected our token: refresh once and repeat (the request was not processed).
        staleTokenRetried = true;
        this.tokens.invalidate(generation);
        configuration.logger.debug(`${request.operation}: access token rejected; refreshing it and retrying once`);
        continue;
      }
      if (mayRetry && isRetryableStatus(status) && attempt < policy.maxRetries) {
        const asked = status === 429 || status === 503 ? retryAfterMs(response.headers.get("Retry-After")) : undefined;
        const delay = asked === undefined ? backoffDelay(attempt, policy) : Math.min(asked, policy.maxDelayMs);
        attempt++;
        await this.#backoff(request, resolvedPath, attempt - 1, delay, `HTTP ${status}`, callerSignal);
        continue;
      }
      if (response.type === "opaqueredirect" || (status >= 300 && status < 400 && status !== 304)) {
        const target = redirectTarget(response, `${configuration.baseUrl}${resolvedPath}`);
        const where =
          target === undefined
            ? ""
            : target.origin === new URL(configuration.baseUrl).origin
              ? " (too many redirects)"
              : ` to another origin (${target.origin})`;
        const carrying =
          credentialHeaders.length > 0
            ? credentialHeaders.join(", ")
            : this.tokens !== undefined
              ? AUTH_HEADER
              : "credentials";
        throw new ConductorError(
          `${request.operation}: ${request.method} ${resolvedPath} answered ${status === 0 ? "" : `${status} `}with a redirect${where}; ` +
            `not followed because the request carries ${carrying} (point serverUrl at the final address)`,
          { status, operation: request.operation, method: request.method, path: resolvedPath },
        );
      }
      throw errorFromResponse({
        operation: request.operation,
        method: request.method,
        path: resolvedPath,
        status,
        statusText: response.statusText,
        body: result.error ?? "",
        requestId: response.headers.get("x-request-id") ?? response.headers.get("x-correlation-id") ?? undefined,
      });
    }
  }

  async #backoff(
    request: OperationRequest,
    path: string,
    attempt: number,
    delayMs: number,
    reason: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    this.configuration.logger.warn(
      `${request.operation}: ${request.method} ${path} failed (${reason}); retry ${attempt + 1} of ${this.configuration.retry.maxRetries} in ${delayMs} ms`,
    );
    try {
      await sleep(delayMs, signal);
    } catch (reasonForAbort) {
      throw this.#aborted(request, path, reasonForAbort);
    }
  }

  #aborted(request: OperationRequest, path: string, reason: unknown): ConductorAbortedError {
    return new ConductorAbortedError(`${request.operation}: ${request.method} ${path} was aborted by the caller`, {
      operation: request.operation,
      method: request.method,
      path,
      cause: reason,
    });
  }
}
