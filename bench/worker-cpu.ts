// `npm run bench:worker-cpu`: our worker's CPU per task, this tree against another git ref (default
// main), both from the package build, on the stub Conductor (where the worker is the bottleneck).
// Rounds alternate the two builds so drift on a shared machine hits both alike. No middleware, no
// OTel, no prom-client: the figure the "no more than 3% slower" rule of the worker runtime is about.
// The stub figure includes HTTP and varies by 10-20 % between rounds on a busy machine; the second
// figure, the runtime alone on an in-memory task API (bench/sides/ours-inmemory.mjs), resolves a few µs.
//
//   npm run bench:worker-cpu -- [--base <git ref>] [--tasks 3000] [--rounds 5] [--concurrency 10]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { measureClientBound } from "./lib/client-bound.js";
import type { Launch } from "./lib/child.js";
import { buildOurs } from "./lib/ours.js";
import { benchDir, cacheDir, repoDir } from "./lib/paths.js";
import { median } from "./lib/stats.js";
import { StubServer } from "./lib/stub.js";

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const base = option("--base", "main");
const tasks = Number(option("--tasks", "3000"));
const rounds = Number(option("--rounds", "5"));
const concurrency = Number(option("--concurrency", "10"));
for (const [name, value] of Object.entries({ tasks, rounds, concurrency })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`bench:worker-cpu: --${name} must be a positive integer`);
}
const log = (line: string) => process.stderr.write(`[worker-cpu] ${line}\n`);

/** Builds `ref` from a `git archive` of it (sharing this checkout's node_modules) into the bench cache. */
function buildRef(ref: string): string {
  const src = join(cacheDir, "base-src");
  const out = join(cacheDir, "base-dist");
  rmSync(src, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  const archive = execFileSync("git", ["-C", repoDir, "archive", "--format=tar", ref], { maxBuffer: 1 << 30 });
  execFileSync("tar", ["-x", "-C", src], { input: archive });
  symlinkSync(join(repoDir, "node_modules"), join(src, "node_modules"), "dir");
  execFileSync(
    process.execPath,
    [join(repoDir, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/build.ts", "--outdir", out],
    {
      cwd: src,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  if (!existsSync(join(out, "worker.js"))) throw new Error(`bench:worker-cpu: building ${ref} produced no worker.js`);
  return out;
}

function launch(dist: string): Launch {
  return {
    command: process.execPath,
    args: [join(benchDir, "sides", "ours-worker.mjs")],
    env: { BENCH_OURS_DIST: dist },
  };
}

/** CPU µs per task of the runtime alone (in-memory task API, 50,000 tasks at `concurrency`). */
function runtimeOnly(dist: string): number {
  const run = spawnSync(process.execPath, [join(benchDir, "sides", "ours-inmemory.mjs")], {
    encoding: "utf8",
    env: { ...process.env, BENCH_OURS_DIST: dist, BENCH_TASKS: "50000", BENCH_CONCURRENCY: String(concurrency) },
  });
  const m = /CPU_US_PER_TASK ([\d.]+)/.exec(run.stdout);
  if (!m) throw new Error(`bench:worker-cpu: in-memory run failed: ${run.stderr.slice(-500)}`);
  return Number(m[1]);
}

async function main(): Promise<void> {
  log(`building this tree and ${base}`);
  const ours = buildOurs(repoDir);
  if (!ours.dist) throw new Error(`bench:worker-cpu: ${ours.missing}`);
  const dists: Record<string, string> = { [base]: buildRef(base), "this tree": ours.dist };
  const sides = Object.fromEntries(Object.entries(dists).map(([label, dist]) => [label, launch(dist)]));
  const cpuMsPerTask: Record<string, number[]> = { [base]: [], "this tree": [] };
  const stub = await StubServer.start();
  try {
    // One warm-up run each, not counted: the first process on a cold page cache pays for it.
    for (const side of Object.values(sides)) await measureClientBound(stub, "ours", side, concurrency, 500, 100, 100);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? Object.keys(sides) : Object.keys(sides).reverse();
      for (const label of order) {
        const r = await measureClientBound(stub, "ours", sides[label]!, concurrency, tasks, 100, 100);
        const ms = r.cpuSecondsPer1000; // CPU-s per 1000 tasks = CPU-ms per task
        cpuMsPerTask[label]!.push(ms);
        log(
          `round ${round + 1}/${rounds} ${label}: ${ms.toFixed(3)} CPU-ms/task, ${r.tasksPerSecond.toFixed(0)} tasks/s`,
        );
      }
    }
  } finally {
    await stub.stop();
  }
  const runtimeUs: Record<string, number[]> = { [base]: [], "this tree": [] };
  for (let round = 0; round < rounds * 2; round++) {
    for (const label of round % 2 === 0 ? Object.keys(dists) : Object.keys(dists).reverse()) {
      runtimeUs[label]!.push(runtimeOnly(dists[label]!));
    }
  }
  const ra = median(runtimeUs[base]!);
  const rb = median(runtimeUs["this tree"]!);
  console.log(
    `runtime alone, in-memory task API (median of ${rounds * 2}, 50000 tasks at concurrency ${concurrency}): ` +
      `${base} ${ra.toFixed(2)} µs/task, this tree ${rb.toFixed(2)} µs/task, +${(rb - ra).toFixed(2)} µs/task`,
  );
  const a = median(cpuMsPerTask[base]!);
  const b = median(cpuMsPerTask["this tree"]!);
  console.log(
    `worker CPU per task (median of ${rounds}, ${tasks} tasks at concurrency ${concurrency}, stub server): ` +
      `${base} ${a.toFixed(3)} ms, this tree ${b.toFixed(3)} ms, change ${(((b - a) / a) * 100).toFixed(1)} %`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
