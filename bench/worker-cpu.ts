// `npm run bench:worker-cpu`: our worker's CPU per task, this tree against another git ref (default
// main), both from the package build, on the stub Conductor (where the worker is the bottleneck).
// Rounds alternate the two builds so drift on a shared machine hits both alike. No middleware, no
// OTel, no prom-client: the figure the "no more than 3% slower" rule of the worker runtime is about.
//
//   npm run bench:worker-cpu -- [--base <git ref>] [--tasks 3000] [--rounds 5] [--concurrency 10]
import { execFileSync } from "node:child_process";
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

async function main(): Promise<void> {
  log(`building this tree and ${base}`);
  const ours = buildOurs(repoDir);
  if (!ours.dist) throw new Error(`bench:worker-cpu: ${ours.missing}`);
  const sides = { [base]: launch(buildRef(base)), "this tree": launch(ours.dist) };
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
