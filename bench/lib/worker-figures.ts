// Figures 1-5: throughput, CPU per task, pickup latency, idle cost, peak RSS of one side.
import { SideProcess, type Launch, type SideConfig } from "./child.js";
import { ServerApi, waitFor } from "./conductor.js";
import { CountingProxy } from "./proxy.js";
import { PeakRss } from "./proc.js";
import { quantile } from "./stats.js";

export interface WorkerSettings {
  concurrency: number;
  pollIntervalMs: number;
  pollTimeoutMs: number;
}

export interface ThroughputResult {
  tasksPerSecond: number;
  cpuSecondsPer1000: number;
  peakRssBytes: number;
}

let uniq = 0;
function uniqueName(prefix: string, side: string): string {
  return `${prefix}_${side}_${Date.now().toString(36)}_${(uniq++).toString(36)}`;
}

function config(apiUrl: string, taskTypes: string[], settings: WorkerSettings, reportEvery: number): SideConfig {
  return { apiUrl, taskTypes, reportEvery, ...settings };
}

/**
 * Starts `tasks` single-task workflows, then the side. The clock and the CPU reading start when
 * the queue first shrinks (the side's first successful poll), so process start-up is not
 * counted, and stop when the server has no running workflow of the type left.
 */
export async function measureThroughput(
  api: ServerApi,
  side: string,
  launch: Launch,
  settings: WorkerSettings,
  requested: number,
): Promise<ThroughputResult> {
  const type = uniqueName("bench_tp", side);
  await api.registerTaskDefs([type]);
  await api.registerWorkflow(type, type);
  await api.startWorkflows(type, requested);
  // A start that failed on a busy SQLite may or may not have created its workflow: wait until every
  // requested task is queued or the queue stops growing for 5 s, then count what is actually there.
  let queued = -1;
  let changedAt = Date.now();
  await waitFor(
    `${requested} tasks queued`,
    120_000,
    async () => {
      const now = await api.queueSize(type);
      if (now !== queued) [queued, changedAt] = [now, Date.now()];
      return now >= requested || (now > 0 && Date.now() - changedAt > 5_000);
    },
    50,
  );
  const tasks = await api.queueSize(type);

  const proc = await SideProcess.start(side, launch, config(api.apiUrl, [type], settings, tasks));
  const rss = new PeakRss(proc.pid);
  try {
    await waitFor(`${side} to take its first task`, 60_000, async () => (await api.queueSize(type)) < tasks, 5);
    const t0 = performance.now();
    const cpu0 = proc.cpuSeconds();
    await proc.waitExecuted(tasks, Math.max(120_000, tasks * 100));
    await waitFor("all workflows completed", 60_000, async () => (await api.runningCount(type)) === 0, 10);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = proc.cpuSeconds() - cpu0;
    return { tasksPerSecond: tasks / seconds, cpuSecondsPer1000: (cpu / tasks) * 1000, peakRssBytes: rss.stop() };
  } finally {
    rss.stop();
    await proc.stop();
  }
}

export interface LatencyResult {
  p50Ms: number;
  p99Ms: number;
  samples: number[];
}

/**
 * With the side polling an empty queue, starts one workflow at a time (random gaps so arrivals
 * do not line up with poll cycles) and reads startTime - scheduledTime from the server.
 */
export async function measurePickup(
  api: ServerApi,
  side: string,
  launch: Launch,
  settings: WorkerSettings,
  samples: number,
): Promise<LatencyResult> {
  const type = uniqueName("bench_lat", side);
  await api.registerTaskDefs([type]);
  await api.registerWorkflow(type, type);
  const proc = await SideProcess.start(side, launch, config(api.apiUrl, [type], settings, 1));
  try {
    return await pickupSeries(api, proc, type, samples);
  } finally {
    await proc.stop();
  }
}

/** Starts workflows of `type` one at a time (after 3 warm-up ones) and reads each task's pickup latency. */
async function pickupSeries(api: ServerApi, proc: SideProcess, type: string, samples: number): Promise<LatencyResult> {
  const latencies: number[] = [];
  const warmup = 3;
  for (let i = 0; i < warmup + samples; i++) {
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    const id = await api.startWorkflow(type, i);
    await proc.waitExecuted(i + 1, 30_000);
    let wf = await api.workflow(id);
    await waitFor("workflow completed", 10_000, async () => (wf = await api.workflow(id)).status === "COMPLETED", 5);
    const task = wf.tasks[0]!;
    if (i >= warmup) latencies.push(task.startTime - task.scheduledTime);
  }
  return { p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), samples: latencies };
}

export interface IdleResult {
  taskTypes: number;
  requestsPerSecond: number;
  cpuPercentOfCore: number;
  /** Pickup latency on one of the idle task types, measured after the idle window (when asked for). */
  pickup?: LatencyResult;
}

/**
 * A side with `typeCount` task types and nothing to do, behind a counting proxy, over `seconds`.
 * With `pickupSamples`, workflows of the first type are then started one at a time and their
 * pickup latency read, so the latency figure comes from a process polling for every type.
 */
export async function measureIdle(
  serverApiUrl: string,
  side: string,
  launch: Launch,
  settings: WorkerSettings,
  seconds: number,
  settleSeconds: number,
  typeCount = 5,
  pickupSamples = 0,
): Promise<IdleResult> {
  const proxy = await CountingProxy.start(new URL(serverApiUrl));
  const types = Array.from({ length: typeCount }, (_, i) => uniqueName(`bench_idle${i}`, side));
  const api = new ServerApi(serverApiUrl);
  await api.registerTaskDefs(types);
  if (pickupSamples > 0) await api.registerWorkflow(types[0]!, types[0]!);
  const proc = await SideProcess.start(side, launch, config(proxy.apiUrl, types, settings, 1));
  try {
    // Settling starts once every task type has been polled: the Python SDK spawns a process per
    // worker after READY, and their start-up is not idle cost.
    await waitFor("a poll for every task type", 180_000, async () => types.every((t) => proxy.seen(`/${t}`)), 100);
    await new Promise((r) => setTimeout(r, settleSeconds * 1000));
    const requests0 = proxy.requests;
    const cpu0 = proc.cpuSeconds();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const elapsed = (performance.now() - t0) / 1000;
    const result: IdleResult = {
      taskTypes: typeCount,
      requestsPerSecond: (proxy.requests - requests0) / elapsed,
      cpuPercentOfCore: ((proc.cpuSeconds() - cpu0) / elapsed) * 100,
    };
    if (pickupSamples > 0) result.pickup = await pickupSeries(api, proc, types[0]!, pickupSamples);
    return result;
  } finally {
    await proc.stop();
    await proxy.stop();
  }
}
