// `@conductor-ts/sdk/msw`: mock Conductor in your own tests with msw (an optional peer dependency).
//
// - `<group>Handlers.<operation>(resolver, baseUrl?)` for every operation of the server's spec, generated from
//   it: the resolver's request body and response body are the spec's types, so a mock that returns a field the
//   server does not have, or lacks a required one, fails to compile after the spec changes.
// - `conductorErrorResponse(status, message)`: the server's error answer, accepted by any of them.
// - `FakeConductor`: a small in-memory Conductor made of those handlers (definitions, workflows of SIMPLE
//   tasks, polling and completing tasks, start-and-wait) for workers and executors under test.
//
// Works with msw/node (setupServer) and msw/browser (setupWorker); nothing here needs Node.
export * from "../../generated/msw/index.js";
export { conductorErrorResponse, type ConductorErrorBody } from "./error-response.js";
export {
  FakeConductor,
  FakeConductorError,
  type FakeConductorOptions,
  type FakeTask,
  type FakeTaskDef,
  type FakeWorkflow,
  type FakeWorkflowDef,
} from "./fake-conductor.js";

// Errors are exported from every entry point, so `instanceof ConductorError` works wherever users import from.
export * from "../errors/public.js";
