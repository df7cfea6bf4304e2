import { createServer, type Server } from "node:http";
import { messageOf } from "./log.js";
import type { WorkerMiddleware } from "./middleware.js";

/** What `/health` and `/ready` answer (also `handler.health()`). */
export interface HealthStatus {
  /** The handler is running or draining: the process should not be restarted. */
  live: boolean;
  /** Running, polling at least one task type, and the last request of every polling worker got an answer. */
  ready: boolean;
  state: "new" | "running" | "stopping" | "stopped";
  workers: Record<string, WorkerHealth>;
}

export interface WorkerHealth {
  paused: boolean;
  /** undefined until the first poll or update was answered or failed. */
  serverReachable: boolean | undefined;
  lastError?: string;
}

/**
 * Tracks, per task type, whether the last poll or update reached the server: a middleware on the
 * poll and update seam, so readiness needs no bookkeeping of its own in the runner.
 */
export class ReachabilityTracker {
  private readonly byType = new Map<string, { ok: boolean; error?: string }>();

  get(taskType: string): { ok: boolean; error?: string } | undefined {
    return this.byType.get(taskType);
  }

  middleware(): WorkerMiddleware {
    // The same answer each time: no allocation per poll or update.
    const reached = { ok: true } as const;
    return {
      poll: (call, next) =>
        next().then(
          (tasks) => {
            this.byType.set(call.taskType, reached);
            return tasks;
          },
          (error: unknown) => {
            if (!call.signal.aborted) this.byType.set(call.taskType, { ok: false, error: messageOf(error) });
            throw error;
          },
        ),
      update: (call, next) =>
        next().then((task) => {
          this.byType.set(call.taskType, reached);
          return task;
        }),
    };
  }
}

export interface Endpoints {
  metrics(): string;
  health(): HealthStatus;
}

/**
 * Serves GET /metrics (Prometheus text), /health (liveness) and /ready (readiness) for Kubernetes
 * probes; returns the bound server (listening) so the caller can close it.
 */
export async function serveEndpoints(endpoints: Endpoints, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { "Content-Type": "text/plain", Allow: "GET, HEAD" });
      res.end("method not allowed\n");
    } else if (path === "/metrics") {
      res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" });
      res.end(endpoints.metrics());
    } else if (path === "/health" || path === "/ready") {
      const status = endpoints.health();
      const ok = path === "/health" ? status.live : status.ready;
      res.writeHead(ok ? 200 : 503, { "Content-Type": "application/json" });
      res.end(JSON.stringify(status) + "\n");
    } else {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
