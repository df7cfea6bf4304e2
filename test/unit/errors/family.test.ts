// Every entry point's errors belong to the one ConductorError family, and the HTTP statuses users branch on
// map to their own classes.
import { describe, expect, it } from "vitest";
import {
  ConductorError,
  ConflictError,
  ConfigurationError,
  InvalidArgumentError,
  NotFoundError,
  ValidationError,
  errorFromResponse,
} from "../../../src/errors/index.js";
import { Configuration } from "../../../src/config/configuration.js";
import {
  NonRetryableError,
  TaskCanceledError,
  TaskTimeoutError,
  WorkerConfigError,
} from "../../../src/worker/errors.js";
import { LocalConductorError } from "../../../src/testing/errors.js";

const base = { operation: "metadata.registerWorkflowDef", method: "POST", path: "/api/metadata/workflow" };

describe("HTTP status classes", () => {
  it("400 is a ValidationError carrying the server's field errors", () => {
    const e = errorFromResponse({
      ...base,
      status: 400,
      body: JSON.stringify({
        status: 400,
        message: "Validation failed, check below errors for detail.",
        validationErrors: [
          { path: "registerWorkflowDef.workflowDefs[0].name", message: "WorkflowDef name cannot be null or empty" },
        ],
      }),
    });
    expect(e).toBeInstanceOf(ConductorError);
    expect(e).toBeInstanceOf(ValidationError);
    expect(e).not.toBeInstanceOf(NotFoundError);
    const v = e as ValidationError;
    expect(v.status).toBe(400);
    expect(v.fieldErrors).toEqual([
      { path: "registerWorkflowDef.workflowDefs[0].name", message: "WorkflowDef name cannot be null or empty" },
    ]);
    expect(v.message).toContain("registerWorkflowDef.workflowDefs[0].name: WorkflowDef name cannot be null or empty");
  });

  it("404 is a NotFoundError, 409 a ConflictError, other statuses a plain ConductorError", () => {
    const notFound = errorFromResponse({ ...base, status: 404, body: '{"message":"No such workflow found by id: x"}' });
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound.name).toBe("NotFoundError");
    const conflict = errorFromResponse({ ...base, status: 409, body: '{"message":"Workflow with x already exists!"}' });
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toBeInstanceOf(ConductorError);
    const server = errorFromResponse({ ...base, status: 500, body: "" });
    expect(server).toBeInstanceOf(ConductorError);
    expect(server).not.toBeInstanceOf(ValidationError);
    expect(server).not.toBeInstanceOf(NotFoundError);
    expect(server).not.toBeInstanceOf(ConflictError);
  });
});

describe("constructors take (message, init)", () => {
  it("ConfigurationError names the option from a real bad Configuration", () => {
    let caught: unknown;
    try {
      new Configuration({ serverUrl: "not a url" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConductorError);
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as ConfigurationError).option).toBe("serverUrl");
  });

  it("InvalidArgumentError keeps argument and other init fields", () => {
    const e = new InvalidArgumentError("workflowId must be a non-empty string", {
      argument: "workflowId",
      operation: "x",
    });
    expect(e.argument).toBe("workflowId");
    expect(e.operation).toBe("x");
    expect(e.code).toBe("INVALID_ARGUMENT");
  });
});

describe("worker and testing-kit errors extend ConductorError", () => {
  it.each([
    ["NonRetryableError", new NonRetryableError("no")],
    ["WorkerConfigError", new WorkerConfigError("bad concurrency", { option: "concurrency" })],
    ["TaskTimeoutError", new TaskTimeoutError({ timeoutMs: 5 })],
    ["TaskCanceledError", new TaskCanceledError({ taskId: "t1", serverStatus: "CANCELED" })],
  ])("%s", (name, error) => {
    expect(error).toBeInstanceOf(ConductorError);
    expect(error.code).toBe("WORKER");
    expect(error.name).toBe(name);
  });

  it("LocalConductorError", () => {
    const e = new LocalConductorError("java missing");
    expect(e).toBeInstanceOf(ConductorError);
    expect(e.code).toBe("TESTING");
    expect(e.name).toBe("LocalConductorError");
  });
});
