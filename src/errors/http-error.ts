import {
  ConductorError,
  ConflictError,
  NotFoundError,
  ValidationError,
  type ConductorErrorInit,
  type FieldValidationError,
} from "./conductor-error.js";

// Servers behind Tomcat send no reason phrase, so messages use this table for the common ones.
const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** Status codes that mean "try again later" rather than "this request is wrong". */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

export interface HttpErrorInput {
  operation: string;
  method: string;
  /** Path without query string. */
  path: string;
  status: number;
  statusText?: string;
  /** Response body: raw text (may be empty, HTML, JSON, ...) or an already parsed JSON value. */
  body: unknown;
  requestId?: string | undefined;
}

/** Builds the ConductorError for a non-2xx answer, reading the server's ErrorResponse when present. */
export function errorFromResponse(input: HttpErrorInput): ConductorError {
  const { status, method, path } = input;
  let body: unknown = input.body;
  let serverMessage: string | undefined;
  let validationErrors: FieldValidationError[] | undefined;
  let instance: string | undefined;
  let retryable = isRetryableStatus(status);
  const text = typeof input.body === "string" ? input.body.trim() : "";
  let parsed: Record<string, unknown> | undefined;
  if (typeof input.body === "object" && input.body !== null && !Array.isArray(input.body)) {
    parsed = input.body as Record<string, unknown>;
  } else if (text.startsWith("{")) {
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
      body = parsed;
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  if (parsed !== undefined) {
    if (typeof parsed.message === "string" && parsed.message !== "") serverMessage = parsed.message;
    else if (typeof parsed.error === "string" && parsed.error !== "") serverMessage = parsed.error;
    if (Array.isArray(parsed.validationErrors)) validationErrors = parsed.validationErrors as FieldValidationError[];
    if (typeof parsed.instance === "string") instance = parsed.instance;
    if (typeof parsed.retryable === "boolean") retryable = parsed.retryable || retryable;
  } else if (text !== "" && text.length <= 300 && !text.startsWith("<")) {
    // A short plain-text body is most likely a message; HTML error pages are not.
    serverMessage = text;
  }
  const reason = input.statusText || REASONS[status] || "";
  const where = `HTTP ${status}${reason ? ` ${reason}` : ""} from ${method} ${path}`;
  let message = serverMessage ? `${serverMessage} (${where})` : where;
  if (validationErrors && validationErrors.length > 0) {
    const details = validationErrors
      .map((v) => (v.path ? `${v.path}: ${v.message ?? "invalid"}` : (v.message ?? "invalid")))
      .join("; ");
    message += ` — ${details}`;
  }
  const init: ConductorErrorInit = {
    code: "HTTP",
    status,
    operation: input.operation,
    method,
    path,
    serverMessage,
    validationErrors,
    retryable,
    instance,
    requestId: input.requestId,
    body,
  };
  const full = `${input.operation}: ${message}`;
  if (status === 400) return new ValidationError(full, init);
  if (status === 404) return new NotFoundError(full, init);
  if (status === 409) return new ConflictError(full, init);
  return new ConductorError(full, init);
}
