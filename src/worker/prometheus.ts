import {
  COUNTERS,
  HISTOGRAMS,
  SECONDS_BUCKETS,
  type CounterName,
  type HistogramName,
  type MetricsRecorder,
} from "./metrics.js";

// The few parts of prom-client (an optional peer) the worker uses, typed structurally so the SDK
// neither imports nor requires it: pass `import * as client from "prom-client"`.
type Labels = Record<string, string>;
interface PromMetricConfig {
  name: string;
  help: string;
  labelNames: string[];
  // prom-client types this as its own Registry class; any keeps the SDK free of its types.
  registers: any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
}
export interface PromCounter {
  inc(labels: Labels, value?: number): void;
}
export interface PromHistogram {
  observe(labels: Labels, value: number): void;
}
export interface PromGauge {
  set(labels: Labels, value: number): void;
}
export interface PromRegistry {
  getSingleMetric(name: string): unknown;
}
/** The prom-client module (or any object with its Counter, Histogram and Gauge classes). */
export interface PromClient {
  Counter: new (config: PromMetricConfig) => PromCounter;
  Histogram: new (config: PromMetricConfig & { buckets: number[] }) => PromHistogram;
  Gauge: new (config: PromMetricConfig & { collect?(this: PromGauge): void }) => PromGauge;
  register: PromRegistry;
}

/** TaskHandler `prometheus`: register the worker's metrics into your prom-client registry. */
export interface PrometheusOptions {
  client: PromClient;
  /** Default: prom-client's global registry (`client.register`). */
  registry?: PromRegistry;
}

const LABELS = ["taskType"];

/**
 * Records the worker's metrics into prom-client metrics of the same names as the built-in
 * `/metrics` (so dashboards work with either). A name already in the registry (a second handler)
 * is reused. `inFlight` feeds the in-flight gauge when the registry is scraped.
 */
export function promClientRecorder(
  options: PrometheusOptions,
  inFlight: () => Iterable<[taskType: string, count: number]>,
): MetricsRecorder {
  const { client } = options;
  const registry = options.registry ?? client.register;
  const existing = <T>(name: string): T | undefined => registry.getSingleMetric(name) as T | undefined;
  const config = (name: string, help: string): PromMetricConfig => ({
    name,
    help,
    labelNames: LABELS,
    registers: [registry],
  });
  const counters = new Map<CounterName, PromCounter>();
  for (const [name, field, help, type] of COUNTERS) {
    if (type === "gauge") {
      if (!existing(name)) {
        new client.Gauge({
          ...config(name, help),
          collect(this: PromGauge) {
            for (const [taskType, count] of inFlight()) this.set({ taskType }, count);
          },
        });
      }
    } else {
      counters.set(field as CounterName, existing<PromCounter>(name) ?? new client.Counter(config(name, help)));
    }
  }
  const histograms = new Map<HistogramName, PromHistogram>();
  for (const [name, field, help] of HISTOGRAMS) {
    histograms.set(
      field,
      existing<PromHistogram>(name) ?? new client.Histogram({ ...config(name, help), buckets: SECONDS_BUCKETS }),
    );
  }
  return {
    count(name, taskType, by) {
      counters.get(name)?.inc({ taskType }, by);
    },
    observe(name, taskType, seconds) {
      histograms.get(name)?.observe({ taskType }, seconds);
    },
  };
}
