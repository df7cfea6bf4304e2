// Failure test 4: workers that throw, return undefined, return a huge output or never resolve.
// Each task must end with the right status and the runner must keep serving healthy work.
import { afterAll, beforeAll, expect, test } from "vitest";
import { Configuration } from "../../src/config/configuration.js";
import { TaskHandler, workerTask, type ResultLostEvent } from "../../src/worker/index.js";
import {
  countBy,
  getTaskLogs,
  registerSequence,
  registerTaskDef,
  startWorkflow,
  uniqueName,
  waitForWorkflows,
} from "./support/conductor-http.js";
import { serverForTest, type TestServer } from "./support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await serverForTest();
});
afterAll(async () => {
  await server?.release();
});

test("throwing, undefined, huge and never-resolving workers get the right status and the runner keeps going", async () => {
  const apiUrl = server.apiUrl;
  const names = {
    throws: uniqueName("bad_throws"),
    undef: uniqueName("bad_undefined"),
    huge: uniqueName("bad_huge"),
    tooBig: uniqueName("bad_too_big"),
    hangs: uniqueName("bad_hangs"),
    good: uniqueName("bad_good"),
  };
  for (const name of Object.values(names)) {
    await registerTaskDef(apiUrl, { name, retryCount: 0, responseTimeoutSeconds: 60 });
    await registerSequence(apiUrl, `${name}_wf`, [name]);
  }
  const HUGE_BYTES = 1_000_000;
  const lost: ResultLostEvent[] = [];
  let goodRuns = 0;
  const workers = [
    workerTask(
      names.throws,
      () => {
        throw new Error("worker blew up");
      },
      { concurrency: 2 },
    ),
    workerTask(names.undef, () => undefined, { concurrency: 2 }),
    workerTask(names.huge, () => ({ blob: "x".repeat(HUGE_BYTES) }), { concurrency: 2 }),
    // Past the server's 10 MB payload limit: the server itself fails the task terminally.
    workerTask(names.tooBig, () => ({ blob: "y".repeat(12_000_000) }), { concurrency: 1 }),
    workerTask(names.hangs, () => new Promise<never>(() => {}), { concurrency: 2, timeoutMs: 1500 }),
    workerTask(
      names.good,
      (input: { n: number }) => {
        goodRuns++;
        return { n: input.n };
      },
      { concurrency: 4 },
    ),
  ];
  const handler = new TaskHandler({
    workers,
    configuration: new Configuration({ serverUrl: apiUrl }),
    logger: { debug() {}, info() {}, warn() {}, error: console.error },
    onResultLost: (e) => void lost.push(e),
  });
  await handler.start();
  try {
    const PER_KIND = 4;
    const start = (name: string, count: number) =>
      Promise.all(Array.from({ length: count }, (_, n) => startWorkflow(apiUrl, `${name}_wf`, { n })));
    const bad = {
      throws: await start(names.throws, PER_KIND),
      undef: await start(names.undef, PER_KIND),
      huge: await start(names.huge, PER_KIND),
      tooBig: await start(names.tooBig, 2),
      hangs: await start(names.hangs, PER_KIND),
    };
    // Healthy work started after the bad ones must still flow (hung tasks hold no slot past their timeout).
    const good = await start(names.good, 20);
    const all = [...Object.values(bad).flat(), ...good];
    const views = await waitForWorkflows(apiUrl, all, 120_000);
    // The server can show a task done before its worker has read the update's answer: drain first,
    // so the delivery counts below are final.
    await handler.stop();
    const taskOf = (id: string) => views.get(id)!.tasks[0]!;

    for (const id of bad.throws) {
      expect(views.get(id)!.status).toBe("FAILED");
      expect(taskOf(id)).toMatchObject({ status: "FAILED", reasonForIncompletion: "worker blew up" });
    }
    const logs = await getTaskLogs(apiUrl, taskOf(bad.throws[0]!).taskId);
    expect(logs.some((l) => l.log.includes("Error: worker blew up"))).toBe(true);
    for (const id of bad.undef) {
      expect(views.get(id)!.status).toBe("COMPLETED");
      expect(taskOf(id)).toMatchObject({ status: "COMPLETED", outputData: {} });
    }
    for (const id of bad.huge) {
      expect(views.get(id)!.status).toBe("COMPLETED");
      expect((taskOf(id).outputData?.["blob"] as string).length).toBe(HUGE_BYTES);
    }
    for (const id of bad.tooBig) {
      expect(views.get(id)!.status).toBe("FAILED");
      expect(taskOf(id).status).toBe("FAILED_WITH_TERMINAL_ERROR");
      expect(taskOf(id).reasonForIncompletion).toMatch(/greater than the permissible limit/);
    }
    for (const id of bad.hangs) {
      expect(views.get(id)!.status).toBe("FAILED");
      expect(taskOf(id).status).toBe("FAILED");
      expect(taskOf(id).reasonForIncompletion).toMatch(/timeout of 1500 ms/);
    }
    good.forEach((id, n) => {
      expect(views.get(id)!.status).toBe("COMPLETED");
      expect(views.get(id)!.output).toEqual({ step0: { n } });
    });
    expect(lost).toHaveLength(0);
    const statuses = countBy(views.values(), (v) => v.status);
    const delivered = Object.values(names).reduce((sum, n) => sum + handler.metrics.forTaskType(n).updates, 0);
    console.log(
      `bad-workers: workflows started ${all.length}, completed ${statuses["COMPLETED"] ?? 0}, failed as expected ${statuses["FAILED"] ?? 0}, ` +
        `results delivered ${delivered}, lost ${lost.length}, healthy tasks run ${goodRuns}`,
    );
    expect(delivered).toBe(all.length);
  } finally {
    await handler.stop();
  }
});
