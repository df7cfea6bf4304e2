// The package's main entry, safe in browsers: configuration, errors, the typed clients and the workflow
// builder. Node-only parts live in their own subpaths: `./worker` (TaskHandler, workerTask) and
// `./testing` (LocalConductor).
export * from "./config/index.js";
export * from "./errors/index.js";
export { Transport, TokenManager, AUTH_HEADER } from "./transport/index.js";
export type { CallOptions, OperationRequest, OperationTransport, ResponseParse } from "./transport/index.js";
export * from "./clients/index.js";
export * from "./workflow/index.js";
export * from "../generated/resources/index.js";
export type { components, paths } from "../generated/types.js";
