// The client-bound figures: one side against the stub Conductor at a given concurrency, where the
// worker process, not the server, is the bottleneck. Also the stub's own ceiling.
import { SideProcess, type Launch } from "./child.js";
import { PeakRss } from "./proc.js";
import type { StubServer, StubStats } from "./stub.js";

export interface ClientBoundResult {
  concurrency: number;
  tasks: number;
  tasksPerSecond: number;
  cpuSecondsPer1000: number;
  peakRssBytes: number;
  /** The stub's CPU over the same window, % of one core: near 100 would mean the stub bounded the run. */
  stubCpuPercent: number;
}

let uniq = 0;
const typeName = (side: string, concurrency: number) =>
  `stub_${side}_c${concurrency}_${Date.now().toString(36)}_${(uniq++).toString(36)}`;

function checkStats(before: StubStats, after: StubStats, what: string): void {
  const duplicates = after.duplicates - before.duplicates;
  const wrong = after.wrong - before.wrong;
  const unknown = after.unknown - before.unknown;
  if (duplicates || wrong)
    throw new Error(`${what}: ${duplicates} task(s) completed twice, ${wrong} with a wrong result`);
  if (unknown)
    throw new Error(
      `${what}: ${unknown} request(s) to routes the stub does not serve: ${JSON.stringify(after.routes)}`,
    );
}

/** A run in which no task completed for this long has stalled: fail it now rather than at its timeout. */
export const STALL_MS = 30_000;

/** Rejects once the stub's completion count stops moving for STALL_MS (checked every 2 s). */
function stallWatch(stub: StubServer, what: string, tasks: number): { failure: Promise<never>; stop: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const failure = new Promise<never>((_, reject) => {
    let last = -1;
    let since = performance.now();
    const check = async () => {
      if (stopped) return;
      try {
        const { completed } = await stub.stats();
        if (completed !== last) {
          last = completed;
          since = performance.now();
        } else if (performance.now() - since >= STALL_MS) {
          reject(new Error(`${what}: stalled, no task completed for ${STALL_MS / 1000} s (run of ${tasks} tasks)`));
          return;
        }
      } catch {
        // The stub not answering shows as the DONE wait's own failure.
      }
      if (!stopped) timer = setTimeout(check, 2_000);
    };
    timer = setTimeout(check, 2_000);
  });
  failure.catch(() => undefined);
  return {
    failure,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * Queues `tasks` tasks in the stub, starts the side, and times from the first poll that takes a
 * task to the last completion (both seen by the stub). CPU is the side's process tree over that window.
 */
export async function measureClientBound(
  stub: StubServer,
  side: string,
  launch: Launch,
  concurrency: number,
  tasks: number,
  pollIntervalMs: number,
  pollTimeoutMs: number,
): Promise<ClientBoundResult> {
  const type = typeName(side, concurrency);
  const before = await stub.stats();
  await stub.fill(type, tasks);
  const config = {
    apiUrl: stub.apiUrl,
    taskTypes: [type],
    concurrency,
    pollIntervalMs,
    pollTimeoutMs,
    reportEvery: tasks,
  };
  const proc = await SideProcess.start(side, launch, config);
  const rss = new PeakRss(proc.pid, 50);
  try {
    // Generous: a slow peer on a busy 2-core machine managed 10 tasks/s at concurrency 1.
    const timeoutMs = Math.max(180_000, tasks * 150);
    await stub.waitLine("STARTED", type, 60_000);
    const cpu0 = proc.cpuSeconds();
    const stubCpu0 = stub.cpuSeconds();
    const t0 = performance.now();
    const stall = stallWatch(stub, `${side} at concurrency ${concurrency}`, tasks);
    let stubMs: number;
    try {
      stubMs = Number(await Promise.race([stub.waitLine("DONE", type, timeoutMs), stall.failure, proc.exitFailure()]));
    } finally {
      stall.stop();
    }
    const cpu = proc.cpuSeconds() - cpu0;
    const stubCpu = stub.cpuSeconds() - stubCpu0;
    const wallMs = performance.now() - t0;
    checkStats(before, await stub.stats(), `${side} at concurrency ${concurrency}`);
    return {
      concurrency,
      tasks,
      tasksPerSecond: tasks / (stubMs / 1000),
      cpuSecondsPer1000: (cpu / tasks) * 1000,
      peakRssBytes: rss.stop(),
      stubCpuPercent: (stubCpu / (wallMs / 1000)) * 100,
    };
  } finally {
    rss.stop();
    await proc.stop(2_000);
  }
}

export interface StubCeiling {
  /** Tasks per second the stub completed with `generators` raw undici loops pushing it at once. */
  tasksPerSecond: number;
  generators: number;
  concurrency: number;
  /** The stub's CPU during that run, % of one core (it is one process: 100 is its limit). */
  stubCpuPercent: number;
  /** The stub's CPU-seconds per 1,000 tasks, and what that allows at one full core. */
  stubCpuSecondsPer1000: number;
  tasksPerSecondAtOneCore: number;
}

/**
 * The stub's ceiling: `generators` raw undici loops (the cheapest client there is) at concurrency
 * 100 each, on task types of their own, all at once, so the stub is as busy as it can be made.
 */
export async function measureStubCeiling(
  stub: StubServer,
  launch: Launch,
  generators: number,
  tasksEach: number,
): Promise<StubCeiling> {
  const concurrency = 100;
  const types = Array.from({ length: generators }, (_, i) => typeName(`ceiling${i}`, concurrency));
  const before = await stub.stats();
  for (const type of types) await stub.fill(type, tasksEach);
  const procs = await Promise.all(
    types.map((type) =>
      SideProcess.start("stub ceiling load", launch, {
        apiUrl: stub.apiUrl,
        taskTypes: [type],
        concurrency,
        pollIntervalMs: 100,
        pollTimeoutMs: 100,
        reportEvery: tasksEach,
      }),
    ),
  );
  try {
    await Promise.all(types.map((type) => stub.waitLine("STARTED", type, 60_000)));
    const stubCpu0 = stub.cpuSeconds();
    const t0 = performance.now();
    await Promise.all(types.map((type) => stub.waitLine("DONE", type, Math.max(120_000, tasksEach * 20))));
    const seconds = (performance.now() - t0) / 1000;
    const stubCpu = stub.cpuSeconds() - stubCpu0;
    checkStats(before, await stub.stats(), "stub ceiling");
    const total = generators * tasksEach;
    const per1000 = (stubCpu / total) * 1000;
    return {
      tasksPerSecond: total / seconds,
      generators,
      concurrency,
      stubCpuPercent: (stubCpu / seconds) * 100,
      stubCpuSecondsPer1000: per1000,
      tasksPerSecondAtOneCore: per1000 > 0 ? 1000 / per1000 : Number.NaN,
    };
  } finally {
    await Promise.all(procs.map((p) => p.stop(2_000)));
  }
}
