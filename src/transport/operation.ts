// The contract between generated resource clients and the transport: one plain object per call.
// Generated code builds these; only src/transport knows how they go over the wire.

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD";

/** How a response body is read: JSON (empty body -> undefined), plain text, or nothing. */
export type ResponseParse = "json" | "text" | "empty";

export interface OperationRequest {
  /** Stable name of the operation, e.g. `workflow.getExecutionStatus`; appears in errors. */
  readonly operation: string;
  readonly method: HttpMethod;
  /** Path template relative to the API root's host, e.g. `/api/workflow/{workflowId}`. */
  readonly path: string;
  readonly pathParams?: Record<string, unknown> | undefined;
  /**
   * Path parameters whose value may contain `/` (sent encoded). No Conductor endpoint takes one
   * today; everywhere else a `/` is refused before sending, as are empty values, `.` and `..`.
   */
  readonly slashAllowedIn?: readonly string[] | undefined;
  readonly query?: Record<string, unknown> | undefined;
  /** The request body. When the key is present the body is required, unless `bodyOptional`. */
  readonly body?: unknown;
  /** The operation may be sent without a body. */
  readonly bodyOptional?: boolean;
  /** How the body is sent: JSON, or the raw string (e.g. task logs). */
  readonly bodyType?: "json" | "text";
  /** How the answer is read. Default `json` (generated requests leave the default out: bytes in every browser bundle). */
  readonly parseAs?: ResponseParse;
  /** True when repeating the request cannot change the outcome (GET and friends); enables retries. Default false. */
  readonly idempotent?: boolean;
  /**
   * The oldest Conductor version with this operation, when it is newer than the oldest supported server: a
   * 404/405 from an older server becomes a ServerVersionError naming it.
   */
  readonly minServerVersion?: string | undefined;
}

/** Per-call options every generated and hand-written method accepts last. */
export interface CallOptions {
  /** Cancels the request. */
  signal?: AbortSignal;
  /** Overrides the configured request timeout for this call, in milliseconds. */
  timeoutMs?: number;
  /**
   * How long the server may hold this call before it answers (a synchronous execution's wait, a signal's
   * `timeoutMillis`), in milliseconds. Without `timeoutMs`, the call's timeout is then at least this plus 5 s,
   * so the client never gives up on an answer the server is still allowed to take.
   */
  serverWaitMs?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  /** Overrides whether this call may be retried (defaults to the operation's idempotency). */
  retry?: boolean;
}

/** What generated clients need from a transport. */
export interface OperationTransport {
  call<T>(request: OperationRequest, options?: CallOptions): Promise<T>;
}
