// A counting loopback proxy: forwards every request to the server unchanged and counts it, so
// the idle figure counts what a worker really sends rather than what it claims to send.
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export class CountingProxy {
  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly counter: { requests: number; paths: Set<string> },
  ) {}

  /** Requests received so far. */
  get requests(): number {
    return this.counter.requests;
  }

  /** True once any request path has contained `fragment`. */
  seen(fragment: string): boolean {
    for (const path of this.counter.paths) if (path.includes(fragment)) return true;
    return false;
  }

  static async start(target: URL): Promise<CountingProxy> {
    const counter = { requests: 0, paths: new Set<string>() };
    const server = createServer((req, res) => {
      counter.requests++;
      counter.paths.add((req.url ?? "").split("?")[0]!);
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on("error", () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return new CountingProxy(server, (server.address() as AddressInfo).port, counter);
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
