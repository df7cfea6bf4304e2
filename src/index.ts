// The package's main entry, safe in browsers: configuration, errors, the typed clients and the workflow
// builder. Node-only parts live in their own subpaths: `./worker` (TaskHandler, workerTask) and
// `./testing` (LocalConductor). What is exported here is the public API: test/unit/build/public-api.test.ts
// holds the list, so adding or dropping a name is a deliberate change. Internals stay importable from src/.
export { Configuration, silentLogger } from "./config/index.js";
export type { ConfigurationOptions, Logger, RetryOptions, RetryPolicy } from "./config/index.js";
export * from "./errors/public.js";
export { Transport } from "./transport/index.js";
export type { CallOptions, OperationRequest, OperationTransport, ResponseParse } from "./transport/index.js";
export * from "./clients/index.js";
export * from "./workflow/index.js";
export * from "../generated/resources/index.js";
export type { components, paths } from "../generated/types.js";
export type * from "../generated/models.js";
// The builder's SchemaDef is the input shape (type optional); the wire model of the same name stays in `components`.
export type { SchemaDef } from "./workflow/index.js";
