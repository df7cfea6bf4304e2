// Failure test 2: workers reach the server through a proxy that breaks about one request in five
// (500/503, connection resets before or after the server saw the request, 2 s stalls). Every
// workflow must complete and every computed result must land.
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { Configuration } from "../../src/config/configuration.js";
import { TaskHandler, workerTask, type ResultLostEvent } from "../../src/worker/index.js";
import {
  registerSequence,
  registerTaskDef,
  startWorkflow,
  uniqueName,
  waitForWorkflows,
} from "./support/conductor-http.js";
import { startFaultProxy, type FaultProxy } from "./support/fault-proxy.js";
import { serverForTest, type TestServer } from "./support/server.js";

let server: TestServer;
let proxy: FaultProxy | undefined;
beforeAll(async () => {
  server = await serverForTest();
});
afterAll(async () => {
  await proxy?.close();
  await server?.release();
});

test("through a faulty proxy every workflow completes and every computed result lands", async () => {
  const apiUrl = server.apiUrl;
  const first = uniqueName("proxy_a");
  const second = uniqueName("proxy_b");
  const wf = uniqueName("proxy_wf");
  // A poll or update-v2 answer lost to a reset strands its task until responseTimeoutSeconds; then
  // the server hands it out again.
  for (const name of [first, second])
    await registerTaskDef(apiUrl, { name, retryCount: 10, retryDelaySeconds: 0, responseTimeoutSeconds: 5 });
  await registerSequence(apiUrl, wf, [first, second]);
  proxy = await startFaultProxy(apiUrl.replace(/\/api$/, ""), { faultRate: 0.2, stallMs: 2000 });

  const computed = new Map<string, number>();
  const lost: ResultLostEvent[] = [];
  const count = (name: string) => computed.set(name, (computed.get(name) ?? 0) + 1);
  const workers = [
    workerTask(
      first,
      (input: { n: number }) => {
        count(first);
        return { square: input.n * input.n };
      },
      { concurrency: 8 },
    ),
    workerTask(
      second,
      async (input: { n: number }) => {
        await new Promise((r) => setTimeout(r, 5));
        count(second);
        return { label: `item-${input.n}` };
      },
      { concurrency: 8 },
    ),
  ];
  const handler = new TaskHandler({
    workers,
    configuration: new Configuration({ serverUrl: `${proxy.url}/api` }),
    logger: { debug() {}, info() {}, warn() {}, error: console.error },
    updateRetryBaseMs: 100,
    updateRetryMaxMs: 2000,
    onResultLost: (e) => void lost.push(e),
  });
  await handler.start();
  try {
    const N = 100;
    const ids = await Promise.all(Array.from({ length: N }, (_, n) => startWorkflow(apiUrl, wf, { n })));
    const views = await waitForWorkflows(apiUrl, ids, 180_000);
    // A result the server applied but whose answer the proxy reset may still be retrying: drain, so
    // every computed result is now either delivered or handed to onResultLost.
    await handler.stop();
    const completed = ids.filter((id) => views.get(id)?.status === "COMPLETED").length;
    const m = [first, second].map((n) => handler.metrics.forTaskType(n));
    const totalComputed = (computed.get(first) ?? 0) + (computed.get(second) ?? 0);
    const delivered = m[0]!.updates + m[1]!.updates;
    const retries = m[0]!.updateRetries + m[1]!.updateRetries;
    console.log(
      `fault-proxy: workflows started ${N}, completed ${completed}, results computed ${totalComputed}, delivered ${delivered}, ` +
        `lost ${lost.length}, update retries ${retries}, poll errors ${m[0]!.pollErrors + m[1]!.pollErrors}; proxy ${JSON.stringify(proxy.counts)}`,
    );
    expect(completed).toBe(N);
    // Every run's output is its input's results; a mismatch is reported with its tasks, so a
    // failure says which attempt carried what.
    const wrongOutputs = ids.flatMap((id, n) => {
      const view = views.get(id)!;
      const expected = { step0: { square: n * n }, step1: { label: `item-${n}` } };
      if (isDeepStrictEqual(view.output, expected)) return [];
      const tasks = view.tasks.map((t) => ({ ref: t.taskDefName, status: t.status, retry: t.retryCount, out: t.outputData }));
      return [{ id, n, output: view.output, tasks }];
    });
    expect(wrongOutputs).toEqual([]);
    expect(lost).toHaveLength(0);
    // Every result computed was acknowledged by the server.
    expect(delivered).toBe(totalComputed);
    // The proxy really did hurt: faults were injected and updates had to be retried.
    expect(
      proxy.counts.resetBefore + proxy.counts.resetAfter + proxy.counts.status500 + proxy.counts.status503,
    ).toBeGreaterThan(10);
    expect(retries).toBeGreaterThan(0);
  } finally {
    await handler.stop();
  }
});
