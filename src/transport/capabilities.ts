// Capability detection: an operation newer than the connected server answers 404 (or 405 where the path
// exists with other methods). For operations newer than the oldest supported server (their generated request
// carries `minServerVersion`, from spec/min-versions.yaml), the transport then reads GET /api/version once and, when the server is older than the
// operation's minimum, throws ServerVersionError naming both versions instead of a bare 404. (Servers
// without /api/version, such as 3.21.14, report their version in GET /api/admin/config.)
import { ConductorError, ServerVersionError } from "../errors/index.js";
import type { OperationRequest } from "./operation.js";

/** Compares dotted versions numerically ("3.21.14" < "3.32.1"); a pre-release suffix is ignored. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .split(/[^0-9]+/)
      .filter(Boolean)
      .map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export class ServerCapabilities {
  #version: Promise<string | undefined> | undefined;
  readonly #readVersion: () => Promise<string | undefined>;
  readonly #table: Readonly<Record<string, string>> | undefined;

  constructor(
    readVersion: () => Promise<string | undefined>,
    /** Minimum versions by `METHOD /path`, for requests that do not carry their own (generated/min-versions.ts). */
    table?: Readonly<Record<string, string>>,
  ) {
    this.#readVersion = readVersion;
    this.#table = table;
  }

  /** The version the server reports, read once (undefined when it does not say). */
  serverVersion(): Promise<string | undefined> {
    this.#version ??= this.#readVersion().then(
      (v) => (typeof v === "string" && /^\d+\.\d+/.test(v.trim()) ? v.trim().replace(/^"|"$/g, "") : undefined),
      () => undefined,
    );
    return this.#version;
  }

  /** The error to throw for `error`: a ServerVersionError when the server is too old for the operation. */
  async explain(error: unknown, request: OperationRequest): Promise<unknown> {
    if (!(error instanceof ConductorError) || (error.status !== 404 && error.status !== 405)) return error;
    // A 404 that names a missing entity ("No such workflow found by id: …") is the operation answering; only a
    // missing route (Spring's "No static resource …", or a body that is not Conductor's) asks about the version.
    if (error.status === 404 && error.serverMessage !== undefined && !/^No static resource/i.test(error.serverMessage))
      return error;
    const minimum = request.minServerVersion ?? this.#table?.[`${request.method} ${request.path}`];
    if (minimum === undefined) return error;
    const server = await this.serverVersion();
    if (server === undefined || compareVersions(server, minimum) >= 0) return error;
    return new ServerVersionError(
      `${request.operation} (${request.method} ${request.path}) needs Conductor ${minimum} or newer; ` +
        `the server runs ${server} and answered ${error.status}`,
      {
        minimumVersion: minimum,
        serverVersion: server,
        status: error.status,
        operation: request.operation,
        method: request.method,
        path: error.path ?? request.path,
        body: error.body,
        cause: error,
      },
    );
  }
}
