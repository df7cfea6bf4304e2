import { ConfigurationError } from "../errors/conductor-error.js";
import { CREDENTIAL_HEADERS, headerProblem } from "./headers.js";
import { type Logger, loggerProblem } from "./logger.js";

export const DEFAULT_SERVER_URL = "http://localhost:8080/api";
export const DEFAULT_TIMEOUT_MS = 60_000;
/** How long a token without a readable JWT `exp` is trusted. */
export const DEFAULT_TOKEN_TTL_MS = 45 * 60_000;

/** Retry policy for requests that are safe to repeat. */
export interface RetryOptions {
  /** Retries after the first attempt (0 disables retries). Default 3. */
  maxRetries?: number;
  /** Backoff before the first retry, doubled each time. Default 200 ms. */
  baseDelayMs?: number;
  /** Upper bound of a single backoff (also caps Retry-After). Default 5000 ms. */
  maxDelayMs?: number;
}

export interface ConfigurationOptions {
  /**
   * Conductor API root, e.g. `http://localhost:8080/api`. A URL without `/api` gets it appended.
   * Default: `CONDUCTOR_SERVER_URL`, else `http://localhost:8080/api`.
   */
  serverUrl?: string;
  /** Key id for Orkes-style auth. Default: `CONDUCTOR_AUTH_KEY`. */
  authKey?: string;
  /** Key secret for Orkes-style auth. Default: `CONDUCTOR_AUTH_SECRET`. */
  authSecret?: string;
  /** Lifetime assumed for a token whose JWT carries no `exp`, in milliseconds. Default 45 minutes. */
  tokenTtlMs?: number;
  /** Per-request (per attempt) timeout in milliseconds. Default 60 000. */
  timeoutMs?: number;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * More header names that carry credentials (e.g. `X-Api-Key`), besides Authorization,
   * X-Authorization, Proxy-Authorization and Cookie. A request carrying any of them never follows a
   * redirect to another origin, and their values are scrubbed from every error.
   */
  sensitiveHeaders?: string[];
  /** A custom fetch (proxies, instrumentation, tests). Default: the global fetch. */
  fetch?: typeof fetch;
  /** Where the SDK logs. Default: console. */
  logger?: Logger;
  /** Retry policy, or `false` to never retry. */
  retry?: RetryOptions | false;
  /**
   * Environment to read `CONDUCTOR_*` variables from. Default: `process.env` when it exists
   * (never in browsers). Pass `{}` to ignore the environment.
   */
  env?: Record<string, string | undefined>;
}

/** Marks the default `fetch` below, so code from another bundle of this package can recognize it. */
const GLOBAL_FETCH = Symbol.for("conductor-ts.globalFetch");

/** The default `fetch`: the global one, looked up per call so that test doubles installed on globalThis later still apply. */
const globalFetch: typeof fetch = Object.assign(
  (input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init),
  {
    [GLOBAL_FETCH]: true,
  },
);

/** True when `configuration.fetch` is the default (no `fetch` option was given). */
export function usesGlobalFetch(configuration: { readonly fetch: typeof fetch }): boolean {
  return (configuration.fetch as { [GLOBAL_FETCH]?: boolean })[GLOBAL_FETCH] === true;
}

/** Resolved retry policy. */
export interface RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

function processEnv(): Record<string, string | undefined> {
  // Read lazily and guarded: browsers (and some edge runtimes) have no `process`.
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc && typeof proc.env === "object" && proc.env !== null ? proc.env : {};
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** Validates and normalizes a server URL to an API root ending in `/api` (no trailing slash). */
export function normalizeServerUrl(raw: string, source = "serverUrl"): string {
  const bad = (why: string) =>
    new ConfigurationError(`Invalid Conductor server URL ${JSON.stringify(raw)} (from ${source}): ${why}`, {
      option: "serverUrl",
    });
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw bad("expected an absolute http(s) URL such as http://localhost:8080/api");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw bad(`protocol must be http or https, not ${url.protocol}`);
  if (url.search || url.hash) throw bad("it must not carry a query string or fragment");
  // Not echoed: the URL itself holds a password.
  if (url.username || url.password) {
    throw new ConfigurationError(
      `Invalid Conductor server URL (from ${source}): credentials in the URL are not supported; use authKey/authSecret or headers`,
      { option: "serverUrl" },
    );
  }
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.origin}${path.endsWith("/api") ? path : `${path}/api`}`;
}

function positiveNumber(option: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ConfigurationError(
      `Invalid ${option}: expected a ${allowZero ? "non-negative" : "positive"} finite number, got ${String(value)}`,
      { option },
    );
  }
  return value;
}

/**
 * Where and how to reach Conductor. An explicit option always beats the environment; the
 * environment is only read here, in the constructor, never at import time.
 *
 * @example
 * ```ts
 * // Explicit options; anything left out comes from CONDUCTOR_SERVER_URL, CONDUCTOR_AUTH_KEY, ...
 * const configuration = new Configuration({ serverUrl: "http://localhost:8080/api", timeoutMs: 30_000 });
 * const executor = new WorkflowExecutor(configuration);
 * ```
 */
export class Configuration {
  /** Normalized API root, e.g. `http://localhost:8080/api`. */
  readonly serverUrl: string;
  /** Origin plus any path prefix before `/api`: operation paths (`/api/...`) are appended to it. */
  readonly baseUrl: string;
  readonly authKey: string | undefined;
  readonly timeoutMs: number;
  readonly tokenTtlMs: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Lower-case names of the headers that carry credentials (the built-in ones and `sensitiveHeaders`). */
  readonly sensitiveHeaders: readonly string[];
  readonly fetch: typeof fetch;
  readonly logger: Logger;
  readonly retry: RetryPolicy;
  // Private so that logging or serializing the configuration never shows it.
  readonly #authSecret: string | undefined;

  constructor(options: ConfigurationOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new ConfigurationError("Configuration expects an options object", { option: "options" });
    }
    const env = options.env ?? processEnv();
    const explicitUrl = options.serverUrl;
    if (explicitUrl !== undefined && (typeof explicitUrl !== "string" || explicitUrl.trim() === "")) {
      throw new ConfigurationError("Invalid serverUrl: expected a non-empty string", { option: "serverUrl" });
    }
    const envUrl = nonEmpty(env.CONDUCTOR_SERVER_URL);
    if (explicitUrl !== undefined) this.serverUrl = normalizeServerUrl(explicitUrl, "serverUrl option");
    else if (envUrl !== undefined) this.serverUrl = normalizeServerUrl(envUrl, "CONDUCTOR_SERVER_URL");
    else this.serverUrl = DEFAULT_SERVER_URL;
    this.baseUrl = this.serverUrl.slice(0, -"/api".length);

    // Key and secret come as a pair, from the same place.
    const explicitAuth = options.authKey !== undefined || options.authSecret !== undefined;
    const key = explicitAuth ? nonEmpty(options.authKey) : nonEmpty(env.CONDUCTOR_AUTH_KEY);
    const secret = explicitAuth ? nonEmpty(options.authSecret) : nonEmpty(env.CONDUCTOR_AUTH_SECRET);
    const from = explicitAuth ? "options" : "CONDUCTOR_AUTH_KEY/CONDUCTOR_AUTH_SECRET";
    if ((key === undefined) !== (secret === undefined)) {
      throw new ConfigurationError(
        `Incomplete credentials from ${from}: ${key === undefined ? "authKey" : "authSecret"} is missing (both key and secret are needed)`,
        { option: key === undefined ? "authKey" : "authSecret" },
      );
    }
    this.authKey = key;
    this.#authSecret = secret;

    this.timeoutMs = positiveNumber("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.tokenTtlMs = positiveNumber("tokenTtlMs", options.tokenTtlMs, DEFAULT_TOKEN_TTL_MS);

    const headers: Record<string, string> = {};
    if (options.headers !== undefined) {
      if (typeof options.headers !== "object" || options.headers === null) {
        throw new ConfigurationError("Invalid headers: expected an object of header names to string values", {
          option: "headers",
        });
      }
      for (const [name, value] of Object.entries(options.headers)) {
        const problem = headerProblem(name, value);
        if (problem) throw new ConfigurationError(`Invalid headers: ${problem}`, { option: `headers.${name}` });
        headers[name] = value;
      }
    }
    this.headers = Object.freeze(headers);

    const sensitive = new Set(CREDENTIAL_HEADERS);
    if (options.sensitiveHeaders !== undefined) {
      if (!Array.isArray(options.sensitiveHeaders)) {
        throw new ConfigurationError("Invalid sensitiveHeaders: expected an array of header names", {
          option: "sensitiveHeaders",
        });
      }
      options.sensitiveHeaders.forEach((name: unknown, i) => {
        const problem = headerProblem(name, "");
        if (problem)
          throw new ConfigurationError(`Invalid sensitiveHeaders[${i}]: ${problem}`, {
            option: `sensitiveHeaders[${i}]`,
          });
        sensitive.add((name as string).toLowerCase());
      });
    }
    this.sensitiveHeaders = Object.freeze([...sensitive]);

    if (options.fetch !== undefined && typeof options.fetch !== "function") {
      throw new ConfigurationError("Invalid fetch: expected a function", { option: "fetch" });
    }
    this.fetch = options.fetch ?? globalFetch;
    if (options.logger !== undefined) {
      const problem = loggerProblem(options.logger);
      if (problem) throw new ConfigurationError(`Invalid logger: it ${problem}`, { option: "logger" });
    }
    this.logger = options.logger ?? console;

    if (options.retry === false) {
      this.retry = { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0 };
    } else {
      const r = options.retry ?? {};
      const maxRetries = positiveNumber("retry.maxRetries", r.maxRetries, 3, true);
      if (!Number.isInteger(maxRetries)) {
        throw new ConfigurationError(`Invalid retry.maxRetries: expected an integer, got ${maxRetries}`, {
          option: "retry.maxRetries",
        });
      }
      const baseDelayMs = positiveNumber("retry.baseDelayMs", r.baseDelayMs, 200, true);
      const maxDelayMs = positiveNumber("retry.maxDelayMs", r.maxDelayMs, 5_000, true);
      this.retry = Object.freeze({ maxRetries, baseDelayMs, maxDelayMs: Math.max(maxDelayMs, baseDelayMs) });
    }
  }

  /** The key secret (kept off enumerable properties so logs and JSON never show it). */
  get authSecret(): string | undefined {
    return this.#authSecret;
  }

  /** True when a key and secret are configured. */
  get hasCredentials(): boolean {
    return this.authKey !== undefined && this.#authSecret !== undefined;
  }

  /**
   * A loggable view of the settings; the auth secret shows as `[redacted]`.
   *
   * @example
   * ```ts
   * console.log(JSON.stringify(new Configuration({ serverUrl: "http://localhost:8080" })));
   * ```
   */
  toJSON(): Record<string, unknown> {
    return {
      serverUrl: this.serverUrl,
      authKey: this.authKey,
      authSecret: this.#authSecret === undefined ? undefined : "[redacted]",
      timeoutMs: this.timeoutMs,
      headers: Object.keys(this.headers),
      retry: this.retry,
    };
  }
}
