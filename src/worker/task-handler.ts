import { ConductorAbortedError } from "../errors/conductor-error.js";
import { setMaxListeners } from "node:events";
import type { Server } from "node:http";
import { Configuration } from "../config/configuration.js";
import { type Logger, loggerProblem } from "../config/logger.js";
import { workerTransport } from "../transport/worker-transport.js";
import { ResultDelivery } from "./delivery.js";
import { WorkerConfigError, WorkerStateError } from "./errors.js";
import { eventsMiddleware, type ResultLostEvent, type WorkerEvents } from "./events.js";
import { type HealthStatus, ReachabilityTracker, serveEndpoints } from "./health.js";
import { HttpTaskApi } from "./http-task-api.js";
import { type LogFieldsPosition, requestLogging, WorkerLog } from "./log.js";
import { metricsMiddleware, WorkerMetrics } from "./metrics.js";
import { MiddlewareChain, type WorkerMiddleware } from "./middleware.js";
import { ThreadPool } from "./pool.js";
import { type PrometheusOptions, promClientRecorder } from "./prometheus.js";
import { WorkflowInputCache } from "./workflow-input.js";
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
  /** How long stop() lets running tasks finish and results land, in ms (default 25000). */
  gracePeriodMs?: number;
  /**
   * After the grace period: how long stop() may take to abort what is still in flight, hand
   * undelivered results to onResultLost and close, in ms (default 2000). stop() resolves within
   * gracePeriodMs + forceStopMs; the defaults (27 s) fit Kubernetes' 30 s before SIGKILL.
   */
  forceStopMs?: number;
  /**
   * On these signals (`true`: SIGINT, SIGTERM, SIGQUIT and SIGUSR2, the set Temporal's SDK handles),
   * stop gracefully, then let the process exit; if something else keeps it alive, the signal's
   * default action ends it, never later than gracePeriodMs + forceStopMs after the signal (default false).
   */
  handleSignals?: boolean | NodeJS.Signals[];
  /** Called with any result that could not be delivered; it is also logged with its payload. */
  onResultLost?: (event: ResultLostEvent) => void | Promise<void>;
  events?: WorkerEvents;
  /**
   * Code around every poll, execution and update (logging, auth context, tracing, payload
   * encryption...); the first is outermost. The built-in metrics and events run outside them.
   */
  middleware?: WorkerMiddleware[];
  /** Also record the worker's metrics into this prom-client registry (so they show on your app's /metrics). */
  prometheus?: PrometheusOptions;
  /** Serve /metrics (Prometheus), /health (liveness) and /ready (readiness) on this port (0 = any free port; default off). */
  metricsPort?: number;
  /** Interface for that endpoint (default 127.0.0.1; 0.0.0.0 for Kubernetes probes). */
  metricsHost?: string;
  /** Where log lines put their fields: "after" the message (winston, console; default) or "before" it (pino, bunyan). */
  logFields?: LogFieldsPosition;
  /** Log every poll and update at debug level with its fields (default false; env CONDUCTOR_WORKER_LOG_REQUESTS=true). */
  logRequests?: boolean;
  /** Result delivery retry: first delay and cap in ms (defaults 200 and 10000). */
  updateRetryBaseMs?: number;
  updateRetryMaxMs?: number;
  /** Use /api/tasks/update-v2, which returns the next task (default true; falls back automatically). */
  useUpdateV2?: boolean;
  /** Environment to read CONDUCTOR_WORKER_* overrides from (default process.env). */
  env?: Record<string, string | undefined>;
}

type State = "new" | "running" | "stopping" | "stopped";

/** Defaults of the shutdown budget: 25 s + 2 s leaves 3 s of Kubernetes' 30 s terminationGracePeriod. */
export const DEFAULT_GRACE_PERIOD_MS = 25_000;
export const DEFAULT_FORCE_STOP_MS = 2000;
/** `handleSignals: true`: the shutdown signals Temporal's TypeScript SDK handles by default. */
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGQUIT", "SIGUSR2"];

const TIMED_OUT = Symbol("timed out");

/** Waits for `promise`, but not past `deadline` (epoch ms); leaves no timer behind. */
async function within<T>(promise: Promise<T>, deadline: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function durationOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new WorkerConfigError(`TaskHandler: ${name} must be a number of milliseconds >= 0, got ${String(value)}`, {
      option: name,
    });
  }
  return value;
}

function signalsOption(value: TaskHandlerOptions["handleSignals"]): readonly NodeJS.Signals[] {
  if (value === undefined || value === false) return [];
  if (value === true) return SHUTDOWN_SIGNALS;
  if (!Array.isArray(value) || value.some((s) => typeof s !== "string" || !/^SIG[A-Z0-9]+$/.test(s))) {
    throw new WorkerConfigError(
      `TaskHandler: handleSignals must be a boolean or an array of signal names such as "SIGTERM", got ${String(value)}`,
      { option: "handleSignals" },
    );
  }
  return [...new Set(value)];
}

/**
 * Polls for and runs a set of workers; stop() drains them without losing a result.
 *
 * @example
 * ```ts
 * const handler = new TaskHandler({ workers: [greet], configuration });
 * await handler.start();
 * // ...
 * await handler.stop(); // stops polling, lets running tasks finish, delivers their results
 * ```
 */
export class TaskHandler {
  readonly metrics = new WorkerMetrics();
  private readonly runners: WorkerRunner[] = [];
  private readonly pools: ThreadPool[] = [];
  private readonly api: TaskApi;
  private readonly logger: Logger;
  private readonly log: WorkerLog;
  private readonly reachability = new ReachabilityTracker();
  private readonly delivery: ResultDelivery;
  private readonly gracePeriodMs: number;
  private readonly forceStopMs: number;
  // Aborted by stop(): ends start()'s registration requests.
  private readonly stopAbort = new AbortController();
  // Aborted at the force step: ends result updates and lease extensions still in flight.
  private readonly forceAbort = new AbortController();
  private state: State = "new";
  private stopPromise: Promise<void> | undefined;
  private metricsServer: Server | undefined;
  private signalListener: ((signal: NodeJS.Signals) => void) | undefined;
  private readonly signals: readonly NodeJS.Signals[];

  constructor(private readonly options: TaskHandlerOptions) {
    // Every in-flight update and lease extension listens on the force signal (one listener each, removed
    // when its request ends): more than Node's default of 10 at once is normal, not a leak.
    setMaxListeners(0, this.forceAbort.signal, this.stopAbort.signal);
    if (!options || !Array.isArray(options.workers)) {
      throw new WorkerConfigError("TaskHandler: options.workers must be an array of workers", { option: "workers" });
    }
    const configuration = options.configuration ?? new Configuration();
    if (options.logger !== undefined) {
      const wrong = loggerProblem(options.logger);
      if (wrong) throw new WorkerConfigError(`TaskHandler: logger ${wrong}`, { option: "logger" });
    }
    this.logger = options.logger ?? configuration.logger;
    if (options.logFields !== undefined && options.logFields !== "after" && options.logFields !== "before") {
      throw new WorkerConfigError(
        `TaskHandler: logFields must be "after" or "before", got ${String(options.logFields)}`,
        { option: "logFields" },
      );
    }
    this.log = new WorkerLog(this.logger, options.logFields);
    this.signals = signalsOption(options.handleSignals);
    this.api = options.taskApi ?? new HttpTaskApi(workerTransport(configuration));
    this.gracePeriodMs = durationOption("gracePeriodMs", options.gracePeriodMs, DEFAULT_GRACE_PERIOD_MS);
    this.forceStopMs = durationOption("forceStopMs", options.forceStopMs, DEFAULT_FORCE_STOP_MS);
    const env = options.env ?? process.env;
    const middleware = new MiddlewareChain(this.builtInMiddleware(options, env), (error) =>
      this.log.error("conductor worker: middleware listener threw", { err: error }),
    );
    const workflowInputs = new WorkflowInputCache(this.api, this.forceAbort.signal);
    this.delivery = new ResultDelivery({
      api: this.api,
      log: this.log,
      middleware,
      onResultLost: options.onResultLost,
      retryBaseMs: options.updateRetryBaseMs ?? 200,
      retryMaxMs: options.updateRetryMaxMs ?? 10_000,
      useUpdateV2: options.useUpdateV2 ?? true,
      signal: this.forceAbort.signal,
    });
    const seen = new Set<string>();
    for (const worker of options.workers) {
      if (!worker || typeof worker.taskDefName !== "string" || typeof worker.fn !== "function") {
        throw new WorkerConfigError("TaskHandler: every entry of workers must come from workerTask() or @WorkerTask", {
          option: "workers",
        });
      }
      if (seen.has(worker.taskDefName)) {
        throw new WorkerConfigError(`TaskHandler: two workers for task ${worker.taskDefName}`, { option: "workers" });
      }
      seen.add(worker.taskDefName);
      const settings = resolveSettings(worker.taskDefName, worker.options, options.workerDefaults, env);
      let pool: ThreadPool | undefined;
      if (worker.options.threads) {
        pool = new ThreadPool(worker, worker.options.threads.size ?? settings.concurrency);
        this.pools.push(pool);
      }
      const runner = new WorkerRunner(worker, settings, {
        api: this.api,
        delivery: this.delivery,
        log: this.log,
        middleware,
        workflowInputs,
        pool,
        shutdownSignal: this.forceAbort.signal,
      });
      this.metrics.forTaskType(worker.taskDefName).inFlightOf = () => runner.inFlightCount;
      this.runners.push(runner);
    }
  }

  // The runtime's own bookkeeping rides the same seam as the user's middleware, outside it.
  private builtInMiddleware(options: TaskHandlerOptions, env: Record<string, string | undefined>): WorkerMiddleware[] {
    const list: WorkerMiddleware[] = [metricsMiddleware(this.metrics), this.reachability.middleware()];
    if (options.events) {
      const events = eventsMiddleware(options.events, (error) =>
        this.log.error("conductor worker: event hook threw", { err: error }),
      );
      if (Object.keys(events).length > 0) list.push(events);
    }
    if (options.prometheus) {
      if (typeof options.prometheus.client?.Counter !== "function") {
        throw new WorkerConfigError(
          "TaskHandler: prometheus.client must be the prom-client module (import * as client from 'prom-client')",
          { option: "prometheus.client" },
        );
      }
      list.push(
        metricsMiddleware(
          promClientRecorder(options.prometheus, () => this.runners.map((r) => [r.taskType, r.inFlightCount])),
        ),
      );
    }
    if (options.middleware !== undefined) {
      if (!Array.isArray(options.middleware)) {
        throw new WorkerConfigError("TaskHandler: middleware must be an array", { option: "middleware" });
      }
      options.middleware.forEach((m, i) => {
        if (typeof m !== "object" || m === null) {
          throw new WorkerConfigError(`TaskHandler: middleware[${i}] must be an object`, {
            option: `middleware[${i}]`,
          });
        }
      });
      list.push(...options.middleware);
    }
    const envLog = env.CONDUCTOR_WORKER_LOG_REQUESTS?.trim().toLowerCase();
    if (options.logRequests ?? (envLog === "true" || envLog === "1")) list.push(requestLogging(this.log));
    return list;
  }

  /**
   * Liveness and readiness, as `/health` and `/ready` answer them: live while running or draining;
   * ready while running with at least one worker polling, and the last poll (or update) of every
   * polling worker answered by the server.
   *
   * @example
   * ```ts
   * const { live, ready, state } = handler.health();
   * ```
   */
  health(): HealthStatus {
    const workers: HealthStatus["workers"] = {};
    let polling = 0;
    let reachable = true;
    for (const r of this.runners) {
      const seen = this.reachability.get(r.taskType);
      workers[r.taskType] = {
        paused: r.paused,
        serverReachable: seen?.ok,
        ...(seen?.error ? { lastError: seen.error } : {}),
      };
      if (r.paused) continue;
      polling++;
      if (!seen?.ok) reachable = false;
    }
    const live = this.state === "running" || this.state === "stopping";
    return { live, ready: this.state === "running" && polling > 0 && reachable, state: this.state, workers };
  }

  /** The resolved settings of each worker, by task name. */
  get settings(): Record<string, Readonly<WorkerSettings>> {
    return Object.fromEntries(this.runners.map((r) => [r.taskType, { ...r.settings }]));
  }

  /** Where /health and /ready are served, once started with metricsPort. */
  get healthUrl(): string | undefined {
    return this.metricsUrl?.replace(/\/metrics$/, "/health");
  }

  /** Where /metrics is served, once started with metricsPort. */
  get metricsUrl(): string | undefined {
    const address = this.metricsServer?.address();
    if (!address || typeof address === "string") return undefined;
    return `http://${address.address}:${address.port}/metrics`;
  }

  /**
   * Registers task definitions (when asked), opens /metrics (when asked) and starts polling.
   *
   * @example
   * ```ts
   * await new TaskHandler({ workers: [greet], configuration, metricsPort: 9464 }).start();
   * ```
   */
  async start(): Promise<void> {
    if (this.state !== "new")
      throw new WorkerStateError(`TaskHandler.start(): the handler is ${this.state}; a handler starts once`, {
        state: this.state,
      });
    this.state = "running";
    try {
      await this.registerTaskDefs();
      if (this.options.metricsPort !== undefined) {
        this.metricsServer = await serveEndpoints(
          { metrics: () => this.metrics.render(), health: () => this.health() },
          this.options.metricsPort,
          this.options.metricsHost ?? "127.0.0.1",
        );
      }
    } catch (error) {
      this.state = "stopped";
      this.metricsServer?.close();
      throw error;
    }
    if (this.signals.length > 0) this.installSignalHandlers();
    for (const runner of this.runners) runner.start();
    this.log.info(
      `conductor worker: polling ${this.runners.map((r) => `${r.taskType}${r.paused ? " (paused)" : ""}`).join(", ") || "no task types"}`,
      { taskTypes: this.runners.map((r) => r.taskType) },
    );
  }

  /**
   * Pauses or resumes one worker's polling.
   *
   * @example
   * ```ts
   * handler.setPaused("greet", true); // tasks already running still finish
   * ```
   */
  setPaused(taskDefName: string, paused: boolean): void {
    const runner = this.runners.find((r) => r.taskType === taskDefName);
    if (!runner)
      throw new WorkerConfigError(`TaskHandler: no worker for task ${taskDefName}`, { option: "taskDefName" });
    runner.setPaused(paused);
  }

  /**
   * Stops polling, lets running tasks finish and their results land within the grace period,
   * then resolves. Results still undeliverable at the deadline go to onResultLost. Idempotent.
   *
   * @example
   * ```ts
   * process.once("SIGTERM", () => void handler.stop());
   * ```
   */
  stop(): Promise<void> {
    this.stopPromise ??= this.drain();
    return this.stopPromise;
  }

  private async drain(): Promise<void> {
    const wasRunning = this.state === "running";
    this.state = "stopping";
    this.stopAbort.abort(new ConductorAbortedError("TaskHandler stopping"));
    const started = Date.now();
    const graceEnd = started + this.gracePeriodMs;
    // Nothing below may wait past this: stop() resolves by then whatever hangs.
    const hardEnd = graceEnd + this.forceStopMs;
    this.delivery.setDeadline(graceEnd);
    this.delivery.wake();
    if (wasRunning) {
      const finished = Promise.all(
        this.runners.map(async (r) => {
          await r.stopPolling();
          await r.drained();
        }),
      );
      if ((await within(finished, graceEnd)) === TIMED_OUT) {
        const abandoned = this.runners.flatMap((r) => r.executingTasks().map((t) => `${r.taskType}/${t.taskId}`));
        this.log.warn(
          `conductor worker: grace period of ${this.gracePeriodMs} ms over; ${abandoned.length} task(s) still executing ` +
            `(the server will time them out and retry them): ${abandoned.join(", ")}`,
          { tasks: abandoned, durationMs: Date.now() - started },
        );
        // The force step: end every update in flight; pending deliveries see the deadline and hand
        // their results to onResultLost.
        this.forceAbort.abort(new ConductorAbortedError("TaskHandler grace period over"));
        this.delivery.wake();
        await within(
          Promise.all([...this.runners.map((r) => r.stopPolling()), this.delivery.abandonPending()]),
          hardEnd,
        );
      }
    }
    // Anything still running from here on (a task that ignored the grace period) gets no network.
    this.forceAbort.abort(new ConductorAbortedError("TaskHandler stopped"));
    await within(Promise.all(this.pools.map((p) => p.close())), hardEnd);
    if (this.metricsServer) {
      const server = this.metricsServer;
      server.closeAllConnections?.();
      await within(new Promise<void>((resolve) => server.close(() => resolve())), hardEnd);
    }
    for (const runner of this.runners) runner.close();
    this.removeSignalHandlers();
    this.state = "stopped";
  }

  private async registerTaskDefs(): Promise<void> {
    const wanted = this.runners.filter((r) => r.settings.registerTaskDef);
    const signal = this.stopAbort.signal;
    for (const runner of wanted) {
      const existing = await this.api.getTaskDef(runner.taskType, signal);
      if (existing) continue;
      await this.api.registerTaskDefs(
        [
          {
            timeoutSeconds: 0,
            responseTimeoutSeconds: 3600,
            retryCount: 3,
            ...runner.worker.options.taskDef,
            name: runner.taskType,
          },
        ],
        signal,
      );
      this.log.info(`conductor worker: registered task definition ${runner.taskType}`, { taskType: runner.taskType });
    }
  }

  private installSignalHandlers(): void {
    let received = 0;
    const listener = (signal: NodeJS.Signals): void => {
      received++;
      if (received > 1) {
        this.log.warn(`conductor worker: second ${signal}; exiting without waiting for running tasks`, { signal });
        this.removeSignalHandlers();
        process.kill(process.pid, signal);
        return;
      }
      this.log.info(
        `conductor worker: ${signal} received; draining (grace period ${this.gracePeriodMs} ms, then at most ${this.forceStopMs} ms to force the rest)`,
        { signal, gracePeriodMs: this.gracePeriodMs, forceStopMs: this.forceStopMs },
      );
      const hardEnd = Date.now() + this.gracePeriodMs + this.forceStopMs;
      void this.stop().then(() => {
        // Nothing of ours is left alive, so the process exits by itself unless the application
        // holds other resources; then deliver the signal's default action as it was meant, a
        // second later at most and never past the shutdown budget.
        const timer = setTimeout(
          () => process.kill(process.pid, signal),
          Math.max(0, Math.min(1000, hardEnd - Date.now())),
        );
        timer.unref();
      });
    };
    this.signalListener = listener;
    for (const signal of this.signals) process.on(signal, listener);
  }

  private removeSignalHandlers(): void {
    if (!this.signalListener) return;
    for (const signal of this.signals) process.off(signal, this.signalListener);
    this.signalListener = undefined;
  }
}
