// Two kinds of dead network on 127.0.0.1 for the worker-stop tests, both real TCP servers:
// - a silent server: accepts connections and reads requests, never answers;
// - a blackhole proxy in front of a real server: forwards bytes both ways until switched on, then
//   swallows everything; a connection that lost bytes stays dead (as after a partition or a
//   load-balancer failover), so only the client's own timeout can notice it.
import { createConnection, createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface SilentServer {
  readonly origin: string;
  /** Requests seen (by their first line), in order. */
  readonly requests: string[];
  /** Connections the client has not closed. */
  readonly openConnections: number;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("data", (chunk: Buffer) => {
      const firstLine = chunk.toString("latin1").split("\r\n")[0];
      if (firstLine && /^[A-Z]+ \//.test(firstLine)) requests.push(firstLine);
    });
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    get openConnections() {
      return sockets.size;
    },
    close: closer(server, sockets),
  };
}

export interface BlackholeProxy {
  readonly origin: string;
  /** While true, every byte in either direction is swallowed. */
  blackhole: boolean;
  /** Chunks swallowed so far, and connections that died of it. */
  readonly swallowed: { chunks: number; deadConnections: number };
  close(): Promise<void>;
}

export async function startBlackholeProxy(target: string): Promise<BlackholeProxy> {
  const url = new URL(target);
  const sockets = new Set<Socket>();
  const swallowed = { chunks: 0, deadConnections: 0 };
  const proxy: { blackhole: boolean } = { blackhole: false };
  const server = createServer((client) => {
    const upstream = createConnection({ host: url.hostname, port: Number(url.port) });
    sockets.add(client).add(upstream);
    let dead = false;
    const pass = (to: Socket) => (chunk: Buffer) => {
      if (proxy.blackhole && !dead) {
        dead = true;
        swallowed.deadConnections++;
      }
      if (dead) {
        swallowed.chunks++;
        return;
      }
      to.write(chunk);
    };
    client.on("data", pass(upstream));
    upstream.on("data", pass(client));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on("error", end);
      s.on("close", end);
    }
  });
  const port = await listen(server);
  return Object.assign(proxy, {
    origin: `http://127.0.0.1:${port}`,
    swallowed,
    close: closer(server, sockets),
  });
}
