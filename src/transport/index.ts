export { Transport } from "./transport.js";
export { TokenManager, AUTH_HEADER, jwtExpiry } from "./auth.js";
export { backoffDelay, retryAfterMs } from "./retry.js";
export type { CallOptions, HttpMethod, OperationRequest, OperationTransport, ResponseParse } from "./operation.js";
