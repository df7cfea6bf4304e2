import { TaskTimeoutError } from "./errors.js";
import type { WorkerMiddleware } from "./middleware.js";

export const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

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
  canceled = 0;
  /** Where the in-flight gauge is read from: the runner holding the tasks. */
  inFlightOf: (() => number) | undefined;
  constructor(readonly taskType: string) {}
  /** Tasks currently held by the worker (executing or delivering their result). */
  get inFlight(): number {
    return this.inFlightOf?.() ?? 0;
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

type Counter = Exclude<
  { [K in keyof TaskTypeMetrics]: TaskTypeMetrics[K] extends number ? K : never }[keyof TaskTypeMetrics],
  undefined
>;

/** The counters the metrics middleware bumps (every numeric series but the in-flight gauge). */
export type CounterName = Exclude<Counter, "inFlight">;
/** The histograms it observes, in seconds. */
export type HistogramName = "pollLatency" | "executionTime";

export const COUNTERS: [string, Counter, string, "counter" | "gauge"][] = [
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
  [
    "conductor_worker_tasks_canceled_total",
    "canceled",
    "Executions the server no longer wanted (result not sent)",
    "counter",
  ],
  ["conductor_worker_in_flight", "inFlight", "Tasks currently held by the worker", "gauge"],
];

export const HISTOGRAMS: [string, HistogramName, string][] = [
  ["conductor_worker_poll_duration_seconds", "pollLatency", "Batch poll round-trip time"],
  ["conductor_worker_execution_duration_seconds", "executionTime", "Worker function execution time"],
];

/** Where the metrics middleware records: the built-in WorkerMetrics, a prom-client registry, OTel. */
export interface MetricsRecorder {
  count(name: CounterName, taskType: string, by: number): void;
  observe(name: HistogramName, taskType: string, seconds: number): void;
}

/**
 * The worker runtime's metrics, rendered in the Prometheus text exposition format (0.0.4).
 *
 * @example
 * ```ts
 * const handler = new TaskHandler({ workers: [greet], configuration });
 * await handler.start();
 * setInterval(() => console.log(handler.metrics.render()), 60_000); // Prometheus text format
 * ```
 */
export class WorkerMetrics implements MetricsRecorder {
  private readonly byType = new Map<string, TaskTypeMetrics>();

  /**
   * The counters of one task type (created on first use).
   *
   * @example
   * ```ts
   * const greetMetrics = handler.metrics.forTaskType("greet");
   * console.log(greetMetrics.completed, greetMetrics.failed, greetMetrics.executionTime.count);
   * ```
   */
  forTaskType(taskType: string): TaskTypeMetrics {
    let metrics = this.byType.get(taskType);
    if (!metrics) {
      metrics = new TaskTypeMetrics(taskType);
      this.byType.set(taskType, metrics);
    }
    return metrics;
  }

  /**
   * Adds `by` to a counter of `taskType`.
   *
   * @example
   * ```ts
   * const metrics = new WorkerMetrics();
   * metrics.count("completed", "greet", 1);
   * ```
   */
  count(name: CounterName, taskType: string, by: number): void {
    this.forTaskType(taskType)[name] += by;
  }

  /**
   * Records one observation, in seconds, in a histogram of `taskType`.
   *
   * @example
   * ```ts
   * const metrics = new WorkerMetrics();
   * metrics.observe("executionTime", "greet", 0.042); // seconds
   * ```
   */
  observe(name: HistogramName, taskType: string, seconds: number): void {
    this.forTaskType(taskType)[name].observe(seconds);
  }

  /**
   * Every series in the Prometheus text exposition format.
   *
   * @example
   * ```ts
   * import { createServer } from "node:http";
   * createServer((_req, res) => res.end(handler.metrics.render())).listen(9464);
   * ```
   */
  render(): string {
    const lines: string[] = [];
    const all = [...this.byType.values()];
    for (const [name, field, help, type] of COUNTERS) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const m of all) lines.push(`${name}{taskType="${escapeLabel(m.taskType)}"} ${m[field]}`);
    }
    for (const [name, field, help] of HISTOGRAMS) {
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

/**
 * The runtime's metrics as middleware on the poll, execute and update seam: every series of the
 * table in docs/workers.md is counted here and nowhere else (the in-flight gauge reads the runner).
 *
 * @example
 * ```ts
 * // Record into your own recorder (a StatsD client, say) besides the handler's built-in metrics:
 * const statsd: MetricsRecorder = {
 *   count: (name, taskType, by) => client.increment(`worker.${taskType}.${name}`, by),
 *   observe: (name, taskType, seconds) => client.timing(`worker.${taskType}.${name}`, seconds * 1000),
 * };
 * new TaskHandler({ workers: [greet], configuration, middleware: [metricsMiddleware(statsd)] });
 * ```
 */
export function metricsMiddleware(recorder: MetricsRecorder): WorkerMiddleware {
  // Plain .then() rather than async functions: one promise per layer, on the hot path of every task.
  return {
    poll(call, next) {
      const { taskType } = call;
      recorder.count("polls", taskType, 1);
      const started = performance.now();
      return next().then(
        (tasks) => {
          recorder.observe("pollLatency", taskType, (performance.now() - started) / 1000);
          const received = Array.isArray(tasks) ? tasks.length : 0;
          if (received === 0) recorder.count("emptyPolls", taskType, 1);
          else recorder.count("tasksReceived", taskType, received);
          return tasks;
        },
        (error: unknown) => {
          // A poll aborted by stop() is not an error worth counting.
          if (!call.signal.aborted) {
            recorder.count("pollErrors", taskType, 1);
            recorder.observe("pollLatency", taskType, (performance.now() - started) / 1000);
          }
          throw error;
        },
      );
    },
    execute(call, next) {
      const started = performance.now();
      return next().then((result) => {
        const { taskType } = call;
        recorder.observe("executionTime", taskType, (performance.now() - started) / 1000);
        if (call.error instanceof TaskTimeoutError) recorder.count("executionTimeouts", taskType, 1);
        if (call.canceled) recorder.count("canceled", taskType, 1);
        else recorder.count(STATUS_COUNTER[result.status] ?? "failed", taskType, 1);
        return result;
      });
    },
    update(call, next) {
      return next().then((task) => {
        if (call.kind === "lease") {
          recorder.count("leaseExtensions", call.taskType, 1);
        } else {
          recorder.count("updates", call.taskType, 1);
          if (task?.taskId) recorder.count("tasksReceived", call.taskType, 1);
        }
        return task;
      });
    },
    updateFailed(failure) {
      recorder.count("updateRetries", failure.taskType, 1);
    },
    resultLost(event) {
      recorder.count("resultsLost", event.taskType, 1);
    },
  };
}

const STATUS_COUNTER: Partial<Record<string, CounterName>> = {
  COMPLETED: "completed",
  IN_PROGRESS: "inProgressResults",
  FAILED_WITH_TERMINAL_ERROR: "terminalFailures",
  FAILED: "failed",
};
