// The worker runtime's own cost against a fixed older build: the "no more than 3 % more CPU per task
// with no middleware and no OTel" rule of issue 13. Both builds come from the package build script;
// rounds alternate the two so drift on a shared machine hits both alike. Two figures:
//   - CPU per task on the stub Conductor (HTTP included: the figure users see, noisy by 10-20 %);
//   - the runtime alone on an in-memory task API (bench/sides/ours-inmemory.mjs), which resolves µs.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import type { Launch } from "./child.js";
import { measureClientBound } from "./client-bound.js";
import { benchDir, cacheDir, repoDir } from "./paths.js";
import { median } from "./stats.js";
import { StubServer } from "./stub.js";
import { fmt, type Section } from "./table.js";

/**
 * main just before issue 13 merged (middleware seam, OTel, prom-client, health, cancellation): the
 * runtime the 3 % rule compares with. A shallow clone without it fails this part, never skips it.
 */
export const PRE_MIDDLEWARE_REF = "43342e31bf82a9783da64fceb339250e367f5df0";

export interface RuntimeSizes {
  tasks: number;
  rounds: number;
  inMemoryTasks: number;
  concurrency: number;
}

export interface RuntimeResults {
  base: string;
  sizes: RuntimeSizes;
  /** CPU-ms per task on the stub, per round. */
  stubCpuMs: { base: number[]; current: number[] };
  /** CPU-µs per task of the runtime alone, per round. */
  inMemoryUs: { base: number[]; current: number[] };
  errors: string[];
}

/** Builds `ref` from a `git archive` of it (sharing this checkout's node_modules) into the bench cache. */
export function buildRef(ref: string): string {
  const src = join(cacheDir, "base-src");
  const out = join(cacheDir, "base-dist");
  rmSync(src, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  const archive = execFileSync("git", ["-C", repoDir, "archive", "--format=tar", ref], {
    maxBuffer: 1 << 30,
    stdio: ["ignore", "pipe", "pipe"],
  });
  execFileSync("tar", ["-x", "-C", src], { input: archive });
  symlinkSync(join(repoDir, "node_modules"), join(src, "node_modules"), "dir");
  execFileSync(
    process.execPath,
    [join(repoDir, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/build.ts", "--outdir", out],
    { cwd: src, stdio: ["ignore", "ignore", "inherit"] },
  );
  if (!existsSync(join(out, "worker.js"))) throw new Error(`building ${ref} produced no worker.js`);
  return out;
}

export function oursLaunch(dist: string): Launch {
  return {
    command: process.execPath,
    args: [join(benchDir, "sides", "ours-worker.mjs")],
    env: { BENCH_OURS_DIST: dist },
  };
}

/** CPU µs per task of the runtime alone (in-memory task API). */
export function runtimeOnly(dist: string, tasks: number, concurrency: number): number {
  const run = spawnSync(process.execPath, [join(benchDir, "sides", "ours-inmemory.mjs")], {
    encoding: "utf8",
    env: { ...process.env, BENCH_OURS_DIST: dist, BENCH_TASKS: String(tasks), BENCH_CONCURRENCY: String(concurrency) },
  });
  const m = /CPU_US_PER_TASK ([\d.]+)/.exec(run.stdout);
  if (!m) throw new Error(`in-memory run failed: ${run.stderr.slice(-500)}`);
  return Number(m[1]);
}

/** Measures `currentDist` against a build of `base`, alternating rounds. */
export async function runRuntimePart(
  currentDist: string,
  base: string,
  sizes: RuntimeSizes,
  log: (line: string) => void,
): Promise<RuntimeResults> {
  const results: RuntimeResults = {
    base,
    sizes,
    stubCpuMs: { base: [], current: [] },
    inMemoryUs: { base: [], current: [] },
    errors: [],
  };
  let baseDist: string;
  try {
    log(`runtime: building ${base.slice(0, 12)} (the runtime before issue 13)`);
    baseDist = buildRef(base);
  } catch (err) {
    results.errors.push(`building ${base}: ${(err as Error).message.split("\n")[0]}`);
    return results;
  }
  const dists = { base: baseDist, current: currentDist } as const;
  const labels = ["base", "current"] as const;
  const stub = await StubServer.start();
  try {
    // One warm-up run each, not counted: the first process on a cold page cache pays for it.
    for (const label of labels)
      await measureClientBound(stub, "ours", oursLaunch(dists[label]), sizes.concurrency, 500, 100, 100);
    for (let round = 0; round < sizes.rounds; round++) {
      for (const label of round % 2 === 0 ? labels : [...labels].reverse()) {
        const r = await measureClientBound(
          stub,
          "ours",
          oursLaunch(dists[label]),
          sizes.concurrency,
          sizes.tasks,
          100,
          100,
        );
        results.stubCpuMs[label].push(r.cpuSecondsPer1000); // CPU-s per 1000 tasks = CPU-ms per task
        log(`runtime round ${round + 1}/${sizes.rounds} ${label}: ${r.cpuSecondsPer1000.toFixed(3)} CPU-ms/task`);
      }
    }
  } catch (err) {
    results.errors.push(`stub rounds: ${(err as Error).message.split("\n")[0]}`);
  } finally {
    await stub.stop();
  }
  try {
    for (let round = 0; round < sizes.rounds * 2; round++) {
      for (const label of round % 2 === 0 ? labels : [...labels].reverse()) {
        results.inMemoryUs[label].push(runtimeOnly(dists[label], sizes.inMemoryTasks, sizes.concurrency));
      }
    }
  } catch (err) {
    results.errors.push(`in-memory rounds: ${(err as Error).message.split("\n")[0]}`);
  }
  return results;
}

const change = (base: number | undefined, current: number | undefined) =>
  base === undefined || current === undefined ? undefined : ((current - base) / base) * 100;

export function runtimeSection(r: RuntimeResults): Section {
  const m = (xs: number[]) => (xs.length ? median(xs) : undefined);
  const stubBase = m(r.stubCpuMs.base);
  const stubNow = m(r.stubCpuMs.current);
  const memBase = m(r.inMemoryUs.base);
  const memNow = m(r.inMemoryUs.current);
  const verdict = (pct: number | undefined) =>
    pct === undefined ? "not measured" : `${pct <= 3 ? "met" : "MISSED"} (${pct >= 0 ? "+" : ""}${fmt(pct, 1)} %)`;
  const stubChange = change(stubBase, stubNow);
  const memChange = change(memBase, memNow);
  const short = r.base.slice(0, 7);
  return {
    title: "Worker runtime: CPU per task against the runtime before issue 13",
    intro: `Our worker built from this tree and from ${short} (main before the middleware seam, OpenTelemetry, prom-client, health and cancellation landed), no middleware, no OTel, no prom-client, rounds alternating. The rule (issue 13) is about the benchmark's worker CPU per task (R1): no more than 3 % more. R2 isolates the runtime's own code from HTTP, so a change there shows even when it is lost in R1's noise.`,
    table: [
      ["Figure", `before (${short})`, "this tree", "change", "target"],
      [
        `R1. CPU-ms per task on the stub, concurrency ${r.sizes.concurrency}`,
        stubBase === undefined ? "n/a" : fmt(stubBase, 3),
        stubNow === undefined ? "n/a" : fmt(stubNow, 3),
        stubChange === undefined ? "n/a" : `${stubChange >= 0 ? "+" : ""}${fmt(stubChange, 1)} %`,
        `<= +3 %: ${verdict(stubChange)}`,
      ],
      [
        `R2. CPU-µs per task, runtime alone (in-memory task API)`,
        memBase === undefined ? "n/a" : fmt(memBase, 2),
        memNow === undefined ? "n/a" : fmt(memNow, 2),
        memChange === undefined ? "n/a" : `${memChange >= 0 ? "+" : ""}${fmt(memChange, 1)} %`,
        "none (diagnostic: where R1's change comes from)",
      ],
    ],
    lines: [
      ...(memBase !== undefined && memNow !== undefined && stubNow !== undefined
        ? [
            `The runtime's own difference is ${fmt(memNow - memBase, 2)} µs per task, ${fmt(((memNow - memBase) / (stubNow * 1000)) * 100, 2)} % of the whole per-task CPU on the stub (R1), where HTTP dominates.`,
          ]
        : []),
      ...r.errors.map((e) => `failed: ${e}`),
    ],
    method: [
      `- R: both builds by scripts/build.ts (the older one from \`git archive ${short}\`); R1 is ${r.sizes.rounds} alternating round(s) of ${r.sizes.tasks} tasks each on the stub server at concurrency ${r.sizes.concurrency} (after one uncounted warm-up run each), CPU of the worker process over the run; R2 is ${r.sizes.rounds * 2} alternating round(s) of ${r.sizes.inMemoryTasks} tasks through the runtime on an in-memory task API in one process (no HTTP), user+system CPU per task. Medians. \`npm run bench:worker-cpu -- --base <ref>\` measures the same against any ref.`,
    ],
  };
}
