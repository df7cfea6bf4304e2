// One error family for everything the SDK throws. Branded with a registry symbol so `instanceof`
// works even when an ESM and a CommonJS copy of the package are loaded side by side.

const BRAND: unique symbol = Symbol.for("conductor-ts.sdk.error") as never;

/** Machine-readable category of a {@link ConductorError}. */
export type ConductorErrorCode =
  /** The server answered with an HTTP error status. */
  | "HTTP"
  /** The request never got an HTTP answer (connection refused, DNS, reset, ...). */
  | "NETWORK"
  /** The request took longer than the configured or per-call timeout. */
  | "TIMEOUT"
  /** The caller's AbortSignal cancelled the request. */
  | "ABORTED"
  /** The Configuration is invalid. */
  | "CONFIGURATION"
  /** Obtaining an access token failed. */
  | "AUTH"
  /** An argument passed to an SDK method is invalid; nothing was sent. */
  | "INVALID_ARGUMENT"
  /** The server does not offer this operation. */
  | "UNSUPPORTED"
  /** Raised by the worker runtime or a task handler (misconfiguration, task timeout, cancellation, ...). */
  | "WORKER"
  /** Raised by the testing kit (LocalConductor, its cluster, the fake LLM provider). */
  | "TESTING"
  /** Raised by the code generator (`npm run generate`, `npm run spec:pull`, `conductor-ts generate`). */
  | "GENERATOR";

// One entry of the server's `validationErrors` list (a 400 answer names each bad field): the wire model.
import type { FieldValidationError } from "../../generated/models.js";
export type { FieldValidationError };

export interface ConductorErrorInit {
  code?: ConductorErrorCode;
  status?: number;
  operation?: string;
  method?: string;
  /** Request path without the query string, e.g. `/api/workflow/abc`. */
  path?: string;
  serverMessage?: string;
  validationErrors?: FieldValidationError[];
  retryable?: boolean;
  /** The server's `instance` field (the node that answered). */
  instance?: string;
  /** Request id from the response headers, when the server or a proxy sends one. */
  requestId?: string;
  body?: unknown;
  cause?: unknown;
}

/**
 * The base of every error the SDK throws: `code` says the category, HTTP errors carry the server's answer.
 *
 * @example
 * ```ts
 * try {
 *   await workflowClient.getWorkflow(workflowId);
 * } catch (error) {
 *   if (error instanceof NotFoundError) console.warn(`no workflow ${workflowId}`);
 *   else if (error instanceof ConductorError && error.retryable) setTimeout(retry, 5_000);
 *   else if (error instanceof ConductorError) console.error(error.code, error.status, error.operation, error.serverMessage);
 *   else throw error;
 * }
 * ```
 */
export class ConductorError extends Error {
  /** Name used for the cross-copy brand; subclasses declare their own. */
  static readonly kind: string = "ConductorError";

  readonly code: ConductorErrorCode;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** SDK operation name, e.g. `workflow.getWorkflow`. */
  readonly operation: string | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  /** The `message` field of the server's ErrorResponse. */
  readonly serverMessage: string | undefined;
  readonly validationErrors: FieldValidationError[];
  /** Whether repeating the same request may succeed. */
  readonly retryable: boolean;
  readonly instance: string | undefined;
  readonly requestId: string | undefined;
  /** Parsed response body (object for JSON, string otherwise). */
  readonly body: unknown;

  constructor(message: string, init: ConductorErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code ?? "HTTP";
    this.status = init.status;
    this.operation = init.operation;
    this.method = init.method;
    this.path = init.path;
    this.serverMessage = init.serverMessage;
    this.validationErrors = init.validationErrors ?? [];
    this.retryable = init.retryable ?? false;
    this.instance = init.instance;
    this.requestId = init.requestId;
    this.body = init.body;
    // The brand lists every class in the chain, so `x instanceof ConductorTimeoutError` can be
    // answered by any copy of this module.
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === "function" && c !== Error; c = Object.getPrototypeOf(c)) {
      if (Object.prototype.hasOwnProperty.call(c, "kind")) kinds.push((c as unknown as { kind: string }).kind);
    }
    Object.defineProperty(this, BRAND, { value: kinds, enumerable: false });
    Object.defineProperty(this, "name", {
      value: new.target.name || "ConductorError",
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }

  /**
   * `instanceof` by the error's brand, so it holds across copies of the package.
   *
   * @example
   * ```ts
   * // Works even when error came from the CommonJS copy of the package and the class from the ESM one:
   * if (error instanceof ConductorTimeoutError) console.warn(`gave up after ${error.timeoutMs} ms`);
   * ```
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // A user subclass that declares no `kind` falls back to the ordinary prototype check.
    if (!Object.prototype.hasOwnProperty.call(this, "kind")) {
      return Function.prototype[Symbol.hasInstance].call(this, value);
    }
    if (typeof value !== "object" || value === null) return false;
    const kinds = (value as { [BRAND]?: unknown })[BRAND];
    return Array.isArray(kinds) && kinds.includes((this as unknown as { kind: string }).kind);
  }
}

/**
 * The request got no HTTP answer. Safe-to-repeat requests are retried before this surfaces.
 *
 * @example
 * ```ts
 * try {
 *   await workflowClient.getWorkflow(workflowId);
 * } catch (error) {
 *   if (error instanceof ConductorNetworkError) console.error(`server unreachable: ${error.message}`, error.cause);
 *   else throw error;
 * }
 * ```
 */
export class ConductorNetworkError extends ConductorError {
  static override readonly kind: string = "ConductorNetworkError";
  constructor(message: string, init: ConductorErrorInit = {}) {
    super(message, { retryable: true, ...init, code: "NETWORK" });
  }
}

/**
 * The request exceeded its timeout (Configuration.timeoutMs or CallOptions.timeoutMs).
 *
 * @example
 * ```ts
 * try {
 *   await workflowClient.getWorkflow(workflowId, {}, { timeoutMs: 2_000 });
 * } catch (error) {
 *   if (error instanceof ConductorTimeoutError) console.warn(`no answer within ${error.timeoutMs} ms`);
 *   else throw error;
 * }
 * ```
 */
export class ConductorTimeoutError extends ConductorError {
  static override readonly kind: string = "ConductorTimeoutError";
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number | undefined;
  constructor(message: string, init: ConductorErrorInit & { timeoutMs?: number } = {}) {
    super(message, { retryable: true, ...init, code: "TIMEOUT" });
    this.timeoutMs = init.timeoutMs;
  }
}

/**
 * The caller's AbortSignal cancelled the request; `cause` is the signal's reason.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * setTimeout(() => controller.abort("user left"), 1_000);
 * try {
 *   await workflowClient.getWorkflow(workflowId, {}, { signal: controller.signal });
 * } catch (error) {
 *   if (!(error instanceof ConductorAbortedError)) throw error; // error.cause === "user left"
 * }
 * ```
 */
export class ConductorAbortedError extends ConductorError {
  static override readonly kind: string = "ConductorAbortedError";
  constructor(message: string, init: ConductorErrorInit = {}) {
    super(message, { ...init, code: "ABORTED", retryable: false });
  }
}

/**
 * Invalid Configuration options, raised by the constructor.
 *
 * @example
 * ```ts
 * try {
 *   new Configuration({ serverUrl: "localhost:8080" }); // no scheme
 * } catch (error) {
 *   if (error instanceof ConfigurationError) console.error(`fix option ${error.option}: ${error.message}`);
 * }
 * ```
 */
export class ConfigurationError extends ConductorError {
  static override readonly kind: string = "ConfigurationError";
  /** The option that was wrong, e.g. `serverUrl`. */
  readonly option: string;
  constructor(message: string, init: ConductorErrorInit & { option: string }) {
    super(message, { ...init, code: "CONFIGURATION" });
    this.option = init.option;
  }
}

/**
 * Getting an access token from /api/token failed (wrong key or secret, server error, ...).
 *
 * @example
 * ```ts
 * try {
 *   await metadataClient.getAllWorkflowDefs();
 * } catch (error) {
 *   if (error instanceof ConductorAuthError) console.error("check CONDUCTOR_AUTH_KEY / CONDUCTOR_AUTH_SECRET:", error.message);
 *   else throw error;
 * }
 * ```
 */
export class ConductorAuthError extends ConductorError {
  static override readonly kind: string = "ConductorAuthError";
  constructor(message: string, init: ConductorErrorInit = {}) {
    super(message, { ...init, code: "AUTH" });
  }
}

/**
 * An argument is invalid; the request was not sent.
 *
 * @example
 * ```ts
 * try {
 *   WaitTask.forDuration("pause", "ten minutes");
 * } catch (error) {
 *   if (error instanceof InvalidArgumentError) console.error(`${error.argument}: ${error.message}`); // "wait.duration: ..."
 * }
 * ```
 */
export class InvalidArgumentError extends ConductorError {
  static override readonly kind: string = "InvalidArgumentError";
  /** The argument that was wrong. */
  readonly argument: string;
  constructor(message: string, init: ConductorErrorInit & { argument: string }) {
    super(message, { ...init, code: "INVALID_ARGUMENT" });
    this.argument = init.argument;
  }
}

/**
 * The server does not implement this operation (e.g. an Orkes-only endpoint on Conductor OSS).
 *
 * @example
 * ```ts
 * try {
 *   await workflowClient.getWorkflow(workflowId);
 * } catch (error) {
 *   if (error instanceof UnsupportedOperationError) console.warn(`not on this server: ${error.message}`);
 *   else throw error;
 * }
 * ```
 */
export class UnsupportedOperationError extends ConductorError {
  static override readonly kind: string = "UnsupportedOperationError";
  constructor(message: string, init: ConductorErrorInit = {}) {
    super(message, { ...init, code: "UNSUPPORTED" });
  }
}

/**
 * The operation needs a newer server than the one connected: the server answered 404 (or 405) for an
 * operation that first appeared in `minimumVersion`, and reports `serverVersion` at GET /api/version.
 *
 * @example
 * ```ts
 * try {
 *   await workflowClient.getWorkflow(workflowId);
 * } catch (error) {
 *   if (error instanceof ServerVersionError) {
 *     console.error(`needs Conductor ${error.minimumVersion}, the server runs ${error.serverVersion}`);
 *   } else throw error;
 * }
 * ```
 */
export class ServerVersionError extends UnsupportedOperationError {
  static override readonly kind: string = "ServerVersionError";
  /** The oldest Conductor version known to have the operation. */
  readonly minimumVersion: string;
  /** What the server reports at GET /api/version. */
  readonly serverVersion: string;
  constructor(message: string, init: ConductorErrorInit & { minimumVersion: string; serverVersion: string }) {
    super(message, init);
    this.minimumVersion = init.minimumVersion;
    this.serverVersion = init.serverVersion;
  }
}

// The HTTP statuses users branch on get their own class; every other status stays a plain ConductorError
// (code "HTTP") whose `status` and `retryable` say enough: 5xx/429 are retried by the transport first,
// and 401/403 mean the same fix (credentials or permissions) so a class would add nothing over `status`.

/**
 * 400: the server rejected the request; `fieldErrors` names each bad field the server listed.
 *
 * @example
 * ```ts
 * try {
 *   await metadataClient.registerTaskDef({ name: "charge", timeoutSeconds: -1, totalTimeoutSeconds: 0 });
 * } catch (error) {
 *   if (error instanceof ValidationError) {
 *     for (const field of error.fieldErrors) console.error(`${field.path}: ${field.message}`);
 *   } else throw error;
 * }
 * ```
 */
export class ValidationError extends ConductorError {
  static override readonly kind: string = "ValidationError";
  /** The server's `validationErrors` (same array as `validationErrors`). */
  readonly fieldErrors: FieldValidationError[];
  constructor(message: string, init: ConductorErrorInit = {}) {
    super(message, { status: 400, ...init, code: "HTTP" });
    this.fieldErrors = this.validationErrors;
  }
}

/**
 * 404: the workflow, task, definition, ... does not exist.
 *
 * @example
 * ```ts
 * async function findRun(workflowId: string): Promise<Workflow | undefined> {
 *   try {
 *     return await workflowClient.getWorkflow(workflowId);
 *   } catch (error) {
 *     if (error instanceof NotFoundError) return undefined;
 *     throw error;
 *   }
 * }
 * ```
 */
export class NotFoundError extends ConductorError {
  static override readonly kind: string = "NotFoundError";
}

/**
 * 409: the entity already exists or is in a state that forbids the operation.
 *
 * @example
 * ```ts
 * try {
 *   await metadataClient.registerWorkflowDef(wf.toWorkflowDef());
 * } catch (error) {
 *   if (!(error instanceof ConflictError)) throw error; // already registered: keep the existing version
 * }
 * ```
 */
export class ConflictError extends ConductorError {
  static override readonly kind: string = "ConflictError";
}

/**
 * True for any error thrown by this SDK, whichever copy of the package created it.
 *
 * @example
 * ```ts
 * process.on("unhandledRejection", (reason) => {
 *   if (isConductorError(reason)) console.error(`[${reason.code}] ${reason.operation ?? ""} ${reason.message}`);
 * });
 * ```
 */
export function isConductorError(value: unknown): value is ConductorError {
  return value instanceof ConductorError;
}
