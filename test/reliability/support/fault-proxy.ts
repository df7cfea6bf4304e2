// A fault-injecting HTTP proxy on 127.0.0.1 for the failure tests: forwards to the server, but
// about one request in `faultRate` gets a 5xx, a connection reset (before or after the server saw
// it) or a 2 s stall. Counts what it did so tests can print it.
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

export type Fault = "status500" | "status503" | "resetBefore" | "resetAfter" | "stall";

export interface FaultProxy {
  readonly url: string;
  readonly counts: Record<Fault | "forwarded" | "requests", number>;
  close(): Promise<void>;
}

export async function startFaultProxy(
  target: string,
  options: { faultRate?: number; stallMs?: number; faults?: Fault[]; random?: () => number } = {},
): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const rate = options.faultRate ?? 0.2;
  const stallMs = options.stallMs ?? 2000;
  const faults = options.faults ?? ["status500", "status503", "resetBefore", "resetAfter", "stall"];
  const random = options.random ?? Math.random;
  const counts: FaultProxy["counts"] = {
    requests: 0,
    forwarded: 0,
    status500: 0,
    status503: 0,
    resetBefore: 0,
    resetAfter: 0,
    stall: 0,
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, afterResponse?: () => void) => {
    counts.forwarded++;
    const upstream = httpRequest(
      {
        host: targetUrl.hostname,
        port: targetUrl.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: targetUrl.host },
      },
      (up) => {
        if (afterResponse) {
          // The server processed the request; the client never learns the outcome.
          up.resume();
          up.on("end", afterResponse);
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => {
    counts.requests++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const fault = random() < rate ? faults[Math.floor(random() * faults.length)]! : undefined;
      if (fault) counts[fault]++;
      switch (fault) {
        case "status500":
        case "status503":
          res.writeHead(fault === "status500" ? 500 : 503, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ status: fault === "status500" ? 500 : 503, message: "injected fault" }));
          return;
        case "resetBefore":
          req.socket.destroy();
          return;
        case "resetAfter":
          forward(req, res, body, () => req.socket.destroy());
          return;
        case "stall":
          setTimeout(() => forward(req, res, body), stallMs);
          return;
        default:
          forward(req, res, body);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
