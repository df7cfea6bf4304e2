// The stub-server (client-bound) section of the report. Verdicts compare ours with the issue's
// targets as measured; nothing here adjusts a number toward a target.
import type { SideId } from "./sides.js";
import { STUB_CONCURRENCIES, stubAggregate, type StubResults } from "./stub-part.js";
import { fmt, ratioVerdict, type Section } from "./table.js";

const ORDER: SideId[] = ["ours", "js", "py", "raw", "undici"];
const LABELS: Record<SideId, string> = {
  ours: "ours",
  js: "official JS 4.0.0",
  py: "Python 2.0.0",
  raw: "raw fetch loop",
  undici: "raw undici loop",
};

/** Whether the stub stayed far from saturation in every side's run (row S4). */
function stubVerdict(r: StubResults): string {
  const busiest = Math.max(...Object.values(r.runs).flatMap((runs) => runs.map((x) => x.stubCpuPercent)));
  if (!Number.isFinite(busiest)) return "";
  return busiest < 70
    ? `The stub never used more than ${fmt(busiest, 0)} % of a core in a side's run (row S4): the side, not the stub, bounds each figure.`
    : `In some run the stub used ${fmt(busiest, 0)} % of a core (row S4): that figure may be bounded by the stub, not the side.`;
}

export function stubSection(r: StubResults): Section {
  const a = (id: SideId, c: number) => stubAggregate(r, id, c);
  const cell = (id: SideId, c: number, key: "tps" | "cpu" | "rss", digits: number) => {
    const v = a(id, c)[key];
    if (v === undefined) return "n/a";
    const raw = a("raw", c)[key];
    return id === "raw" || raw === undefined ? fmt(v, digits) : `${fmt(v, digits)} (${fmt(v / raw, 2)}x)`;
  };
  const bestPeer = (c: number) => Math.max(a("js", c).tps ?? 0, a("py", c).tps ?? 0) || undefined;
  const header = ["Figure (stub server)", ...ORDER.map((id) => LABELS[id]), "target (ours)"];
  const rows: string[][] = [];
  for (const c of STUB_CONCURRENCIES) {
    rows.push([
      `S1. Throughput, tasks/s, concurrency ${c}`,
      ...ORDER.map((id) => cell(id, c, "tps", 0)),
      c === 10 ? `>= 2x best peer: ${ratioVerdict(a("ours", c).tps, bestPeer(c), 2, "at least")}` : "",
    ]);
  }
  for (const c of STUB_CONCURRENCIES) {
    rows.push([
      `S2. Worker CPU, CPU-s per 1,000 tasks, concurrency ${c}`,
      ...ORDER.map((id) => cell(id, c, "cpu", 3)),
      `<= 1.05x raw fetch: ${ratioVerdict(a("ours", c).cpu, a("raw", c).cpu, 1.05, "at most")}`,
    ]);
  }
  rows.push(["S3. Peak RSS, MiB, concurrency 100", ...ORDER.map((id) => cell(id, 100, "rss", 0)), ""]);
  rows.push([
    "S4. Stub CPU during the run, % of a core (max)",
    ...ORDER.map((id) => {
      const v = Math.max(...STUB_CONCURRENCIES.map((c) => a(id, c).stubCpu ?? Number.NaN).filter(Number.isFinite));
      return Number.isFinite(v) ? fmt(v, 0) : "n/a";
    }),
    "",
  ]);

  const lines: string[] = [];
  const ceiling = r.ceiling;
  lines.push(
    ceiling
      ? `Stub ceiling: ${fmt(ceiling.tasksPerSecond, 0)} tasks/s with ${ceiling.generators} raw undici loops at concurrency ${ceiling.concurrency} at once, the stub at ${fmt(ceiling.stubCpuPercent, 0)} % of a core; it spends ${fmt(ceiling.stubCpuSecondsPer1000, 3)} CPU-s per 1,000 tasks, so one full core serves about ${fmt(ceiling.tasksPerSecondAtOneCore, 0)} tasks/s. ${stubVerdict(r)}`
      : "Stub ceiling: not measured.",
  );
  for (const c of STUB_CONCURRENCIES) {
    const ours = a("ours", c);
    const undici = a("undici", c);
    if (ours.cpu !== undefined && undici.cpu !== undefined && ours.tps !== undefined && undici.tps !== undefined) {
      lines.push(
        `Distance to the raw undici loop at concurrency ${c}: ${fmt(ours.cpu / undici.cpu, 2)}x its CPU per task, ${fmt(ours.tps / undici.tps, 2)}x its throughput.`,
      );
    }
  }
  lines.push(
    `Throughput >= 2x the better peer at concurrency 10: ${ratioVerdict(a("ours", 10).tps, bestPeer(10), 2, "at least")}`,
  );
  for (const c of STUB_CONCURRENCIES) {
    lines.push(
      `CPU per task <= 1.05x the raw fetch loop at concurrency ${c}: ${ratioVerdict(a("ours", c).cpu, a("raw", c).cpu, 1.05, "at most")}`,
    );
  }
  for (const e of r.reruns ?? []) lines.push(`Run again after a failure: ${e}`);
  for (const e of r.errors) lines.push(`Failed: ${e.split("\n")[0]}`);

  const method = [
    `- Stub server (S1-S4): bench/stub/stub-conductor.mjs, one Node process, answers batch poll, single poll, update-v2 and the classic update from memory with the status, header names and task JSON recorded from a real server (bench/stub/wire.json, written by \`npx tsx bench/stub/record-wire.ts\`). A batch poll gets whatever is queued at once; it checks every completion (right task, COMPLETED, output \`{ echo: input.n }\`) and a run with a task completed twice or a wrong result fails.`,
    `- Per run: ${r.sizes.tasksAt1} (concurrency 1) or ${r.sizes.tasks} (10 and 100) tasks are queued in the stub, then the side starts with poll interval ${r.pollIntervalMs} ms and long-poll timeout ${r.pollTimeoutMs} ms; the clock (inside the stub) and the side's CPU reading run from the first poll that takes a task to the last completion. ${r.sizes.rounds} round(s), median shown; the side order rotates each round. In parentheses: the ratio to the raw fetch loop.`,
    "- The raw undici loop (bench/sides/raw-undici-worker.mjs) is the raw fetch loop's code (bench/sides/raw-loop.mjs) on undici 7's `Pool.request` instead of `fetch`: the least client work an HTTP/1.1 worker in Node can do.",
    `- Ceiling: ${r.sizes.ceilingGenerators} raw undici loops, ${r.sizes.ceilingTasks} tasks each, at once. On 2 cores the load generators compete with the stub for CPU, so the measured ceiling is a floor of the stub's real one; the per-core figure is derived from its CPU per task.`,
  ];
  return { title: "Stub server: the worker process is the bottleneck", table: [header, ...rows], lines, method };
}
