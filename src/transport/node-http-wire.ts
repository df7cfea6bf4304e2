// Node-only Wire on node:http / node:https with keep-alive agents. Measured on the stub server
// (bench, figure S2), a worker's poll/update round trip costs about a quarter of the CPU of
// `fetch`, which builds WHATWG Request/Response objects and body streams per call. Imported only
// by the worker entry (`./worker`), never by the browser-safe main entry.
//
// The modules are used through their default export, looked up per call, so that tools which
// patch http.request (msw's and nock's interceptors, APM agents) see these requests too.
import http from "node:http";
import https from "node:https";
import type { Wire, WireRequest, WireResponse } from "./wire.js";

/** True on Node itself (not Bun or Deno, whose node:http is a layer over their own fetch). */
export function isNodeRuntime(): boolean {
  const g = globalThis as { Bun?: unknown; Deno?: unknown; process?: { release?: { name?: string } } };
  return g.Bun === undefined && g.Deno === undefined && g.process?.release?.name === "node";
}

export function createNodeHttpWire(): Wire {
  // One agent per protocol, for this transport only: sockets are kept open between calls and
  // never limited in number (each waiting long poll holds one).
  const agents = {
    http: new http.Agent({ keepAlive: true, scheduling: "lifo" }),
    https: new https.Agent({ keepAlive: true, scheduling: "lifo" }),
  };
  return (request: WireRequest) =>
    new Promise<WireResponse>((resolve, reject) => {
      const secure = request.url.startsWith("https:");
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body !== undefined) headers["content-length"] = Buffer.byteLength(request.body);
      const req = (secure ? https : http).request(
        request.url,
        { method: request.method, headers, agent: secure ? agents.https : agents.http, signal: request.signal },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("error", reject);
          // A connection that closes before the body ended (a node killed mid-answer) is a failure, not a short body.
          res.on("close", () => {
            if (!res.complete)
              // A cause only: the transport wraps it in a ConductorNetworkError (sdk-errors-exempt).
              reject(new Error(`the connection closed before the response from ${request.url} was complete`));
          });
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? "",
              header: (name) => {
                const value = res.headers[name.toLowerCase()];
                return Array.isArray(value) ? value.join(", ") : value;
              },
              text,
            }),
          );
        },
      );
      req.on("error", reject);
      req.end(request.body);
    });
}
