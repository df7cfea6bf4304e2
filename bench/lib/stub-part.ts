// Part 1 of `npm run bench`: every side against the stub Conductor at concurrency 1, 10 and 100,
// plus the stub's own ceiling. The worker process is the bottleneck here, not the server.
import type { Launch } from "./child.js";
import { measureClientBound, measureStubCeiling, type ClientBoundResult, type StubCeiling } from "./client-bound.js";
import type { Side, SideId } from "./sides.js";
import { StubServer } from "./stub.js";
import { median } from "./stats.js";

export const STUB_CONCURRENCIES = [1, 10, 100] as const;

export interface StubSizes {
  /** Tasks per run at concurrency 1 (slow sides take one task at a time). */
  tasksAt1: number;
  /** Tasks per run at concurrency 10 and 100. */
  tasks: number;
  rounds: number;
  ceilingTasks: number;
  ceilingGenerators: number;
}

export interface StubResults {
  sizes: StubSizes;
  pollIntervalMs: number;
  pollTimeoutMs: number;
  runs: Partial<Record<SideId, ClientBoundResult[]>>;
  ceiling?: StubCeiling;
  errors: string[];
  /** Runs that failed once and were run again (the second attempt's figure, or its failure, counts). */
  reruns: string[];
}

export async function runStubPart(
  sides: (Side & { launch: Launch })[],
  sizes: StubSizes,
  log: (line: string) => void,
): Promise<StubResults> {
  const pollIntervalMs = 100;
  const pollTimeoutMs = 100;
  const results: StubResults = { sizes, pollIntervalMs, pollTimeoutMs, runs: {}, errors: [], reruns: [] };
  const stub = await StubServer.start();
  try {
    const undici = sides.find((s) => s.id === "undici");
    if (undici) {
      log(
        `stub ceiling: ${sizes.ceilingGenerators} raw undici loops at concurrency 100, ${sizes.ceilingTasks} tasks each`,
      );
      try {
        results.ceiling = await measureStubCeiling(stub, undici.launch, sizes.ceilingGenerators, sizes.ceilingTasks);
        log(
          `  ${results.ceiling.tasksPerSecond.toFixed(0)} tasks/s, stub at ${results.ceiling.stubCpuPercent.toFixed(0)} % of a core`,
        );
      } catch (err) {
        results.errors.push(`stub ceiling: ${(err as Error).message}`);
        log(`stub ceiling failed: ${(err as Error).message.split("\n")[0]}`);
      }
    }
    for (let round = 0; round < sizes.rounds; round++) {
      for (const concurrency of STUB_CONCURRENCIES) {
        for (let k = 0; k < sides.length; k++) {
          const side = sides[(k + round) % sides.length]!;
          const tasks = concurrency === 1 ? sizes.tasksAt1 : sizes.tasks;
          log(`stub round ${round + 1}/${sizes.rounds}: ${side.label}, concurrency ${concurrency}, ${tasks} tasks`);
          try {
            const measure = () =>
              measureClientBound(stub, side.id, side.launch, concurrency, tasks, pollIntervalMs, pollTimeoutMs);
            let r: ClientBoundResult;
            try {
              r = await measure();
            } catch (first) {
              // Once, and said in the report: a side that stalls (seen once with the Python SDK at
              // concurrency 100) should cost a figure only if it does so again.
              const reason = (first as Error).message.split("\n")[0]!;
              results.reruns.push(
                `${side.label} at concurrency ${concurrency}, round ${round + 1}: ${reason}; run again`,
              );
              log(`  failed (${reason}); running it again`);
              r = await measure();
            }
            (results.runs[side.id] ??= []).push(r);
            log(
              `  ${r.tasksPerSecond.toFixed(0)} tasks/s, ${r.cpuSecondsPer1000.toFixed(3)} CPU-s/1000, ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB, stub ${r.stubCpuPercent.toFixed(0)} %`,
            );
          } catch (err) {
            results.errors.push(`${side.label} at concurrency ${concurrency}: ${(err as Error).message}`);
            log(`  failed: ${(err as Error).message.split("\n")[0]}`);
          }
        }
      }
    }
  } finally {
    await stub.stop();
  }
  return results;
}

export interface StubAggregate {
  tps?: number;
  cpu?: number;
  rss?: number;
  stubCpu?: number;
}

/** Median over rounds of one side at one concurrency. */
export function stubAggregate(results: StubResults, id: SideId, concurrency: number): StubAggregate {
  const runs = (results.runs[id] ?? []).filter((r) => r.concurrency === concurrency);
  if (runs.length === 0) return {};
  return {
    tps: median(runs.map((r) => r.tasksPerSecond)),
    cpu: median(runs.map((r) => r.cpuSecondsPer1000)),
    rss: median(runs.map((r) => r.peakRssBytes / 2 ** 20)),
    stubCpu: Math.max(...runs.map((r) => r.stubCpuPercent)),
  };
}
