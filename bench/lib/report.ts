// Turns the measurements into the table (terminal) and BENCHMARKS.md. Verdicts compare ours with
// the issue's targets as measured; nothing here adjusts a number toward a target.
import type { IdleResult, LatencyResult, ThroughputResult, WorkerSettings } from "./worker-figures.js";
import type { BundleSize, CallOverhead, ImportTimes, Timed } from "./client-figures.js";
import type { SideId } from "./sides.js";
import { median } from "./stats.js";
import { fmt, renderMarkdown, renderPlain, renderSectionMarkdown, renderSectionPlain, type Section } from "./table.js";
import type { StubResults } from "./stub-part.js";
import { stubSection } from "./stub-report.js";
import type { ClusterResults } from "./cluster-part.js";
import { clusterSection } from "./cluster-report.js";
import { runtimeSection, type RuntimeResults } from "./runtime-part.js";

type Maybe<T> = T | { error: string } | undefined;

export interface Results {
  quick: boolean;
  /** Parts that ran: stub server, real server, cluster, client figures. */
  parts: string[];
  stub?: StubResults;
  cluster?: ClusterResults;
  runtime?: RuntimeResults;
  sizingNote: string;
  sizes: {
    tasks: number;
    rounds: number;
    latencySamples: number;
    idlePickupSamples: number;
    latencyRounds: number;
    idleSeconds: number;
    idleSettle: number;
    idleRounds: number;
    calls: number;
    callRounds: number;
    warmupTasks: number;
    importRuns: number;
    tscRuns: number;
  };
  settings: WorkerSettings;
  sides: { id: SideId; label: string; missing?: string }[];
  worker: Partial<Record<SideId, { throughput: ThroughputResult[]; latency: LatencyResult[]; idle: IdleResult[] }>>;
  errors: Partial<Record<SideId, string[]>>;
  client: {
    bareNodeMs?: number;
    importOurs?: Maybe<ImportTimes>;
    importOfficial?: Maybe<ImportTimes>;
    bundleOurs?: BundleSize;
    bundleOfficial?: BundleSize;
    calls?: Record<string, CallOverhead | { error: string }>;
    generate?: Timed;
    tscOurs?: Timed;
    tscOfficial?: Timed;
  };
  machine: {
    cores: number;
    memoryGiB: number;
    node: string;
    java: string;
    server: string;
    peers: string;
    loadBefore: number[];
    loadAfter: number[];
  };
  date: string;
  command: string;
  seconds: number;
}

const ORDER: SideId[] = ["ours", "js", "py", "raw"];

function ok<T>(v: Maybe<T>): v is T {
  return v !== undefined && !(typeof v === "object" && v !== null && "error" in v);
}

interface Aggregate {
  tps?: number;
  cpu?: number;
  rss?: number;
  p50?: number;
  p99?: number;
  idleRps?: number;
  idleCpu?: number;
  idle50Rps?: number;
  idle50Cpu?: number;
  idle50P50?: number;
  idle50P99?: number;
}

/** Pickup p50 of ours in BENCHMARKS.md before issue 15 (commit 4ea9af9): the idle-cost change must not make it worse. */
const BASELINE_PICKUP_P50_MS = 36;

function aggregate(r: Results, id: SideId): Aggregate {
  const w = r.worker[id];
  if (!w) return {};
  const m = (xs: number[]) => (xs.length ? median(xs) : undefined);
  return {
    tps: m(w.throughput.map((t) => t.tasksPerSecond)),
    cpu: m(w.throughput.map((t) => t.cpuSecondsPer1000)),
    rss: m(w.throughput.map((t) => t.peakRssBytes / 2 ** 20)),
    p50: m(w.latency.map((l) => l.p50Ms)),
    p99: m(w.latency.map((l) => l.p99Ms)),
    idleRps: m(w.idle.filter((i) => i.taskTypes === 5).map((i) => i.requestsPerSecond)),
    idleCpu: m(w.idle.filter((i) => i.taskTypes === 5).map((i) => i.cpuPercentOfCore)),
    idle50Rps: m(w.idle.filter((i) => i.taskTypes === 50).map((i) => i.requestsPerSecond)),
    idle50Cpu: m(w.idle.filter((i) => i.taskTypes === 50).map((i) => i.cpuPercentOfCore)),
    idle50P50: m(w.idle.flatMap((i) => (i.pickup ? [i.pickup.p50Ms] : []))),
    idle50P99: m(w.idle.flatMap((i) => (i.pickup ? [i.pickup.p99Ms] : []))),
  };
}

export function renderReport(r: Results): { table: string; markdown: string } {
  const agg = Object.fromEntries(ORDER.map((id) => [id, aggregate(r, id)])) as Record<SideId, Aggregate>;
  const notes: string[] = [];
  const note = (text: string) => {
    const i = notes.indexOf(text);
    if (i >= 0) return `[${i + 1}]`;
    notes.push(text);
    return `[${notes.length}]`;
  };

  // A worker cell: the value and its ratio to the raw loop, or why there is none.
  const workerCell = (id: SideId, key: keyof Aggregate, digits: number): string => {
    const side = r.sides.find((s) => s.id === id);
    if (!side) return "not run";
    if (side.missing) return `n/a ${note(side.missing)}`;
    const v = agg[id][key];
    if (v === undefined) {
      const errs = r.errors[id] ?? [];
      return errs.length ? `failed ${note(`${side.label}: ${errs[0]!.split("\n")[0]}`)}` : "n/a";
    }
    const raw = agg.raw[key];
    if (id === "raw" || raw === undefined || raw === 0) return fmt(v, digits);
    return `${fmt(v, digits)} (${fmt(v / raw, 2)}x)`;
  };

  const header = ["Figure", "ours", "official JS 4.0.0", "Python 2.0.0", "raw fetch loop", "target (ours)"];
  const rows: string[][] = [];
  const workerRow = (label: string, key: keyof Aggregate, digits: number, target: string) =>
    rows.push([label, ...ORDER.map((id) => workerCell(id, key, digits)), target]);

  workerRow(`1. Throughput, tasks/s (${r.sizes.tasks} queued)`, "tps", 1, verdictThroughput(agg));
  workerRow("2. Worker CPU, CPU-s per 1,000 tasks", "cpu", 2, verdictRatio(agg.ours.cpu, agg.raw.cpu, 1.2, "raw"));
  workerRow("3. Pickup latency p50, ms", "p50", 0, verdictBelow(agg.ours.p50, 20, "ms"));
  workerRow("3. Pickup latency p99, ms", "p99", 0, "");
  workerRow("4. Idle, requests/s (5 task types)", "idleRps", 2, "");
  workerRow("4. Idle, CPU % of one core", "idleCpu", 2, verdictBelow(agg.ours.idleCpu, 1, "% of a core"));
  workerRow("4b. Idle, requests/s (50 task types)", "idle50Rps", 2, "");
  workerRow(
    "4b. Idle, CPU % of one core (50 task types)",
    "idle50Cpu",
    2,
    verdictBelow(agg.ours.idle50Cpu, 2, "% of a core"),
  );
  workerRow(
    "4b. Pickup p50 with 50 task types polled, ms",
    "idle50P50",
    0,
    `<= ${BASELINE_PICKUP_P50_MS} ms (before): ${agg.ours.idle50P50 === undefined ? "not measured" : agg.ours.idle50P50 <= BASELINE_PICKUP_P50_MS ? `met (${fmt(agg.ours.idle50P50, 0)})` : `MISSED (${fmt(agg.ours.idle50P50, 0)})`}`,
  );
  workerRow("4b. Pickup p99 with 50 task types polled, ms", "idle50P99", 0, "");
  workerRow("5. Peak RSS, MiB", "rss", 0, "");

  const c = r.client;
  const importCell = (v: Maybe<ImportTimes>, key: keyof ImportTimes) =>
    ok(v)
      ? fmt(v[key], 1)
      : v
        ? `failed ${note(v.error)}`
        : `n/a ${note(r.sides.find((s) => s.id === "ours")?.missing ?? "not measured")}`;
  rows.push([
    "6. Import, `node -e` wall ms (raw: bare node)",
    importCell(c.importOurs, "wallMs"),
    importCell(c.importOfficial, "wallMs"),
    "",
    fmt(c.bareNodeMs ?? Number.NaN, 1),
    "",
  ]);
  rows.push([
    "6. Import, in-process ms",
    importCell(c.importOurs, "inProcessMs"),
    importCell(c.importOfficial, "inProcessMs"),
    "",
    "",
    verdictBelow(ok(c.importOurs) ? c.importOurs.inProcessMs : undefined, 15, "ms"),
  ]);
  const bundleCell = (b: BundleSize | undefined) => {
    if (!b) return "n/a";
    const size = b.gzipBytes !== undefined ? `${fmt(b.gzipBytes / 1024, 1)} KB` : "";
    return b.browserError
      ? `${size || "does not build"} ${note(`does not build for the browser: ${b.browserError}${size ? "; size shown with Node built-ins left external" : ""}`)}`
      : size;
  };
  rows.push([
    "6. Browser bundle, start + status, min+gzip",
    bundleCell(c.bundleOurs),
    bundleCell(c.bundleOfficial),
    "",
    "",
    verdictBelow(
      c.bundleOurs?.gzipBytes !== undefined && !c.bundleOurs.browserError ? c.bundleOurs.gzipBytes / 1024 : undefined,
      10,
      "KB",
    ),
  ]);
  const callCell = (id: string) => {
    const v = c.calls?.[id];
    if (!v) return "n/a";
    if ("error" in v) return `failed ${note(v.error)}`;
    const base = c.calls?.["fetch"];
    if (id === "fetch" || !base || "error" in base) return `${fmt(v.p50Us, 0)} µs`;
    const d = v.p50Us - base.p50Us;
    return `${fmt(v.p50Us, 0)} µs (${d >= 0 ? "+" : "-"}${fmt(Math.abs(d), 0)})`;
  };
  rows.push([
    `6. Status call p50 on a stub (raw: plain fetch)`,
    callCell("ours"),
    callCell("official"),
    "",
    callCell("fetch"),
    "",
  ]);
  const timedCell = (t: Timed | undefined) =>
    t ? `${fmt(t.seconds, 2)} s${t.ok ? "" : ` ${note(`exit status non-zero: ${t.note ?? ""}`)}`}` : "n/a";
  rows.push(["7. `npm run generate -- --check`, wall", timedCell(c.generate), "", "", "", ""]);
  rows.push(["7. `tsc --noEmit` of a small consumer file", timedCell(c.tscOurs), timedCell(c.tscOfficial), "", "", ""]);

  const table = [header, ...rows];
  const md = renderMarkdown(table);
  const noteText = notes.map((n, i) => `[${i + 1}] ${n.replace(/\s+/g, " ").slice(0, 400)}`).join("\n");
  const sections: Section[] = [];
  if (r.stub) sections.push(stubSection(r.stub));
  const cluster = r.cluster ? clusterSection(r.cluster) : undefined;
  const runtime = r.runtime ? runtimeSection(r.runtime) : undefined;
  const realServer = r.parts.includes("server");
  const terminal = [
    ...sections.map(renderSectionPlain),
    realServer
      ? `Real server: one LocalConductor (SQLite)\n\n${renderPlain(table)}\n${noteText ? `\n${noteText}\n` : ""}\nTargets:\n${targetLines(
          agg,
          r,
        )
          .map((l) => `  - ${l}`)
          .join("\n")}\n`
      : "",
    cluster ? renderSectionPlain(cluster) : "",
    runtime ? renderSectionPlain(runtime) : "",
  ]
    .filter(Boolean)
    .join("\n");

  const markdown = `${[
    "# Benchmarks",
    "",
    `<!-- Generated by \`${r.command}\`; do not edit by hand. -->`,
    "",
    `Our SDK side by side with the official JavaScript SDK, the Conductor Python SDK and raw loops, in one run of \`${r.command}\`, in three settings: a stub server that answers from memory (the worker process is the bottleneck), one real Conductor server (the server is the bottleneck), and a real cluster of Conductor nodes on PostgreSQL; then our worker runtime against its build from before issue 13. ${r.quick ? "**This is a quick run (small sizes); the full run is `npm run bench`.**" : ""}`,
    "",
    ...sections.map((sec) =>
      renderSectionMarkdown(
        sec,
        "Worker cells show the median over rounds and, in parentheses, the ratio to the raw fetch loop. Lower is better everywhere except throughput.",
      ),
    ),
    ...(realServer
      ? [
          "## Real server: one LocalConductor (SQLite)",
          "",
          "Worker cells show the median over rounds and, in parentheses, the ratio to the raw loop. Lower is better everywhere except throughput.",
          "",
          md,
          "",
          noteText ? notes.map((n, i) => `${i + 1}. ${n.replace(/\s+/g, " ").slice(0, 600)}`).join("\n") + "\n" : "",
          "Targets (from issue 6):",
          "",
          ...targetLines(agg, r).map((l) => `- ${l}`),
          "",
        ]
      : []),
    ...(cluster ? [renderSectionMarkdown(cluster, cluster.intro ?? "")] : []),
    ...(runtime ? [renderSectionMarkdown(runtime, runtime.intro ?? "")] : []),
    "## Run",
    "",
    `- Command: \`${r.command}\` (${fmt(r.seconds / 60, 1)} minutes)`,
    `- Date: ${r.date}`,
    `- Machine: ${r.machine.cores} cores, ${fmt(r.machine.memoryGiB, 1)} GiB memory, shared by the server, the bench and the side under test`,
    `- Load average (1/5/15 min) before: ${r.machine.loadBefore.map((x) => fmt(x, 2)).join(" / ")}; after: ${r.machine.loadAfter.map((x) => fmt(x, 2)).join(" / ")}`,
    `- Node ${r.machine.node}; Java ${r.machine.java}; Conductor server ${r.machine.server}`,
    `- Peers: ${r.machine.peers}`,
    "- A load average well above the core count means other work shared the machine during the run: every figure is then noisier, and absolute throughput lower, than on a quiet machine. Ratios between sides measured in the same run are the meaningful part.",
    "",
    "## Method",
    "",
    `- ${r.sizingNote}`,
    ...sections.flatMap((sec) => sec.method),
    ...(cluster ? cluster.method : []),
    ...(runtime ? runtime.method : []),
    `- Every side is its own process with the same settings: concurrency ${r.settings.concurrency} per task type, poll interval ${r.settings.pollIntervalMs} ms, long-poll timeout ${r.settings.pollTimeoutMs} ms, and the same trivial worker (output \`{ echo: input.n }\`). Everything else is each SDK's default (ours backs off after empty polls up to its default 1 s; the official JS SDK up to the poll interval; the Python SDK's own rules). Sides run one after another, never together; the order rotates each round.`,
    "- Ours runs from the package build (`scripts/build.ts` into node_modules/.cache/conductor-bench/dist), the official JS SDK from bench/.peers (TaskManager), the Python SDK from bench/.venv (TaskHandler, one Worker per task type with `thread_count` = concurrency). The raw loop (bench/sides/raw-worker.mjs) is a batch poll and one POST /api/tasks/update-v2 per task with plain `fetch` (update-v2 hands back the next task, as all three SDKs use it by default), nothing else: no backoff growth, no logging, no metrics; a failed update is retried up to 4 times.",
    `- 1, 2, 5: after a discarded warm-up of the fresh server (${r.sizes.warmupTasks} tasks through the raw loop), ${r.sizes.tasks} single-task workflows are started before the side starts; the clock and the CPU reading start when the queue first shrinks (so process start-up is excluded) and stop when the server reports no running workflow of that type. ${r.sizes.rounds} round(s). CPU is user+system time of the side's whole process tree from /proc (the Python SDK forks a process per worker plus a logger). Peak RSS is the kernel's high-water mark for one process, or the peak of the sampled sum over the tree for several (shared pages count once per process).`,
    `- 3: with the queue empty, ${r.sizes.latencySamples} workflows are started one at a time (after 3 warm-up ones, 50-250 ms random gaps), and startTime - scheduledTime of each task is read from the server. ${r.sizes.latencyRounds} round(s); the table shows the median of the per-round p50 and p99. The raw loop sleeps the full poll interval after every empty poll, so for latency it is a reference point, not a floor: an SDK that polls again sooner after an empty poll picks up faster.`,
    `- 4: a side with 5 task types and nothing to do, behind a counting loopback proxy, measured for ${r.sizes.idleSeconds} s after ${r.sizes.idleSettle} s of settling; ${r.sizes.idleRounds} round(s). 4b: the same with 50 task types, then ${r.sizes.idlePickupSamples} workflows of one of those types are started one at a time in that process and their pickup latency read (as in 3). Ours idles with one long poll per task type that the server holds up to 5 s (its maximum) and answers as soon as a task is queued; the bound is the server's rule that a batch poll names one task type: 50 types cost 50 polls per 5 s. Once a type has work, ours keeps a second poll waiting for it (pickupPolls; docs/workers.md, How polling works).`,
    `- 6: import times are medians of ${r.sizes.importRuns} fresh \`node\` processes importing the ESM entry, interleaved with bare \`node -e ''\` runs (ours: dist/index.js of the build; official: dist/index.mjs). Bundles: esbuild, platform browser, minified ESM, gzip level 9, of bench/client/bundle-*.mjs. Per-call: ${r.sizes.callRounds} interleaved rounds of ${r.sizes.calls} sequential status reads against a loopback stub in another process (bench/client/stub-server.mjs), each client in its own process; overhead (in parentheses) is the difference of the median p50 to plain \`fetch\`.`,
    `- 7: \`npm run generate -- --check\` runs the whole generator without writing generated/ (the plain command also writes the files and then runs the contract tests); \`tsc --noEmit\` type-checks bench/client/consumer-*.ts.in against each package's declarations (strict, skipLibCheck), median of ${r.sizes.tscRuns}.`,
    "",
    "## Raw data",
    "",
    "```json",
    JSON.stringify(
      { stub: r.stub, worker: r.worker, client: r.client, cluster: r.cluster, runtime: r.runtime, errors: r.errors },
      (k, v) => (k === "samples" ? undefined : v),
      1,
    ),
    "```",
    "",
  ].join("\n")}`;
  return { table: terminal, markdown };
}

function verdictBelow(v: number | undefined, limit: number, unit: string): string {
  if (v === undefined) return `< ${limit} ${unit}: not measured`;
  const p = (x: number) => x.toPrecision(3);
  return v < limit
    ? `< ${limit} ${unit}: met (${p(v)})`
    : `< ${limit} ${unit}: MISSED (${p(v)}, over by ${p(v - limit)})`;
}

function verdictRatio(v: number | undefined, base: number | undefined, limit: number, baseName: string): string {
  if (v === undefined || base === undefined) return `<= ${limit}x ${baseName}: not measured`;
  const ratio = v / base;
  return ratio <= limit
    ? `<= ${limit}x ${baseName}: met (${fmt(ratio, 2)}x)`
    : `<= ${limit}x ${baseName}: MISSED (${fmt(ratio, 2)}x)`;
}

function verdictThroughput(agg: Record<SideId, Aggregate>): string {
  const ours = agg.ours.tps;
  const peer = Math.max(agg.js.tps ?? 0, agg.py.tps ?? 0);
  const raw = agg.raw.tps;
  if (ours === undefined || raw === undefined || peer === 0) return ">= 2x best peer, >= 0.9x raw: not measured";
  const vsPeer = ours / peer;
  const vsRaw = ours / raw;
  const a = vsPeer >= 2 ? `met (${fmt(vsPeer, 2)}x)` : `MISSED (${fmt(vsPeer, 2)}x)`;
  const b = vsRaw >= 0.9 ? `met (${fmt(vsRaw, 2)}x)` : `MISSED (${fmt(vsRaw, 2)}x)`;
  return `>= 2x best peer: ${a}; >= 0.9x raw: ${b}`;
}

function targetLines(agg: Record<SideId, Aggregate>, r: Results): string[] {
  const c = r.client;
  return [
    `Throughput >= 2x the better peer and within 10% of raw: ${verdictThroughput(agg)}`,
    `Worker CPU per task within 1.2x raw: ${verdictRatio(agg.ours.cpu, agg.raw.cpu, 1.2, "raw")}`,
    `Pickup latency p50 under 20 ms: ${verdictBelow(agg.ours.p50, 20, "ms")}`,
    `Idle worker under 1% of a core: ${verdictBelow(agg.ours.idleCpu, 1, "% of a core")}`,
    `50 idle task types under 2% of a core (issue 15): ${verdictBelow(agg.ours.idle50Cpu, 2, "% of a core")}`,
    `Import under 15 ms in-process: ${verdictBelow(ok(c.importOurs) ? c.importOurs.inProcessMs : undefined, 15, "ms")}`,
    `Browser bundle under 10 KB gzipped: ${verdictBelow(c.bundleOurs?.gzipBytes !== undefined && !c.bundleOurs.browserError ? c.bundleOurs.gzipBytes / 1024 : undefined, 10, "KB")}`,
  ];
}
