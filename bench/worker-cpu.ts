// `npm run bench:worker-cpu`: our worker's CPU per task, this tree against another git ref (default
// main), both from the package build, on the stub Conductor (where the worker is the bottleneck) and on
// an in-memory task API (the runtime alone). The same measurement as the full bench's runtime part
// (bench/lib/runtime-part.ts), for any ref, while developing.
//
//   npm run bench:worker-cpu -- [--base <git ref>] [--tasks 20000] [--rounds 7] [--concurrency 10]
import { buildOurs } from "./lib/ours.js";
import { repoDir } from "./lib/paths.js";
import { runRuntimePart, runtimeSection } from "./lib/runtime-part.js";
import { renderSectionPlain } from "./lib/table.js";

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const base = option("--base", "main");
const tasks = Number(option("--tasks", "20000"));
const rounds = Number(option("--rounds", "7"));
const concurrency = Number(option("--concurrency", "10"));
for (const [name, value] of Object.entries({ tasks, rounds, concurrency })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`bench:worker-cpu: --${name} must be a positive integer`);
}
const log = (line: string) => process.stderr.write(`[worker-cpu] ${line}\n`);

async function main(): Promise<void> {
  const ours = buildOurs(repoDir);
  if (!ours.dist) throw new Error(`bench:worker-cpu: ${ours.missing}`);
  const r = await runRuntimePart(ours.dist, base, { tasks, rounds, inMemoryTasks: 50_000, concurrency }, log);
  process.stdout.write(`${renderSectionPlain(runtimeSection(r))}\n`);
  if (r.errors.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
