import { createServer, type Server } from "node:http";

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** A fixed-bucket histogram: observe() is a short loop and two additions, no allocation. */
class Histogram {
  readonly counts = new Array<number>(SECONDS_BUCKETS.length).fill(0);
  sum = 0;
  count = 0;
  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    for (let i = 0; i < SECONDS_BUCKETS.length; i++) {
      if (seconds <= SECONDS_BUCKETS[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }
}

/** Counters for one task type; the runtime bumps fields directly on the hot path. */
export class TaskTypeMetrics {
  polls = 0;
  pollErrors = 0;
  emptyPolls = 0;
  tasksReceived = 0;
  readonly pollLatency = new Histogram();
  readonly executionTime = new Histogram();
  completed = 0;
  failed = 0;
  terminalFailures = 0;
  inProgressResults = 0;
  executionTimeouts = 0;
  updates = 0;
  updateRetries = 0;
  resultsLost = 0;
  leaseExtensions = 0;
  inFlight = 0;
  constructor(readonly taskType: string) {}
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

type Counter = Exclude<
  { [K in keyof TaskTypeMetrics]: TaskTypeMetrics[K] extends number ? K : never }[keyof TaskTypeMetrics],
  undefined
>;

const COUNTERS: [string, Counter, string, "counter" | "gauge"][] = [
  ["conductor_worker_polls_total", "polls", "Batch polls sent", "counter"],
  ["conductor_worker_poll_errors_total", "pollErrors", "Batch polls that failed", "counter"],
  ["conductor_worker_empty_polls_total", "emptyPolls", "Batch polls that returned no task", "counter"],
  ["conductor_worker_tasks_received_total", "tasksReceived", "Tasks received from polls and update-v2", "counter"],
  ["conductor_worker_tasks_completed_total", "completed", "Executions that completed", "counter"],
  ["conductor_worker_tasks_failed_total", "failed", "Executions that failed (retryable)", "counter"],
  ["conductor_worker_tasks_failed_terminal_total", "terminalFailures", "Executions that failed terminally", "counter"],
  ["conductor_worker_tasks_in_progress_total", "inProgressResults", "Executions that returned IN_PROGRESS", "counter"],
  [
    "conductor_worker_execution_timeouts_total",
    "executionTimeouts",
    "Executions stopped by the worker timeout",
    "counter",
  ],
  ["conductor_worker_updates_total", "updates", "Results delivered to the server", "counter"],
  ["conductor_worker_update_retries_total", "updateRetries", "Result deliveries retried after a failure", "counter"],
  [
    "conductor_worker_results_lost_total",
    "resultsLost",
    "Results that could not be delivered (handed to onResultLost)",
    "counter",
  ],
  ["conductor_worker_lease_extensions_total", "leaseExtensions", "Lease extensions sent", "counter"],
  ["conductor_worker_in_flight", "inFlight", "Tasks currently held by the worker", "gauge"],
];

/** The worker runtime's metrics, rendered in the Prometheus text exposition format (0.0.4). */
export class WorkerMetrics {
  private readonly byType = new Map<string, TaskTypeMetrics>();

  forTaskType(taskType: string): TaskTypeMetrics {
    let metrics = this.byType.get(taskType);
    if (!metrics) {
      metrics = new TaskTypeMetrics(taskType);
      this.byType.set(taskType, metrics);
    }
    return metrics;
  }

  render(): string {
    const lines: string[] = [];
    const all = [...this.byType.values()];
    for (const [name, field, help, type] of COUNTERS) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const m of all) lines.push(`${name}{taskType="${escapeLabel(m.taskType)}"} ${m[field]}`);
    }
    const histograms: [string, "pollLatency" | "executionTime", string][] = [
      ["conductor_worker_poll_duration_seconds", "pollLatency", "Batch poll round-trip time"],
      ["conductor_worker_execution_duration_seconds", "executionTime", "Worker function execution time"],
    ];
    for (const [name, field, help] of histograms) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
      for (const m of all) {
        const label = `taskType="${escapeLabel(m.taskType)}"`;
        const h = m[field];
        let cumulative = 0;
        for (let i = 0; i < SECONDS_BUCKETS.length; i++) {
          cumulative += h.counts[i]!;
          lines.push(`${name}_bucket{${label},le="${SECONDS_BUCKETS[i]}"} ${cumulative}`);
        }
        lines.push(`${name}_bucket{${label},le="+Inf"} ${h.count}`);
        lines.push(`${name}_sum{${label}} ${h.sum}`);
        lines.push(`${name}_count{${label}} ${h.count}`);
      }
    }
    return lines.join("\n") + "\n";
  }
}

/** Serves GET /metrics; returns the bound server (listening) so the caller can close it. */
export async function serveMetrics(metrics: WorkerMetrics, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === "GET" && (req.url === "/metrics" || req.url?.startsWith("/metrics?"))) {
      res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" });
      res.end(metrics.render());
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
