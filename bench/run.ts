// `npm run bench`: our SDK side by side with the official JavaScript SDK, the Python SDK and raw
// loops, in three settings, one after another: a stub Conductor answering from memory (the worker
// is the bottleneck), one LocalConductor (the server is), and a LocalConductorCluster (PostgreSQL,
// two nodes, HAProxy), then our worker runtime against its pre-issue-13 build. Prints the tables and the client figures, and regenerates BENCHMARKS.md.
//
//   npm run bench                     full run (writes BENCHMARKS.md)
//   npm run bench -- --quick          small sizes, same tables (CI); add --write to write BENCHMARKS.md
//   --parts stub,server,cluster,runtime,client  run only these parts (development only)
//   --server <apiUrl>                 use a running server for the real-server part (development only)
//   --sides raw,undici,ours,js,py     run only these worker sides (development only)
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { LocalConductor } from "../src/testing/index.js";
import { stopAllSides } from "./lib/child.js";
import { ServerApi } from "./lib/conductor.js";
import { benchDir, repoDir } from "./lib/paths.js";
import { ensurePeers, JS_PEER, PY_PEER, type Peers } from "./lib/peers.js";
import { buildOurs, type OursBuild } from "./lib/ours.js";
import { prepareSides, type Side, type SideId } from "./lib/sides.js";
import { measureIdle, measurePickup, measureThroughput, type WorkerSettings } from "./lib/worker-figures.js";
import { bundleSize, callOverhead, importTimes, timeCommand, typecheckConsumer } from "./lib/client-figures.js";
import { renderReport, type Results } from "./lib/report.js";
import { runStubPart, type StubSizes } from "./lib/stub-part.js";
import { runClusterPart, type ClusterSizes } from "./lib/cluster-part.js";
import { PRE_MIDDLEWARE_REF, runRuntimePart, type RuntimeSizes } from "./lib/runtime-part.js";

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const known = new Set(["--quick", "--write", "--server", "--sides", "--parts"]);
for (let i = 0; i < argv.length; i++) {
  if (!known.has(argv[i]!)) {
    console.error(`bench: unknown argument ${argv[i]} (known: ${[...known].join(", ")})`);
    process.exit(2);
  }
  if (argv[i] === "--server" || argv[i] === "--sides" || argv[i] === "--parts") i++;
}
const quick = flag("--quick");
const write = !quick || flag("--write");
const onlySides = option("--sides")?.split(",") as SideId[] | undefined;
const ALL_PARTS = ["stub", "server", "cluster", "runtime", "client"];
const parts = option("--parts")?.split(",") ?? ALL_PARTS;
for (const p of parts)
  if (!ALL_PARTS.includes(p)) throw new Error(`bench: unknown part ${p} (known: ${ALL_PARTS.join(", ")})`);
// Development runs of some parts never overwrite BENCHMARKS.md, which holds a run of all of them.
const complete = parts.length === ALL_PARTS.length && !onlySides && !option("--server");

// Full-run sizes: the issue's 2,000 queued tasks and the median of 3 rounds; a full run takes
// about 15-20 minutes on the 2-core machine (idle runs once: 30 s per side).
const sizes = quick
  ? {
      tasks: 200,
      warmupTasks: 100,
      rounds: 1,
      latencySamples: 10,
      idlePickupSamples: 10,
      latencyRounds: 1,
      idleSeconds: 5,
      idleSettle: 2,
      idleRounds: 1,
      calls: 1_000,
      callRounds: 2,
      importRuns: 3,
      tscRuns: 1,
    }
  : {
      tasks: 2_000,
      warmupTasks: 2_000,
      rounds: 3,
      latencySamples: 40,
      // One idle round, so 4b's pickup figure takes its samples in one go: 120 resolve its p50 to a
      // few ms (40 spread by +-10 ms between runs).
      idlePickupSamples: 120,
      latencyRounds: 3,
      idleSeconds: 30,
      idleSettle: 5,
      idleRounds: 1,
      calls: 10_000,
      callRounds: 3,
      importRuns: 10,
      tscRuns: 3,
    };
const settings: WorkerSettings = { concurrency: 10, pollIntervalMs: 100, pollTimeoutMs: 100 };
const stubSizes: StubSizes = quick
  ? { tasksAt1: 300, tasks: 1_000, rounds: 1, ceilingTasks: 2_000, ceilingGenerators: 2 }
  : { tasksAt1: 2_000, tasks: 5_000, rounds: 3, ceilingTasks: 20_000, ceilingGenerators: 2 };
const clusterSizes: ClusterSizes = quick
  ? { workflows: 300, warmupWorkflows: 100, latencySamples: 10 }
  : { workflows: 2_000, warmupWorkflows: 500, latencySamples: 40 };

// Long runs for R1: each round is a fresh process, and at 3,000 tasks its JIT warm-up is about half
// the figure; 20,000 tasks measure the steady state a production worker runs in (7 rounds: ~1 min).
const runtimeSizes: RuntimeSizes = quick
  ? { tasks: 1_000, rounds: 1, inMemoryTasks: 10_000, concurrency: 10 }
  : { tasks: 20_000, rounds: 7, inMemoryTasks: 50_000, concurrency: 10 };

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main(): Promise<void> {
  const started = new Date();
  const load0 = loadavg();
  log(`mode ${quick ? "quick" : "full"}; parts ${parts.join(", ")}; preparing peers and our build`);
  const peers = ensurePeers(benchDir, log);
  const ours = buildOurs(repoDir);
  if (!ours.dist) log(`ours unavailable: ${ours.missing}`);
  const allSides = prepareSides(repoDir, peers, ours).filter((s) => !onlySides || onlySides.includes(s.id));
  // The raw undici loop is the client-bound floor; against a real server every side is server-bound.
  const sides = allSides.filter((s) => s.id !== "undici");
  const results: Results = {
    quick,
    parts,
    sizes,
    sizingNote: quick
      ? "Quick mode: every measurement at a small size, for CI; not comparable with a full run."
      : "Full run: stub-server figures and real-server throughput and pickup latency take the median of 3 rounds; the idle figures are one 30 s window per side (they vary little, and 3 windows would add minutes); the cluster figures are one run per shape.",
    settings,
    sides: sides.map((s) => ({ id: s.id, label: s.label, ...(s.missing ? { missing: s.missing } : {}) })),
    worker: {},
    errors: {},
    client: {},
    machine: {
      cores: cpus().length,
      memoryGiB: totalmem() / 2 ** 30,
      node: process.version,
      java: "not started",
      server: "not started",
      peers: `${JS_PEER.name}@${JS_PEER.version}, ${PY_PEER.name}==${PY_PEER.version}`,
      loadBefore: load0,
      loadAfter: [],
    },
    date: started.toISOString(),
    command: `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`,
    seconds: 0,
  };
  // Ctrl-C or SIGTERM: stop the sides before leaving (servers started here are killed by the testing kit's exit hook).
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void stopAllSides().finally(() => process.exit(130));
    });
  }

  if (parts.includes("stub")) results.stub = await runStubPart(allSides.filter(launchable), stubSizes, log);
  if (parts.includes("server")) await runServerPart(results, sides.filter(launchable));
  if (parts.includes("cluster")) {
    const oursSide = allSides.find((s) => s.id === "ours");
    if (oursSide?.launch) {
      try {
        results.cluster = await runClusterPart(oursSide.launch, settings, clusterSizes, log);
      } catch (err) {
        results.cluster = { sizes: clusterSizes, settings, runs: [], errors: [`cluster: ${(err as Error).message}`] };
        log(`cluster failed: ${(err as Error).message.split("\n")[0]}`);
      }
    }
  }
  if (parts.includes("runtime")) {
    results.runtime = ours.dist
      ? await runRuntimePart(ours.dist, PRE_MIDDLEWARE_REF, runtimeSizes, log)
      : {
          base: PRE_MIDDLEWARE_REF,
          sizes: runtimeSizes,
          stubCpuMs: { base: [], current: [] },
          inMemoryUs: { base: [], current: [] },
          errors: [`ours unavailable: ${ours.missing}`],
        };
  }
  if (parts.includes("client")) await runClientPart(results, ours, peers);

  results.machine.loadAfter = loadavg();
  results.seconds = (Date.now() - started.getTime()) / 1000;
  const { table, markdown } = renderReport(results);
  process.stdout.write(`\n${table}\n`);
  if (write && complete) {
    writeFileSync(join(repoDir, "BENCHMARKS.md"), markdown);
    log("wrote BENCHMARKS.md");
  } else {
    log(`BENCHMARKS.md left as it is (${complete ? "quick mode: add --write to replace it" : "not every part ran"})`);
  }
  const failures =
    Object.values(results.errors).flat().length +
    (results.stub?.errors.length ?? 0) +
    (results.cluster?.errors.length ?? 0) +
    (results.runtime?.errors.length ?? 0);
  if (failures > 0) {
    log(`${failures} measurement(s) failed; see the table`);
    process.exitCode = 1;
  }
}

const launchable = (s: Side): s is Side & { launch: NonNullable<Side["launch"]> } => s.launch !== undefined;

/** Part 2: every side on one LocalConductor (or --server), one after another. */
async function runServerPart(
  results: Results,
  runnable: (Side & { launch: NonNullable<Side["launch"]> })[],
): Promise<void> {
  const external = option("--server");
  const server = external ? undefined : await LocalConductor.start({ quiet: true });
  const apiUrl = external ?? server!.apiUrl;
  const api = new ServerApi(apiUrl);
  results.machine.java = server ? `${server.java.version} (${server.java.java})` : "unknown (external server)";
  results.machine.server = `${await api.version()}${external ? ` at ${external} (external, not started by the bench)` : " (LocalConductor)"}`;
  try {
    const record = (side: SideId, figure: string, err: unknown) => {
      const message = (err as Error).message ?? String(err);
      log(`${side} ${figure} failed: ${message.split("\n")[0]}`);
      (results.errors[side] ??= []).push(`${figure}: ${message}`);
    };
    for (const s of runnable) results.worker[s.id] = { throughput: [], latency: [], idle: [] };

    // A fresh server is slow until the JVM has compiled its hot paths: warm it with the raw loop
    // and throw that figure away, so the first side measured is not penalized.
    const warmer = runnable.find((s) => s.id === "raw") ?? runnable[0];
    if (warmer) {
      log(`warm-up: ${warmer.label}, ${sizes.warmupTasks} tasks (not counted)`);
      await measureThroughput(api, warmer.id, warmer.launch, settings, sizes.warmupTasks).catch((err: unknown) =>
        record(warmer.id, "warm-up", err),
      );
    }

    // Sides run one after another, never together; the order rotates each round so that a slow
    // drift of the server (growing database, JIT) does not always land on the same side.
    for (let round = 0; round < sizes.rounds; round++) {
      for (let k = 0; k < runnable.length; k++) {
        const side = runnable[(k + round) % runnable.length]!;
        log(`throughput round ${round + 1}/${sizes.rounds}: ${side.label}, ${sizes.tasks} tasks`);
        try {
          const r = await measureThroughput(api, side.id, side.launch, settings, sizes.tasks);
          results.worker[side.id]!.throughput.push(r);
          log(
            `  ${r.tasksPerSecond.toFixed(1)} tasks/s, ${r.cpuSecondsPer1000.toFixed(2)} CPU-s/1000, ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MB`,
          );
        } catch (err) {
          record(side.id, "throughput", err);
        }
      }
    }
    for (let round = 0; round < sizes.latencyRounds; round++) {
      for (let k = 0; k < runnable.length; k++) {
        const side = runnable[(k + round) % runnable.length]!;
        log(
          `pickup latency round ${round + 1}/${sizes.latencyRounds}: ${side.label}, ${sizes.latencySamples} workflows one at a time`,
        );
        try {
          const r = await measurePickup(api, side.id, side.launch, settings, sizes.latencySamples);
          results.worker[side.id]!.latency.push(r);
          log(`  p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`);
        } catch (err) {
          record(side.id, "pickup latency", err);
        }
      }
    }
    for (let round = 0; round < sizes.idleRounds; round++) {
      for (const side of runnable) {
        log(`idle: ${side.label}, 50 task types, ${sizes.idleSeconds} s, then pickup latency on one of them`);
        try {
          const r = await measureIdle(
            apiUrl,
            side.id,
            side.launch,
            settings,
            sizes.idleSeconds,
            sizes.idleSettle,
            50,
            sizes.idlePickupSamples,
          );
          results.worker[side.id]!.idle.push(r);
          log(
            `  ${r.requestsPerSecond.toFixed(2)} requests/s, ${r.cpuPercentOfCore.toFixed(2)} % of a core, pickup p50 ${r.pickup?.p50Ms} ms`,
          );
        } catch (err) {
          record(side.id, "idle (50 task types)", err);
        }
        log(`idle: ${side.label}, 5 task types, ${sizes.idleSeconds} s`);
        try {
          const r = await measureIdle(apiUrl, side.id, side.launch, settings, sizes.idleSeconds, sizes.idleSettle);
          results.worker[side.id]!.idle.push(r);
          log(`  ${r.requestsPerSecond.toFixed(2)} requests/s, ${r.cpuPercentOfCore.toFixed(2)} % of a core`);
        } catch (err) {
          record(side.id, "idle", err);
        }
      }
    }
  } finally {
    if (server) await server.stop();
  }
}

/** Part 4: client and generator figures; they need no server and run last, so nothing competes. */
async function runClientPart(results: Results, ours: OursBuild, peers: Peers): Promise<void> {
  log("client: import time");
  const imports = importTimes(
    [
      ...(ours.dist ? [{ id: "ours", path: join(ours.dist, "index.js") }] : []),
      { id: "official", path: peers.jsEntry },
    ],
    sizes.importRuns,
  );
  results.client.bareNodeMs = imports.bareNodeMs;
  results.client.importOurs = imports.byId["ours"];
  results.client.importOfficial = imports.byId["official"];

  log("client: browser bundles");
  if (ours.dist) {
    results.client.bundleOurs = await bundleSize(join(benchDir, "client", "bundle-ours.mjs"), repoDir, {
      "@conductor-ts/sdk": join(ours.dist, "index.js"),
    });
  }
  results.client.bundleOfficial = await bundleSize(join(benchDir, "client", "bundle-official.mjs"), peers.jsRoot, {});

  log(`client: per-call overhead, ${sizes.callRounds} x ${sizes.calls} calls each`);
  const callers = [{ id: "fetch", env: {} }];
  if (ours.dist) callers.push({ id: "ours", env: { BENCH_OURS_DIST: ours.dist } });
  callers.push({ id: "official", env: { BENCH_PEER_JS_ENTRY: peers.jsEntry } });
  results.client.calls = await callOverhead(benchDir, callers, sizes.calls, sizes.callRounds);

  log("generator: npm run generate -- --check, and tsc --noEmit of a consumer file");
  results.client.generate = timeCommand(
    process.execPath,
    [join(repoDir, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/generate.ts", "--check"],
    repoDir,
    1,
  );
  if (ours.dist) {
    results.client.tscOurs = typecheckConsumer(
      repoDir,
      join(benchDir, "client", "consumer-ours.ts.in"),
      "@conductor-ts/sdk",
      join(ours.dist, "types", "src", "index.d.ts"),
      sizes.tscRuns,
    );
  }
  results.client.tscOfficial = typecheckConsumer(
    repoDir,
    join(benchDir, "client", "consumer-official.ts.in"),
    "@io-orkes/conductor-javascript",
    join(peers.jsRoot, "node_modules", "@io-orkes", "conductor-javascript", "dist", "index.d.ts"),
    sizes.tscRuns,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
