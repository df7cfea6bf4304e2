// The cluster section of the report: scale-out over nodes and worker processes, where the CPU went,
// and pickup latency against the server's queue-check floor.
import { CLUSTER_SHAPES, type ClusterResults, type ClusterRun } from "./cluster-part.js";
import { fmt, type Section } from "./table.js";

const pct = (seconds: number, run: ClusterRun) => (seconds / (run.cpu.wallSeconds * run.cpu.cores)) * 100;

export function clusterSection(r: ClusterResults): Section {
  const find = (nodes: number, processes: number) => r.runs.find((x) => x.nodes === nodes && x.processes === processes);
  const shapes = CLUSTER_SHAPES.map((s) => ({ ...s, run: find(s.nodes, s.processes) }));
  const label = (s: { nodes: number; processes: number }) =>
    `${s.nodes} node${s.nodes > 1 ? "s" : ""}, ${s.processes} worker process${s.processes > 1 ? "es" : ""}`;
  const header = ["Figure (cluster)", ...shapes.map(label)];
  const row = (name: string, value: (run: ClusterRun) => string) => [
    name,
    ...shapes.map((s) => (s.run ? value(s.run) : "n/a")),
  ];
  const table = [
    header,
    row("C1. Throughput, tasks/s", (run) => fmt(run.tasksPerSecond, 1)),
    row("C2. Worker CPU, CPU-s per 1,000 tasks (all processes)", (run) => fmt(run.workerCpuSecondsPer1000, 2)),
    row("C3. Server nodes, % of the machine", (run) => fmt(pct(run.cpu.nodes, run), 0)),
    row("C3. PostgreSQL, % of the machine", (run) => fmt(pct(run.cpu.postgres, run), 0)),
    row("C3. HAProxy, % of the machine", (run) => fmt(pct(run.cpu.balancer, run), 1)),
    row("C3. Workers, % of the machine", (run) => fmt(pct(run.cpu.workers, run), 0)),
    row("C3. Everything else, % of the machine", (run) => fmt(pct(run.cpu.other, run), 0)),
  ];

  const lines: string[] = [];
  const ratio = (a: ClusterRun | undefined, b: ClusterRun | undefined) =>
    a && b ? `${fmt(a.tasksPerSecond / b.tasksPerSecond, 2)}x` : "n/a";
  lines.push(
    `Scale-out: 2 nodes vs 1 node: ${ratio(find(2, 1), find(1, 1))} with one worker process, ${ratio(find(2, 4), find(1, 4))} with four; 4 worker processes vs 1: ${ratio(find(2, 4), find(2, 1))} on 2 nodes, ${ratio(find(1, 4), find(1, 1))} on 1 node.`,
  );
  const busiest = [...r.runs].sort((a, b) => b.tasksPerSecond - a.tasksPerSecond)[0];
  if (busiest) {
    const used = pct(
      busiest.cpu.nodes + busiest.cpu.postgres + busiest.cpu.balancer + busiest.cpu.workers + busiest.cpu.other,
      busiest,
    );
    const server = pct(busiest.cpu.nodes + busiest.cpu.postgres, busiest);
    lines.push(
      `What bounds it: in the fastest shape (${label(busiest)}) the machine's ${busiest.cpu.cores} cores were ${fmt(used, 0)} % busy, ${fmt(server, 0)} % of them in the Conductor nodes and PostgreSQL and ${fmt(pct(busiest.cpu.workers, busiest), 0)} % in our workers. ` +
        (used >= 85
          ? "The cores are saturated, and the server side (JVMs and database) uses most of them: on one machine a second node adds a second JVM competing for the same cores, not capacity; the worker's share is small, so more worker processes cannot help either."
          : "The cores are not saturated: the bound is latency (each task is a poll/update round trip through the balancer to a node and its database transaction), not CPU."),
    );
  }
  if (r.latency && Number.isFinite(r.latency.p50Ms)) {
    lines.push(
      `Pickup latency on 2 nodes: p50 ${fmt(r.latency.p50Ms, 0)} ms, p99 ${fmt(r.latency.p99Ms, 0)} ms. The server bounds it: a waiting batch poll re-checks its PostgreSQL queue every 100 ms (PostgresQueueDAO.pollMessages sleeps 100 ms between pops), so with one waiting poll a task that arrives at a random moment waits 50 ms on average before any worker can have it. Ours keeps a second poll waiting for a task type with recent work (pickupPolls), re-checked on its own rhythm, which shortens that wait; the rest is the workflow start and the round trip.`,
    );
  }
  if (r.startSeconds !== undefined)
    lines.push(`Cluster start (PostgreSQL, 2 nodes at once, HAProxy): ${fmt(r.startSeconds, 0)} s.`);
  for (const e of r.errors) lines.push(`Failed: ${e.split("\n")[0]}`);

  const method = [
    `- Cluster (C1-C3): LocalConductorCluster from our testing kit: PostgreSQL ${r.postgres ?? "?"} in a temp dir, Conductor ${r.server ?? "?"} nodes (the same boot jar; persistence, queues, indexing and the workflow execution lock on PostgreSQL) and HAProxy round robin with health checks, all on this machine. Our worker only (the package build), concurrency ${r.settings.concurrency} per process, poll interval ${r.settings.pollIntervalMs} ms, long-poll timeout ${r.settings.pollTimeoutMs} ms, through the balancer. Per shape: ${r.sizes.workflows} one-task workflows are queued, then the worker processes start; the clock runs from the first task taken to the last workflow completed. The 2-node shapes run first; then node1 is killed and the 1-node shapes run on node0 alone. A warm-up of ${r.sizes.warmupWorkflows} workflows is not counted. C3 splits the machine's CPU over that window (CPU-seconds of each process tree from /proc over wall time x cores; "everything else" is the rest of /proc/stat's busy time).`,
    `- Cluster pickup latency: ${r.sizes.latencySamples} workflows one at a time on the 2-node cluster (as figure 3 of the real-server table).`,
  ];
  return {
    title: "Cluster: Conductor nodes on PostgreSQL behind HAProxy",
    intro:
      "One machine (2 cores) runs everything: PostgreSQL, the nodes, HAProxy and the workers. Ratios show what adding a node or worker processes buys when they all share those cores.",
    table,
    lines,
    method,
  };
}
