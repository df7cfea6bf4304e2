import { describe, expect, it } from "vitest";
import {
  ConductorAbortedError,
  ConductorError,
  ConductorNetworkError,
  ConductorTimeoutError,
  ConfigurationError,
  errorFromResponse,
  isConductorError,
} from "../../../src/errors/index.js";

const base = { operation: "workflow.getWorkflow", method: "GET", path: "/api/workflow/x" };

describe("errorFromResponse", () => {
  it("reads the server's ErrorResponse", () => {
    const e = errorFromResponse({
      ...base,
      status: 404,
      body: JSON.stringify({
        status: 404,
        message: "No such workflow found by id: x",
        instance: "vm",
        retryable: false,
      }),
    });
    expect(e).toBeInstanceOf(ConductorError);
    expect(e.status).toBe(404);
    expect(e.code).toBe("HTTP");
    expect(e.serverMessage).toBe("No such workflow found by id: x");
    expect(e.instance).toBe("vm");
    expect(e.retryable).toBe(false);
    expect(e.operation).toBe("workflow.getWorkflow");
    expect(e.message).toBe(
      "workflow.getWorkflow: No such workflow found by id: x (HTTP 404 Not Found from GET /api/workflow/x)",
    );
  });

  it("lists validation errors in the message and keeps them structured", () => {
    const e = errorFromResponse({
      ...base,
      method: "POST",
      status: 400,
      body: {
        status: 400,
        message: "Validation failed, check below errors for detail.",
        validationErrors: [
          { path: "registerWorkflowDef.workflowDef.name", message: "WorkflowDef name cannot be null or empty" },
        ],
      },
    });
    expect(e.validationErrors).toHaveLength(1);
    expect(e.message).toContain("registerWorkflowDef.workflowDef.name: WorkflowDef name cannot be null or empty");
  });

  it("gives a useful message for empty and HTML bodies", () => {
    expect(errorFromResponse({ ...base, status: 502, body: "" }).message).toBe(
      "workflow.getWorkflow: HTTP 502 Bad Gateway from GET /api/workflow/x",
    );
    const html = errorFromResponse({ ...base, status: 503, body: "<html><body>down</body></html>" });
    expect(html.message).toBe("workflow.getWorkflow: HTTP 503 Service Unavailable from GET /api/workflow/x");
    expect(html.body).toContain("<html>");
    expect(html.retryable).toBe(true);
  });

  it("uses a short plain-text body as the message and falls back on broken JSON", () => {
    expect(errorFromResponse({ ...base, status: 500, body: "boom" }).message).toContain("boom (HTTP 500");
    const broken = errorFromResponse({ ...base, status: 500, body: "{not json" });
    expect(broken.serverMessage).toBe("{not json");
  });

  it("prefers the status text the server sent", () => {
    expect(errorFromResponse({ ...base, status: 418, statusText: "I'm a teapot", body: "" }).message).toContain(
      "HTTP 418 I'm a teapot",
    );
  });
});

describe("instanceof across package copies", () => {
  it("recognizes errors by brand, including subclasses", () => {
    const timeout = new ConductorTimeoutError("t", { timeoutMs: 5 });
    expect(timeout).toBeInstanceOf(ConductorError);
    expect(timeout).toBeInstanceOf(ConductorTimeoutError);
    expect(timeout).toBeInstanceOf(Error);
    expect(timeout instanceof ConductorNetworkError).toBe(false);
    expect(timeout.code).toBe("TIMEOUT");
    expect(timeout.name).toBe("ConductorTimeoutError");
    expect(new ConductorNetworkError("n").retryable).toBe(true);
    expect(new ConductorAbortedError("a").code).toBe("ABORTED");
    expect(isConductorError(new ConfigurationError("bad", { option: "serverUrl" }))).toBe(true);
    expect(isConductorError(new Error("x"))).toBe(false);
    expect(isConductorError(null)).toBe(false);
  });

  it("accepts an error created by another copy of the module", async () => {
    // A second module instance stands in for the CommonJS copy of the package.
    const url = new URL("../../../src/errors/conductor-error.ts", import.meta.url).href;
    const other = (await import(
      /* @vite-ignore */ `${url}?copy=2`
    )) as typeof import("../../../src/errors/conductor-error.js");
    expect(other.ConductorError).not.toBe(ConductorError);
    const foreign = new other.ConductorTimeoutError("from the other copy");
    expect(foreign).toBeInstanceOf(ConductorError);
    expect(foreign).toBeInstanceOf(ConductorTimeoutError);
    expect(foreign instanceof ConductorNetworkError).toBe(false);
    expect(new ConductorError("x") instanceof other.ConductorError).toBe(true);
  });

  it("keeps ordinary instanceof for user subclasses without their own kind", () => {
    class MyError extends ConductorError {}
    expect(new MyError("m")).toBeInstanceOf(MyError);
    expect(new ConductorError("c") instanceof MyError).toBe(false);
    expect(new MyError("m")).toBeInstanceOf(ConductorError);
  });
});
