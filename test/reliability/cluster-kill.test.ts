// Failure test: a real cluster (two Conductor nodes on one PostgreSQL behind HAProxy) loses one node
// to kill -9 while 1,000 workflows are in flight and two workers (each its own TaskHandler and
// worker id) are busy. Every workflow completes with the right output, no computed result is lost,
// no task is completed by two workers, and the workers keep going on the surviving node.
import { afterAll, expect, test } from "vitest";
import { Configuration } from "../../src/config/configuration.js";
import { LocalConductorCluster } from "../../src/testing/index.js";
import { getTaskContext, TaskHandler, workerTask, type ResultLostEvent } from "../../src/worker/index.js";
import {
  registerSequence,
  registerTaskDef,
  retryingSetup,
  startWorkflows,
  uniqueName,
  waitForWorkflows,
} from "./support/conductor-http.js";

let cluster: LocalConductorCluster | undefined;
const handlers: TaskHandler[] = [];
afterAll(async () => {
  await Promise.all(handlers.map((h) => h.stop()));
  await cluster?.stop();
});

// Its own time limit: starting two JVMs at once on 2 shared cores has taken up to 9 minutes here.
test(
  "kill -9 one of two cluster nodes with 1,000 workflows in flight: none lost, none completed twice",
  { timeout: 1_500_000 },
  async () => {
    let t = Date.now();
    cluster = await LocalConductorCluster.start({ nodes: 2, quiet: true });
    console.log(
      `cluster of 2 nodes on PostgreSQL ${cluster.postgres.installation.version} behind HAProxy started in ${Math.round((Date.now() - t) / 1000)} s at ${cluster.apiUrl}`,
    );
    const apiUrl = cluster.apiUrl;
    const taskType = uniqueName("cluster_kill");
    const wf = uniqueName("cluster_kill_wf");
    // A task whose poll answer died with the node is handed out again after responseTimeoutSeconds (as a retry).
    await retryingSetup(() =>
      registerTaskDef(apiUrl, { name: taskType, retryCount: 5, retryDelaySeconds: 0, responseTimeoutSeconds: 10 }),
    );
    await retryingSetup(() => registerSequence(apiUrl, wf, [taskType]));

    const N = 1000;
    t = Date.now();
    const ids = await startWorkflows(
      apiUrl,
      wf,
      Array.from({ length: N }, (_, n) => ({ n })),
    );
    console.log(`started ${N} workflows through the balancer in ${Math.round((Date.now() - t) / 1000)} s`);

    // Which worker executed which task: a task id executed by two workers is a duplicate completion.
    const executedBy = new Map<string, string[]>();
    let computed = 0;
    const lost: ResultLostEvent[] = [];
    const workerIds = ["worker-a", "worker-b"];
    for (const workerId of workerIds) {
      const handler = new TaskHandler({
        workers: [
          workerTask(
            taskType,
            async (input: { n: number }) => {
              const { taskId } = getTaskContext()!;
              executedBy.set(taskId, [...(executedBy.get(taskId) ?? []), workerId]);
              await new Promise((r) => setTimeout(r, 5));
              computed++;
              return { n: input.n };
            },
            { concurrency: 10 },
          ),
        ],
        configuration: new Configuration({ serverUrl: apiUrl }),
        logger: { debug() {}, info() {}, warn() {}, error: console.error },
        workerDefaults: { workerId, maxErrorBackoffMs: 2000 },
        updateRetryMaxMs: 2000,
        onResultLost: (e) => void lost.push(e),
      });
      handlers.push(handler);
    }
    const metrics = handlers.map((h) => h.metrics.forTaskType(taskType));
    const delivered = () => metrics.reduce((sum, m) => sum + m.updates, 0);
    await Promise.all(handlers.map((h) => h.start()));

    // Kill mid-run: both workers busy, results in flight through both nodes.
    while (delivered() < N * 0.3) await new Promise((r) => setTimeout(r, 20));
    const inFlightAtKill = metrics.reduce((sum, m) => sum + m.inFlight, 0);
    await cluster.kill(1);
    const deliveredAtKill = delivered();
    t = Date.now();
    console.log(
      `killed node1 (SIGKILL) after ${deliveredAtKill} results delivered, ${inFlightAtKill} tasks held by the workers`,
    );

    const views = await waitForWorkflows(apiUrl, ids, 300_000);
    const recoverySeconds = Math.round((Date.now() - t) / 1000);
    // stop() waits for deliveries still retrying, so the counts below are final.
    await Promise.all(handlers.map((h) => h.stop()));
    const completed = ids.filter((id) => views.get(id)?.status === "COMPLETED").length;
    const duplicates = [...executedBy.values()].filter((workers) => new Set(workers).size > 1).length;
    const executedTwice = [...executedBy.values()].filter((workers) => workers.length > 1).length;
    const completedTasks = [...views.values()].map((v) => v.tasks.filter((task) => task.status === "COMPLETED").length);
    const retriedByServer = [...views.values()].filter((v) => v.tasks.length > 1).length;
    const perWorker = workerIds.map((w, i) => `${w} ${metrics[i]!.updates}`).join(", ");
    console.log(
      `cluster-kill: workflows started ${N}, completed ${completed} (${recoverySeconds} s after the kill), results computed ${computed}, ` +
        `delivered ${delivered()} (${delivered() - deliveredAtKill} after the kill; ${perWorker}), lost ${lost.length}, ` +
        `duplicate completions (a task by two workers) ${duplicates}, tasks executed more than once ${executedTwice}, ` +
        `workflows whose task the server retried ${retriedByServer}, poll errors ${metrics.reduce((s, m) => s + m.pollErrors, 0)}, ` +
        `update retries ${metrics.reduce((s, m) => s + m.updateRetries, 0)}`,
    );
    expect(cluster.nodes[1]!.running).toBe(false);
    expect(completed).toBe(N);
    ids.forEach((id, n) => expect(views.get(id)!.output).toEqual({ step0: { n } }));
    expect(completedTasks.every((c) => c === 1)).toBe(true);
    expect(lost).toHaveLength(0);
    expect(delivered()).toBe(computed);
    expect(duplicates).toBe(0);
    // The workers kept going after the kill, on the node that was left: most of the remaining work went through them.
    expect(delivered() - deliveredAtKill).toBeGreaterThanOrEqual(Math.floor((N - deliveredAtKill) / 2));
    expect(metrics.every((m) => m.updates > 0)).toBe(true);
  },
);
