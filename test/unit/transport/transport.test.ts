import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { Configuration, silentLogger } from "../../../src/config/index.js";
import {
  ConductorAbortedError,
  ConductorError,
  ConductorNetworkError,
  ConductorTimeoutError,
  InvalidArgumentError,
} from "../../../src/errors/index.js";
import { Transport } from "../../../src/transport/index.js";
import type { OperationRequest } from "../../../src/transport/index.js";

type Handler = (request: Request, n: number) => Response | Promise<Response>;

function setup(handler: Handler, options: ConstructorParameters<typeof Configuration>[0] = {}) {
  const requests: Request[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request);
    return handler(request, requests.length);
  }) as typeof fetch;
  const transport = new Transport(
    new Configuration({
      serverUrl: "http://conductor.test/api",
      fetch: fetchImpl,
      logger: silentLogger,
      retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 },
      env: {},
      ...options,
    }),
  );
  return { transport, requests };
}

const getWorkflow: OperationRequest = {
  operation: "workflow.getWorkflow",
  method: "GET",
  path: "/api/workflow/{workflowId}",
  pathParams: { workflowId: "wf 1" },
  query: { includeTasks: true, missing: undefined },
  parseAs: "json",
  idempotent: true,
};
const startWorkflow: OperationRequest = {
  operation: "workflow.startWorkflow",
  method: "POST",
  path: "/api/workflow",
  body: { name: "x" },
  parseAs: "text",
  idempotent: false,
};

describe("Transport", () => {
  it("builds the URL, query and JSON body and parses the answer", async () => {
    const { transport, requests } = setup(async (r) => {
      if (r.method === "POST") return new Response(`id-for-${(await r.json()).name}`);
      return Response.json({ workflowId: "wf 1" });
    });
    expect(await transport.call(getWorkflow)).toEqual({ workflowId: "wf 1" });
    expect(requests[0]!.url).toBe("http://conductor.test/api/workflow/wf%201?includeTasks=true");
    expect(await transport.call(startWorkflow)).toBe("id-for-x");
    expect(requests[1]!.headers.get("content-type")).toBe("application/json");
  });

  it("sends text bodies raw and returns undefined for empty bodies", async () => {
    const { transport, requests } = setup(() => new Response(null, { status: 204 }));
    const result = await transport.call({
      operation: "task.addTaskLog",
      method: "POST",
      path: "/api/tasks/{taskId}/log",
      pathParams: { taskId: "t" },
      body: "hello log",
      bodyType: "text",
      parseAs: "json",
      idempotent: false,
    });
    expect(result).toBeUndefined();
    expect(await requests[0]!.text()).toBe("hello log");
    expect(requests[0]!.headers.get("content-type")).toBe("text/plain");
  });

  it("sends configured and per-call headers", async () => {
    const { transport, requests } = setup(() => Response.json({}), { headers: { "X-Team": "a" } });
    await transport.call(getWorkflow, { headers: { "X-Call": "b" } });
    expect(requests[0]!.headers.get("x-team")).toBe("a");
    expect(requests[0]!.headers.get("x-call")).toBe("b");
  });

  it("rejects a missing path parameter before sending anything", async () => {
    const { transport, requests } = setup(() => Response.json({}));
    await expect(transport.call({ ...getWorkflow, pathParams: { workflowId: "" } })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(transport.call({ ...getWorkflow, pathParams: {} })).rejects.toThrow(
      /path parameter "workflowId" is required/,
    );
    expect(requests).toHaveLength(0);
  });

  it.each([429, 502, 503, 504])("retries an idempotent request on HTTP %i", async (status) => {
    const { transport, requests } = setup((_r, n) => (n < 3 ? new Response("", { status }) : Response.json({ ok: n })));
    expect(await transport.call(getWorkflow)).toEqual({ ok: 3 });
    expect(requests).toHaveLength(3);
  });

  it.each([400, 404, 409, 500, 501])("does not retry HTTP %i", async (status) => {
    const { transport, requests } = setup(() => Response.json({ status, message: "nope" }, { status }));
    const error = await transport.call(getWorkflow).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorError);
    expect((error as ConductorError).status).toBe(status);
    expect(requests).toHaveLength(1);
  });

  it("gives up after maxRetries and surfaces the last error", async () => {
    const { transport, requests } = setup(() => new Response("", { status: 503 }));
    const error = (await transport.call(getWorkflow).catch((e: unknown) => e)) as ConductorError;
    expect(error.status).toBe(503);
    expect(error.message).toBe("workflow.getWorkflow: HTTP 503 Service Unavailable from GET /api/workflow/wf%201");
    expect(requests).toHaveLength(4);
  });

  it("does not retry a non-idempotent request unless the call allows it", async () => {
    const failing = () => new Response("", { status: 503 });
    const a = setup(failing);
    await expect(a.transport.call(startWorkflow)).rejects.toMatchObject({ status: 503 });
    expect(a.requests).toHaveLength(1);
    const b = setup((_r, n) => (n === 1 ? failing() : new Response("id")));
    expect(await b.transport.call(startWorkflow, { retry: true })).toBe("id");
    expect(b.requests).toHaveLength(2);
    const c = setup(failing);
    await expect(c.transport.call(getWorkflow, { retry: false })).rejects.toMatchObject({ status: 503 });
    expect(c.requests).toHaveLength(1);
  });

  it("retries network errors for idempotent requests only", async () => {
    const a = setup((_r, n) => {
      if (n === 1) throw new TypeError("fetch failed");
      return Response.json({ n });
    });
    expect(await a.transport.call(getWorkflow)).toEqual({ n: 2 });
    const b = setup(() => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) });
    });
    const error = (await b.transport.call(startWorkflow).catch((e: unknown) => e)) as ConductorNetworkError;
    expect(error).toBeInstanceOf(ConductorNetworkError);
    expect(error.message).toContain("ECONNREFUSED");
    expect(b.requests).toHaveLength(1);
  });

  it("honours Retry-After on 429, capped by maxDelayMs", async () => {
    const { transport } = setup(
      (_r, n) => (n === 1 ? new Response("", { status: 429, headers: { "Retry-After": "3600" } }) : Response.json({})),
      { retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 30 } },
    );
    const started = Date.now();
    await transport.call(getWorkflow);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  const hang: Handler = (r) =>
    new Promise((_resolve, reject) =>
      r.signal.addEventListener("abort", () => reject(r.signal.reason), { once: true }),
    );

  it("times out with ConductorTimeoutError and does not retry it", async () => {
    const { transport, requests } = setup(hang, { timeoutMs: 30 });
    const error = await transport.call(getWorkflow).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorTimeoutError);
    expect((error as ConductorTimeoutError).timeoutMs).toBe(30);
    expect(requests).toHaveLength(1);
    const quick = await transport.call(getWorkflow, { timeoutMs: 10 }).catch((e: unknown) => e);
    expect((quick as ConductorTimeoutError).timeoutMs).toBe(10);
  });

  it("a call the server may hold (serverWaitMs) outlasts the configured timeout; an explicit timeoutMs wins", async () => {
    // Answers after 100 ms unless the request is aborted first (as fetch does).
    const slow: Handler = (r) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(Response.json({ workflowId: "w" })), 100);
        r.signal.addEventListener("abort", () => (clearTimeout(timer), reject(r.signal.reason)), { once: true });
      });
    const { transport } = setup(slow, { timeoutMs: 30 });
    // Configured 30 ms, but the server may hold the call: the timeout becomes serverWaitMs + 5 s.
    expect(await transport.call(getWorkflow, { serverWaitMs: 50 })).toEqual({ workflowId: "w" });
    const error = await transport.call(getWorkflow, { serverWaitMs: 50, timeoutMs: 10 }).catch((e: unknown) => e);
    expect((error as ConductorTimeoutError).timeoutMs).toBe(10);
    expect(await transport.call(getWorkflow).catch((e: unknown) => e)).toBeInstanceOf(ConductorTimeoutError);
  });

  it("rejects a nonsensical per-call timeout", async () => {
    const { transport, requests } = setup(() => Response.json({}));
    await expect(transport.call(getWorkflow, { timeoutMs: -5 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(transport.call(getWorkflow, { timeoutMs: Number.NaN })).rejects.toThrow(
      /timeoutMs must be a positive/,
    );
    expect(requests).toHaveLength(0);
  });

  it("stops at once when the caller aborts", async () => {
    const { transport } = setup(hang, { timeoutMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user cancelled")), 20);
    const error = await transport.call(getWorkflow, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorAbortedError);
    expect(((error as Error).cause as Error).message).toBe("user cancelled");
    await expect(transport.call(getWorkflow, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      ConductorAbortedError,
    );
  });

  it("leaves no listeners on a long-lived caller signal", async () => {
    const { transport } = setup(() => Response.json({}));
    const controller = new AbortController();
    for (let i = 0; i < 50; i++) await transport.call(getWorkflow, { signal: controller.signal });
    await transport.call(getWorkflow, { signal: controller.signal }).catch(() => undefined);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("reports a success body that is not JSON", async () => {
    const { transport } = setup(() => new Response("<html>proxy</html>"));
    await expect(transport.call(getWorkflow)).rejects.toThrow(/not JSON/);
  });
});
