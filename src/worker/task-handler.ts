import type { Server } from "node:http";
import { Configuration } from "../config/configuration.js";
import type { Logger } from "../config/logger.js";
import { workerTransport } from "../transport/worker-transport.js";
import { ResultDelivery } from "./delivery.js";
import { WorkerConfigError } from "./errors.js";
import type { ResultLostEvent, WorkerEvents } from "./events.js";
import { HttpTaskApi } from "./http-task-api.js";
import { serveMetrics, WorkerMetrics } from "./metrics.js";
import { ThreadPool } from "./pool.js";
import { WorkerRunner } from "./runner.js";
import { resolveSettings } from "./settings.js";
import type { TaskApi } from "./task-api.js";
import type { Worker, WorkerSettings } from "./worker.js";

export interface TaskHandlerOptions {
  workers: Worker<any, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Server connection (default: a Configuration built from defaults). */
  configuration?: Configuration;
  /** Replaces the HTTP task API (tests, custom transports). */
  taskApi?: TaskApi;
  logger?: Logger;
  /** Defaults for every worker; environment variables and per-worker options override them. */
  workerDefaults?: Partial<WorkerSettings>;
  /** How long stop() lets running tasks finish and results land, in ms (default 30000). */
  gracePeriodMs?: number;
  /** On SIGTERM/SIGINT, stop gracefully, then let the process exit (default false). */
  handleSignals?: boolean;
  /** Called with any result that could not be delivered; it is also logged with its payload. */
  onResultLost?: (event: ResultLostEvent) => void | Promise<void>;
  events?: WorkerEvents;
  /** Serve Prometheus metrics on this port at /metrics (0 = any free port; default off). */
  metricsPort?: number;
  /** Interface for the metrics endpoint (default 127.0.0.1). */
  metricsHost?: string;
  /** Result delivery retry: first delay and cap in ms (defaults 200 and 10000). */
  updateRetryBaseMs?: number;
  updateRetryMaxMs?: number;
  /** Use /api/tasks/update-v2, which returns the next task (default true; falls back automatically). */
  useUpdateV2?: boolean;
  /** Environment to read CONDUCTOR_WORKER_* overrides from (default process.env). */
  env?: Record<string, string | undefined>;
}

type State = "new" | "running" | "stopping" | "stopped";

/** Polls for and runs a set of workers; stop() drains them without losing a result. */
export class TaskHandler {
  readonly metrics = new WorkerMetrics();
  private readonly runners: WorkerRunner[] = [];
  private readonly pools: ThreadPool[] = [];
  private readonly api: TaskApi;
  private readonly logger: Logger;
  private readonly delivery: ResultDelivery;
  private readonly gracePeriodMs: number;
  private state: State = "new";
  private stopPromise: Promise<void> | undefined;
  private metricsServer: Server | undefined;
  private signalListener: ((signal: NodeJS.Signals) => void) | undefined;

  constructor(private readonly options: TaskHandlerOptions) {
    if (!options || !Array.isArray(options.workers)) {
      throw new WorkerConfigError("TaskHandler: options.workers must be an array of workers", "workers");
    }
    const configuration = options.configuration ?? new Configuration();
    this.logger = options.logger ?? configuration.logger;
    this.api = options.taskApi ?? new HttpTaskApi(workerTransport(configuration));
    this.gracePeriodMs = options.gracePeriodMs ?? 30_000;
    if (!Number.isFinite(this.gracePeriodMs) || this.gracePeriodMs < 0) {
      throw new WorkerConfigError(
        `TaskHandler: gracePeriodMs must be >= 0, got ${String(options.gracePeriodMs)}`,
        "gracePeriodMs",
      );
    }
    const events = options.events ?? {};
    this.delivery = new ResultDelivery({
      api: this.api,
      logger: this.logger,
      events,
      onResultLost: options.onResultLost,
      retryBaseMs: options.updateRetryBaseMs ?? 200,
      retryMaxMs: options.updateRetryMaxMs ?? 10_000,
      useUpdateV2: options.useUpdateV2 ?? true,
    });
    const seen = new Set<string>();
    for (const worker of options.workers) {
      if (!worker || typeof worker.taskDefName !== "string" || typeof worker.fn !== "function") {
        throw new WorkerConfigError(
          "TaskHandler: every entry of workers must come from workerTask() or @WorkerTask",
          "workers",
        );
      }
      if (seen.has(worker.taskDefName)) {
        throw new WorkerConfigError(`TaskHandler: two workers for task ${worker.taskDefName}`, "workers");
      }
      seen.add(worker.taskDefName);
      const settings = resolveSettings(
        worker.taskDefName,
        worker.options,
        options.workerDefaults,
        options.env ?? process.env,
      );
      let pool: ThreadPool | undefined;
      if (worker.options.threads) {
        pool = new ThreadPool(worker, worker.options.threads.size ?? settings.concurrency);
        this.pools.push(pool);
      }
      this.runners.push(
        new WorkerRunner(worker, settings, {
          api: this.api,
          delivery: this.delivery,
          logger: this.logger,
          events,
          metrics: this.metrics.forTaskType(worker.taskDefName),
          pool,
        }),
      );
    }
  }

  /** The resolved settings of each worker, by task name. */
  get settings(): Record<string, Readonly<WorkerSettings>> {
    return Object.fromEntries(this.runners.map((r) => [r.taskType, { ...r.settings }]));
  }

  /** Where /metrics is served, once started with metricsPort. */
  get metricsUrl(): string | undefined {
    const address = this.metricsServer?.address();
    if (!address || typeof address === "string") return undefined;
    return `http://${address.address}:${address.port}/metrics`;
  }

  /** Registers task definitions (when asked), opens /metrics (when asked) and starts polling. */
  async start(): Promise<void> {
    if (this.state !== "new") throw new Error(`TaskHandler.start(): handler is ${this.state}`);
    this.state = "running";
    try {
      await this.registerTaskDefs();
      if (this.options.metricsPort !== undefined) {
        this.metricsServer = await serveMetrics(
          this.metrics,
          this.options.metricsPort,
          this.options.metricsHost ?? "127.0.0.1",
        );
      }
    } catch (error) {
      this.state = "stopped";
      this.metricsServer?.close();
      throw error;
    }
    if (this.options.handleSignals) this.installSignalHandlers();
    for (const runner of this.runners) runner.start();
    this.logger.info(
      `conductor worker: polling ${this.runners.map((r) => `${r.taskType}${r.paused ? " (paused)" : ""}`).join(", ") || "no task types"}`,
    );
  }

  /** Pauses or resumes one worker's polling. */
  setPaused(taskDefName: string, paused: boolean): void {
    const runner = this.runners.find((r) => r.taskType === taskDefName);
    if (!runner) throw new WorkerConfigError(`TaskHandler: no worker for task ${taskDefName}`, "taskDefName");
    runner.setPaused(paused);
  }

  /**
   * Stops polling, lets running tasks finish and their results land within the grace period,
   * then resolves. Results still undeliverable at the deadline go to onResultLost. Idempotent.
   */
  stop(): Promise<void> {
    this.stopPromise ??= this.drain();
    return this.stopPromise;
  }

  private async drain(): Promise<void> {
    const wasRunning = this.state === "running";
    this.state = "stopping";
    const deadline = Date.now() + this.gracePeriodMs;
    this.delivery.setDeadline(deadline);
    this.delivery.wake();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), this.gracePeriodMs);
    });
    if (wasRunning) {
      const finished = Promise.all(
        this.runners.map(async (r) => {
          await r.stopPolling();
          await r.drained();
        }),
      );
      const outcome = await Promise.race([finished, timedOut]);
      if (outcome === "timeout") {
        const abandoned = this.runners.flatMap((r) => r.executingTasks().map((t) => `${r.taskType}/${t.taskId}`));
        this.logger.warn(
          `conductor worker: grace period of ${this.gracePeriodMs} ms over; ${abandoned.length} task(s) still executing ` +
            `(the server will time them out and retry them): ${abandoned.join(", ")}`,
        );
        // Pending deliveries see the deadline, hand their results to onResultLost and return.
        this.delivery.wake();
        await Promise.race([
          Promise.all(this.runners.map((r) => r.stopPolling())),
          new Promise((r) => setTimeout(r, 1000).unref()),
        ]);
        await this.delivery.abandonPending();
      }
    }
    clearTimeout(timer);
    await Promise.all(this.pools.map((p) => p.close()));
    if (this.metricsServer) {
      const server = this.metricsServer;
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    this.removeSignalHandlers();
    this.state = "stopped";
  }

  private async registerTaskDefs(): Promise<void> {
    const wanted = this.runners.filter((r) => r.settings.registerTaskDef);
    for (const runner of wanted) {
      const existing = await this.api.getTaskDef(runner.taskType);
      if (existing) continue;
      await this.api.registerTaskDefs([
        {
          timeoutSeconds: 0,
          responseTimeoutSeconds: 3600,
          retryCount: 3,
          ...runner.worker.options.taskDef,
          name: runner.taskType,
        },
      ]);
      this.logger.info(`conductor worker: registered task definition ${runner.taskType}`);
    }
  }

  private installSignalHandlers(): void {
    let received = 0;
    const listener = (signal: NodeJS.Signals): void => {
      received++;
      if (received > 1) {
        this.logger.warn(`conductor worker: second ${signal}; exiting without waiting for running tasks`);
        this.removeSignalHandlers();
        process.kill(process.pid, signal);
        return;
      }
      this.logger.info(`conductor worker: ${signal} received; draining (grace period ${this.gracePeriodMs} ms)`);
      void this.stop().then(() => {
        // Nothing of ours is left alive, so the process exits by itself unless the application
        // holds other resources; then deliver the signal's default action as it was meant.
        const timer = setTimeout(() => process.kill(process.pid, signal), 1000);
        timer.unref();
      });
    };
    this.signalListener = listener;
    process.on("SIGTERM", listener);
    process.on("SIGINT", listener);
  }

  private removeSignalHandlers(): void {
    if (!this.signalListener) return;
    process.off("SIGTERM", this.signalListener);
    process.off("SIGINT", this.signalListener);
    this.signalListener = undefined;
  }
}
