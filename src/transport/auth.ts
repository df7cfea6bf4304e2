import type { Configuration } from "../config/configuration.js";
import { ConductorAuthError, ConductorNetworkError, ConductorTimeoutError } from "../errors/conductor-error.js";
import { errorFromResponse } from "../errors/http-error.js";
import { Redactor } from "../errors/redact.js";

/** Header carrying the access token (Orkes Conductor convention). */
export const AUTH_HEADER = "X-Authorization";
const TOKEN_PATH = "/api/token";
const OPERATION = "auth.getToken";

/** Reads `exp` (seconds since epoch) from a JWT without verifying it; undefined when not a JWT. */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[1] === undefined || typeof atob !== "function") return undefined;
  try {
    const b64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const payload = JSON.parse(atob(b64.padEnd(b64.length + ((4 - (b64.length % 4)) % 4), "="))) as { exp?: unknown };
    return typeof payload.exp === "number" && Number.isFinite(payload.exp) ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Gets and caches the access token. Refreshes lazily, when a request needs a token and the cached
 * one is near its expiry: there is no timer, so nothing keeps a process alive. Concurrent callers
 * share one /api/token request. A 404 from /api/token means the server has no auth (Conductor
 * OSS): from then on no token is requested or sent.
 */
export class TokenManager {
  #token: string | undefined;
  #refreshAt = 0;
  #generation = 0;
  #inflight: Promise<string | undefined> | undefined;
  #disabled = false;

  readonly #redactor: Redactor;

  /** `redactor`: where obtained tokens are registered, so errors anywhere can scrub them. */
  constructor(
    private readonly configuration: Configuration,
    private readonly now: () => number = Date.now,
    redactor?: Redactor,
  ) {
    this.#redactor = redactor ?? new Redactor();
    this.#redactor.add(configuration.authSecret);
    this.#redactor.add(configuration.authKey);
  }

  /** True once the server showed it has no token endpoint. */
  get disabled(): boolean {
    return this.#disabled;
  }

  /** Bumped on every new token; lets a 401 invalidate only the token the failed request used. */
  get generation(): number {
    return this.#generation;
  }

  /** The cached token if it is still fresh (no I/O). */
  current(): string | undefined {
    return this.#token !== undefined && this.now() < this.#refreshAt ? this.#token : undefined;
  }

  /** A fresh token, fetching one if needed; undefined when the server has no auth. */
  token(): Promise<string | undefined> | string | undefined {
    if (this.#disabled) return undefined;
    return this.current() ?? this.refresh();
  }

  /** Drops the token of `generation` (if still current) so the next call fetches a new one. */
  invalidate(generation: number): void {
    if (generation === this.#generation) {
      this.#token = undefined;
      this.#refreshAt = 0;
    }
  }

  refresh(): Promise<string | undefined> {
    if (this.#inflight === undefined) {
      this.#inflight = this.#fetchToken()
        .catch((error: unknown) => {
          throw this.#redactor.scrubError(error);
        })
        .finally(() => {
          this.#inflight = undefined;
        });
    }
    return this.#inflight;
  }

  async #fetchToken(): Promise<string | undefined> {
    const { configuration } = this;
    const url = `${configuration.baseUrl}${TOKEN_PATH}`;
    const timeout = AbortSignal.timeout(configuration.timeoutMs);
    let response: Response;
    try {
      // Called unbound: a browser's native fetch throws "Illegal invocation" with another `this`.
      const fetchFn = configuration.fetch;
      response = await fetchFn(url, {
        method: "POST",
        headers: { ...configuration.headers, "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ keyId: configuration.authKey, keySecret: configuration.authSecret }),
        signal: timeout,
        // The secret goes to the configured origin only, never to wherever a redirect points.
        redirect: "error",
      });
    } catch (err) {
      if (timeout.aborted) {
        throw new ConductorTimeoutError(
          `${OPERATION}: no answer from POST ${TOKEN_PATH} within ${configuration.timeoutMs} ms`,
          {
            operation: OPERATION,
            method: "POST",
            path: TOKEN_PATH,
            timeoutMs: configuration.timeoutMs,
          },
        );
      }
      throw new ConductorNetworkError(`${OPERATION}: could not reach ${url}: ${describe(err)}`, {
        operation: OPERATION,
        method: "POST",
        path: TOKEN_PATH,
        cause: err,
      });
    }
    const text = await response.text().catch(() => "");
    if (response.status === 404) {
      this.#disabled = true;
      configuration.logger.info(
        `Conductor at ${configuration.serverUrl} has no ${TOKEN_PATH} endpoint (server without auth); sending requests without a token`,
      );
      return undefined;
    }
    if (!response.ok) {
      const cause = errorFromResponse({
        operation: OPERATION,
        method: "POST",
        path: TOKEN_PATH,
        status: response.status,
        statusText: response.statusText,
        body: text,
      });
      throw new ConductorAuthError(
        `${OPERATION}: could not obtain an access token: ${cause.message.slice(OPERATION.length + 2)}`,
        {
          status: response.status,
          operation: OPERATION,
          method: "POST",
          path: TOKEN_PATH,
          serverMessage: cause.serverMessage,
          retryable: cause.retryable,
        },
      );
    }
    let token: unknown;
    try {
      token = (JSON.parse(text) as { token?: unknown }).token;
    } catch {
      token = undefined;
    }
    if (typeof token !== "string" || token === "") {
      throw new ConductorAuthError(`${OPERATION}: POST ${TOKEN_PATH} answered ${response.status} without a token`, {
        status: response.status,
        operation: OPERATION,
        method: "POST",
        path: TOKEN_PATH,
      });
    }
    const now = this.now();
    const expiresAt = jwtExpiry(token) ?? now + configuration.tokenTtlMs;
    // Refresh ahead of expiry: a minute early, or halfway for very short-lived tokens.
    const lifetime = Math.max(0, expiresAt - now);
    this.#refreshAt = expiresAt - Math.min(60_000, lifetime / 2);
    this.#token = token;
    this.#redactor.addToken(token);
    this.#generation++;
    configuration.logger.debug(`Obtained a Conductor access token (valid for ${Math.round(lifetime / 1000)} s)`);
    return token;
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    // undici hides the useful part (ECONNREFUSED, "bad port", ...) in `cause`.
    if (cause instanceof Error) {
      const code = (cause as { code?: unknown }).code;
      return `${err.message} (${typeof code === "string" ? code : cause.message})`;
    }
    return err.message;
  }
  return String(err);
}

export { describe as describeFetchFailure };
