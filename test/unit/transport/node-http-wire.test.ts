// The worker's Node fast path (node:http under the transport) against a real loopback HTTP server:
// it must send what the fetch path sends and answer (values and errors) exactly as the fetch path does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Configuration, silentLogger } from "../../../src/config/index.js";
import { ConductorAbortedError, ConductorNetworkError, ConductorTimeoutError } from "../../../src/errors/index.js";
import type { OperationRequest } from "../../../src/transport/index.js";
import { createNodeHttpWire } from "../../../src/transport/node-http-wire.js";
import { Transport } from "../../../src/transport/transport.js";
import { useWire } from "../../../src/transport/wire.js";
import { workerTransport } from "../../../src/transport/worker-transport.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
const routes: Record<string, (req: IncomingMessage, res: ServerResponse, body: string) => void> = {
  "/api/json": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    res.end(JSON.stringify({ ok: "é✓" }));
  },
  "/api/text": (_req, res, body) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`got ${body}`);
  },
  "/api/empty": (_req, res) => {
    res.writeHead(204);
    res.end();
  },
  "/api/missing": (_req, res) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: 404, message: "Task not found", retryable: false }));
  },
  "/api/broken": (_req, res) => {
    res.writeHead(500, { "content-type": "text/plain" });
    res.end("boom");
  },
  "/api/slow": () => {
    // never answers
  },
  "/api/cut": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
    res.write('{"partial":');
    setTimeout(() => res.socket?.destroy(), 20);
  },
  "/api/moved": (_req, res) => {
    res.writeHead(307, { location: "/api/json" });
    res.end();
  },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const route = routes[req.url!.split("?")[0]!];
      if (route) route(req, res, body);
      else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function configuration(extra: ConstructorParameters<typeof Configuration>[0] = {}) {
  return new Configuration({ serverUrl: `${base}/api`, logger: silentLogger, retry: false, env: {}, ...extra });
}
const overWire = (extra?: ConstructorParameters<typeof Configuration>[0]) =>
  useWire(new Transport(configuration(extra)), createNodeHttpWire());
const overFetch = (extra?: ConstructorParameters<typeof Configuration>[0]) => new Transport(configuration(extra));

const op = (path: string, extra: Partial<OperationRequest> = {}): OperationRequest => ({
  operation: `test.${path.slice(5)}`,
  method: "GET",
  path,
  parseAs: "json",
  idempotent: true,
  ...extra,
});

/** The result or the error of a call, in a form two transports' answers can be compared in. */
async function outcome(transport: Transport, request: OperationRequest, options?: Parameters<Transport["call"]>[1]) {
  try {
    return { value: await transport.call(request, options) };
  } catch (error) {
    const e = error as { name: string; message: string; status?: number; body?: unknown };
    return { error: { name: e.name, message: e.message, status: e.status, body: e.body } };
  }
}

/** Whether the server saw the request come from fetch (undici adds sec-fetch-mode) or from node:http. */
const fromFetch = (s: Seen) => s.headers["sec-fetch-mode"] !== undefined;

describe("node:http wire under the transport", () => {
  it("sends the same URL, headers and body as the fetch path", async () => {
    const request = op("/api/text", {
      method: "POST",
      body: { a: 1, s: "é" },
      parseAs: "text",
      idempotent: false,
      query: { workerid: "w 1", count: 3, flag: true, none: undefined },
    });
    const headers = { headers: { "x-team": "blue" } };
    for (const transport of [overFetch(headers), overWire(headers)]) {
      expect(await transport.call(request, { headers: { "x-call": "c" } })).toBe('got {"a":1,"s":"é"}');
    }
    const [a, b] = seen.slice(-2);
    expect(fromFetch(a!)).toBe(true);
    expect(fromFetch(b!)).toBe(false);
    expect(b!.url).toBe(a!.url);
    expect(b!.url).toBe("/api/text?workerid=w%201&count=3&flag=true");
    expect(b!.body).toBe(a!.body);
    for (const name of ["content-type", "content-length", "x-team", "x-call"])
      expect(b!.headers[name]).toBe(a!.headers[name]);
  });

  it("sends a text body as text/plain", async () => {
    await overWire().call(op("/api/text", { method: "POST", body: "a log line", bodyType: "text", parseAs: "text" }));
    expect(seen.at(-1)).toMatchObject({ body: "a log line", headers: { "content-type": "text/plain" } });
  });

  it("answers every outcome exactly as the fetch path does", async () => {
    const cases = [
      op("/api/json"),
      op("/api/json", { parseAs: "text" }),
      op("/api/empty"),
      op("/api/missing"),
      op("/api/broken", { idempotent: false }),
      op("/api/moved"),
    ];
    for (const request of cases) {
      const viaFetch = await outcome(overFetch(), request);
      const viaWire = await outcome(overWire(), request);
      expect(viaWire, request.path).toEqual(viaFetch);
    }
    const missing = (await outcome(overWire(), op("/api/missing"))).error;
    expect(missing).toMatchObject({ status: 404 });
    expect(missing!.message).toContain("Task not found");
  });

  it("times out, aborts and reports network failures with the transport's typed errors", async () => {
    await expect(overWire().call(op("/api/slow"), { timeoutMs: 100 })).rejects.toBeInstanceOf(ConductorTimeoutError);
    const controller = new AbortController();
    const call = overWire().call(op("/api/slow"), { signal: controller.signal, timeoutMs: 10_000 });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toBeInstanceOf(ConductorAbortedError);
    await expect(overWire().call(op("/api/cut"))).rejects.toBeInstanceOf(ConductorNetworkError);
    const refused = useWire(
      new Transport(
        new Configuration({ serverUrl: "http://127.0.0.1:1/api", logger: silentLogger, retry: false, env: {} }),
      ),
      createNodeHttpWire(),
    );
    await expect(refused.call(op("/api/json"))).rejects.toThrow(/ECONNREFUSED/);
  });

  it("is what the worker's transport uses on Node, unless a fetch is configured", async () => {
    await workerTransport(configuration()).call(op("/api/json"));
    expect(fromFetch(seen.at(-1)!)).toBe(false);
    await workerTransport(configuration({ fetch: (input, init) => fetch(input, init) })).call(op("/api/json"));
    expect(fromFetch(seen.at(-1)!)).toBe(true);
  });

  it("leaves queries with arrays or objects to the fetch path", async () => {
    await overWire().call(op("/api/json", { query: { status: ["A", "B"] } }));
    expect(seen.at(-1)).toMatchObject({ url: "/api/json?status=A&status=B" });
    expect(fromFetch(seen.at(-1)!)).toBe(true);
  });
});
