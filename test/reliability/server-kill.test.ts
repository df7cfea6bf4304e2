// Failure test 1: kill -9 the server while 500 workflows run and the workers are busy, restart it
// on the same SQLite file. Every workflow completes, the worker process keeps running, and no
// computed result is lost (results held during the outage are delivered after the restart).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { Configuration } from "../../src/config/configuration.js";
import { findFreePort } from "../../src/testing/free-port.js";
import { LocalConductor } from "../../src/testing/index.js";
import { TaskHandler, workerTask, type ResultLostEvent } from "../../src/worker/index.js";
import {
  registerSequence,
  registerTaskDef,
  startWorkflow,
  uniqueName,
  waitForWorkflows,
} from "./support/conductor-http.js";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "conductor-kill-test-"));
let server: LocalConductor | undefined;
let handler: TaskHandler | undefined;
afterAll(async () => {
  await handler?.stop();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("kill -9 and restart of the server: 500 workflows complete, no computed result lost", async () => {
  const port = await findFreePort();
  let t = Date.now();
  server = await LocalConductor.start({ dataDir, port, quiet: true });
  console.log(`server started in ${Math.round((Date.now() - t) / 1000)} s`);
  const apiUrl = server.apiUrl;
  const first = uniqueName("kill_a");
  const second = uniqueName("kill_b");
  const wf = uniqueName("kill_wf");
  const wf2 = uniqueName("kill_wf2");
  // Tasks whose poll answer died with the server are handed out again after responseTimeoutSeconds.
  for (const name of [first, second])
    await registerTaskDef(apiUrl, { name, retryCount: 5, retryDelaySeconds: 0, responseTimeoutSeconds: 10 });
  // Two one-task workflow types, one per worker, keep the run short on a small machine.
  await registerSequence(apiUrl, wf, [first]);
  await registerSequence(apiUrl, wf2, [second]);

  let computed = 0;
  const lost: ResultLostEvent[] = [];
  const work = (label: string) => async (input: { n: number }) => {
    await new Promise((r) => setTimeout(r, 20));
    computed++;
    return { [label]: input.n };
  };
  handler = new TaskHandler({
    workers: [workerTask(first, work("a"), { concurrency: 10 }), workerTask(second, work("b"), { concurrency: 10 })],
    configuration: new Configuration({ serverUrl: apiUrl }),
    logger: { debug() {}, info() {}, warn() {}, error: console.error },
    updateRetryMaxMs: 3000,
    workerDefaults: { maxErrorBackoffMs: 3000 },
    onResultLost: (e) => void lost.push(e),
  });
  const metrics = [first, second].map((n) => handler!.metrics.forTaskType(n));
  const delivered = () => metrics[0]!.updates + metrics[1]!.updates;

  const N = 500;
  const ids: string[] = [];
  for (let i = 0; i < N; i += 50) {
    ids.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, N - i) }, (_, k) =>
          startWorkflow(apiUrl, (i + k) % 2 === 0 ? wf : wf2, { n: i + k }),
        ),
      )),
    );
  }
  // Queue the whole backlog first, then start the workers: they are busy when the server dies
  // (a worker faster than the producer would otherwise have finished before the kill).
  await handler.start();
  // Kill mid-run: workers busy, results in flight.
  while (delivered() < 150) await new Promise((r) => setTimeout(r, 20));
  const inFlightAtKill = metrics[0]!.inFlight + metrics[1]!.inFlight;
  await server.kill();
  const deliveredAtKill = delivered();
  console.log(
    `killed the server (SIGKILL) after ${deliveredAtKill} results delivered, ${inFlightAtKill} tasks held by workers`,
  );
  await new Promise((r) => setTimeout(r, 3000));
  const retriesDuringOutage = metrics[0]!.updateRetries + metrics[1]!.updateRetries;

  t = Date.now();
  server = await LocalConductor.start({ dataDir, port, quiet: true });
  console.log(`server restarted on the same SQLite file in ${Math.round((Date.now() - t) / 1000)} s`);

  const views = await waitForWorkflows(apiUrl, ids, 180_000);
  // A result the dead server stored but never acknowledged is re-sent after the restart; stop()
  // waits for such deliveries so the counts below are final.
  await handler.stop();
  const completed = ids.filter((id) => views.get(id)?.status === "COMPLETED").length;
  console.log(
    `server-kill: workflows started ${N}, completed ${completed}, results computed ${computed}, delivered ${delivered()}, lost ${lost.length}, ` +
      `update retries during the outage ${retriesDuringOutage}, poll errors ${metrics[0]!.pollErrors + metrics[1]!.pollErrors}`,
  );
  expect(completed).toBe(N);
  ids.forEach((id, n) => expect(views.get(id)!.output).toEqual({ step0: n % 2 === 0 ? { a: n } : { b: n } }));
  expect(lost).toHaveLength(0);
  expect(delivered()).toBe(computed);
  expect(metrics[0]!.inFlight + metrics[1]!.inFlight).toBe(0);
  // The outage was real: deliveries failed and were retried until the server came back.
  expect(retriesDuringOutage).toBeGreaterThan(0);
});
