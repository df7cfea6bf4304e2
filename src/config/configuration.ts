import type { Logger } from "./logger.js";

export interface ConfigurationOptions {
  /** Conductor API root, e.g. `http://localhost:8080/api`. A URL without `/api` gets it appended. */
  serverUrl?: string;
  authKey?: string;
  authSecret?: string;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  logger?: Logger;
}

// Minimal first version; the full one (env lookup rules, validation, auth) replaces it.
export class Configuration {
  readonly serverUrl: string;
  readonly authKey: string | undefined;
  readonly authSecret: string | undefined;
  readonly timeoutMs: number;
  readonly headers: Record<string, string>;
  readonly fetch: typeof fetch;
  readonly logger: Logger;

  constructor(options: ConfigurationOptions = {}) {
    const raw = options.serverUrl ?? "http://localhost:8080/api";
    this.serverUrl = raw.replace(/\/+$/, "").endsWith("/api") ? raw.replace(/\/+$/, "") : `${raw.replace(/\/+$/, "")}/api`;
    this.authKey = options.authKey;
    this.authSecret = options.authSecret;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.headers = options.headers ?? {};
    this.fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.logger = options.logger ?? console;
  }
}
