// Part 3 of `npm run bench`: our worker on a real cluster (LocalConductorCluster: Conductor nodes on
// one PostgreSQL behind HAProxy). Throughput and worker CPU with 2 and then 1 server node(s), each
// with 1 and 4 worker processes, where the CPU went, and pickup latency on the cluster.
import { cpus } from "node:os";
import { LocalConductorCluster } from "../../src/testing/index.js";
import { SideProcess, type Launch } from "./child.js";
import { ServerApi, waitFor } from "./conductor.js";
import { machineCpuTicks, treeCpuSeconds } from "./proc.js";
import { measurePickup, type LatencyResult, type WorkerSettings } from "./worker-figures.js";

export interface ClusterSizes {
  workflows: number;
  warmupWorkflows: number;
  latencySamples: number;
}

export interface CpuShare {
  /** CPU-seconds over the run's window, per component. */
  nodes: number;
  postgres: number;
  balancer: number;
  workers: number;
  /** Everything else the machine ran meanwhile (the bench itself, other work). */
  other: number;
  /** Wall seconds of the window, and cores: share = seconds / (wall * cores). */
  wallSeconds: number;
  cores: number;
}

export interface ClusterRun {
  nodes: number;
  processes: number;
  tasks: number;
  tasksPerSecond: number;
  workerCpuSecondsPer1000: number;
  cpu: CpuShare;
}

export interface ClusterResults {
  sizes: ClusterSizes;
  settings: WorkerSettings;
  server?: string;
  postgres?: string;
  runs: ClusterRun[];
  latency?: LatencyResult;
  startSeconds?: number;
  errors: string[];
}

export const CLUSTER_SHAPES: readonly { nodes: number; processes: number }[] = [
  { nodes: 2, processes: 1 },
  { nodes: 2, processes: 4 },
  { nodes: 1, processes: 1 },
  { nodes: 1, processes: 4 },
];

let uniq = 0;

/**
 * Queues `workflows` one-task workflows, starts `processes` worker processes on them, and times
 * from the first task taken to the last workflow completed.
 */
async function measureCluster(
  cluster: LocalConductorCluster,
  api: ServerApi,
  launch: Launch,
  settings: WorkerSettings,
  processes: number,
  workflows: number,
): Promise<Omit<ClusterRun, "nodes">> {
  const type = `bench_cluster_p${processes}_${Date.now().toString(36)}_${(uniq++).toString(36)}`;
  await api.registerTaskDefs([type]);
  await api.registerWorkflow(type, type);
  await api.startWorkflows(type, workflows, 8);
  await waitFor(`${workflows} tasks queued`, 120_000, async () => (await api.queueSize(type)) >= workflows, 100);
  const config = { apiUrl: cluster.apiUrl, taskTypes: [type], ...settings, reportEvery: workflows * 10 };
  const procs = await Promise.all(Array.from({ length: processes }, () => SideProcess.start("ours", launch, config)));
  try {
    await waitFor("the first task taken", 60_000, async () => (await api.queueSize(type)) < workflows, 5);
    const read = () => ({
      workers: procs.reduce((sum, p) => sum + p.cpuSeconds(), 0),
      nodes: cluster.nodes.reduce((sum, n) => sum + (n.running && n.pid ? treeCpuSeconds(n.pid) : 0), 0),
      postgres: cluster.postgres.pid ? treeCpuSeconds(cluster.postgres.pid) : 0,
      balancer: cluster.balancer.pid ? treeCpuSeconds(cluster.balancer.pid) : 0,
      machine: machineCpuTicks(),
      at: performance.now(),
    });
    const a = read();
    await waitFor(
      "every workflow completed",
      Math.max(180_000, workflows * 200),
      async () => (await api.runningCount(type)) === 0,
      100,
    );
    const b = read();
    const wallSeconds = (b.at - a.at) / 1000;
    const machineBusy = (b.machine.busy - a.machine.busy) / 100; // USER_HZ ticks -> CPU-seconds
    const cpu = {
      nodes: b.nodes - a.nodes,
      postgres: b.postgres - a.postgres,
      balancer: b.balancer - a.balancer,
      workers: b.workers - a.workers,
    };
    return {
      processes,
      tasks: workflows,
      tasksPerSecond: workflows / wallSeconds,
      workerCpuSecondsPer1000: (cpu.workers / workflows) * 1000,
      cpu: {
        ...cpu,
        other: Math.max(0, machineBusy - cpu.nodes - cpu.postgres - cpu.balancer - cpu.workers),
        wallSeconds,
        cores: cpus().length,
      },
    };
  } finally {
    await Promise.all(procs.map((p) => p.stop(3_000)));
  }
}

export async function runClusterPart(
  launch: Launch,
  settings: WorkerSettings,
  sizes: ClusterSizes,
  log: (line: string) => void,
): Promise<ClusterResults> {
  const results: ClusterResults = { sizes, settings, runs: [], errors: [] };
  const t0 = performance.now();
  log("cluster: starting PostgreSQL, 2 Conductor nodes and HAProxy");
  const cluster = await LocalConductorCluster.start({
    nodes: 2,
    quiet: true,
    onProgress: (m) => (m.startsWith("Cluster ready") ? log(`  ${m}`) : undefined),
  });
  results.startSeconds = (performance.now() - t0) / 1000;
  try {
    const api = new ServerApi(cluster.apiUrl);
    results.server = await api.version();
    results.postgres = cluster.postgres.installation.version;
    log(`cluster: warm-up, ${sizes.warmupWorkflows} workflows (not counted)`);
    await measureCluster(cluster, api, launch, settings, 1, sizes.warmupWorkflows).catch((err: unknown) =>
      results.errors.push(`warm-up: ${(err as Error).message}`),
    );
    for (const shape of CLUSTER_SHAPES) {
      if (shape.nodes === 1 && cluster.nodes[1]!.running) {
        log("cluster: killing node1 for the one-node figures");
        await cluster.kill(1);
        // The balancer takes a node out after 2 failed health checks 500 ms apart; wait until only node0 answers.
        await waitFor(
          "the balancer to send everything to node0",
          30_000,
          async () => {
            for (let i = 0; i < 6; i++) {
              const res = await fetch(`${cluster.apiUrl}/version`);
              await res.text();
              if (!res.ok || res.headers.get("x-conductor-node") !== "node0") return false;
            }
            return true;
          },
          250,
        );
      }
      log(`cluster: ${shape.nodes} node(s), ${shape.processes} worker process(es), ${sizes.workflows} workflows`);
      try {
        const run = {
          nodes: shape.nodes,
          ...(await measureCluster(cluster, api, launch, settings, shape.processes, sizes.workflows)),
        };
        results.runs.push(run);
        log(`  ${run.tasksPerSecond.toFixed(1)} tasks/s, workers ${run.workerCpuSecondsPer1000.toFixed(2)} CPU-s/1000`);
      } catch (err) {
        results.errors.push(`${shape.nodes} node(s), ${shape.processes} process(es): ${(err as Error).message}`);
        log(`  failed: ${(err as Error).message.split("\n")[0]}`);
      }
      if (shape.nodes === 2 && shape.processes === 4 && !results.latency) {
        log(`cluster: pickup latency on 2 nodes, ${sizes.latencySamples} workflows one at a time`);
        try {
          results.latency = await measurePickup(api, "ours", launch, settings, sizes.latencySamples);
          log(`  p50 ${results.latency.p50Ms} ms, p99 ${results.latency.p99Ms} ms`);
        } catch (err) {
          results.errors.push(`pickup latency: ${(err as Error).message}`);
          results.latency = { p50Ms: Number.NaN, p99Ms: Number.NaN, samples: [] };
        }
      }
    }
  } finally {
    await cluster.stop();
  }
  return results;
}
