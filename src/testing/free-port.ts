// Asks the OS for a free loopback port. Another process could take it before the server binds;
// the server then fails to start with "Port ... already in use" in its log, reported by ServerStartError.
import { LocalConductorError } from "./errors.js";
import net from "node:net";

export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : undefined;
      server.close(() =>
        port ? resolve(port) : reject(new LocalConductorError("could not read the port of a probe socket")),
      );
    });
  });
}

/** Whether `port` can be bound on `host` right now. */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
