// Real workers against the real server: the whole poll -> execute -> update path, statuses and logs.
import { afterEach, describe, expect, inject, test } from "vitest";
import { Configuration } from "../../src/config/configuration.js";
import { inProgress, NonRetryableError, TaskHandler, workerTask } from "../../src/worker/index.js";
import {
  getTaskLogs,
  getWorkflow,
  registerSequence,
  registerTaskDef,
  startWorkflow,
  uniqueName,
  waitForWorkflows,
} from "../reliability/support/conductor-http.js";

const apiUrl = inject("conductorApiUrl");
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };
const handlers: TaskHandler[] = [];
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.stop()));
});

describe("worker runtime against a real server", () => {
  test("two workers run 30 two-step workflows to completion with the right outputs", async () => {
    const double = uniqueName("wr_double");
    const shout = uniqueName("wr_shout");
    const wf = uniqueName("wr_seq");
    await registerSequence(apiUrl, wf, [double, shout]);
    const doubler = workerTask(double, (input: { n: number }) => ({ doubled: input.n * 2 }), {
      concurrency: 4,
      registerTaskDef: true,
      taskDef: { retryCount: 0, responseTimeoutSeconds: 30 },
    });
    const shouter = workerTask(shout, async (input: { n: number }) => `N${input.n}!`, {
      concurrency: 4,
      registerTaskDef: true,
      taskDef: { retryCount: 0, responseTimeoutSeconds: 30 },
    });
    const handler = new TaskHandler({
      workers: [doubler, shouter],
      configuration: new Configuration({ serverUrl: apiUrl }),
      logger: quiet,
    });
    handlers.push(handler);
    await handler.start();
    const ids = await Promise.all(Array.from({ length: 30 }, (_, n) => startWorkflow(apiUrl, wf, { n })));
    const views = await waitForWorkflows(apiUrl, ids, 90_000);
    ids.forEach((id, n) => {
      const view = views.get(id)!;
      expect(view.status).toBe("COMPLETED");
      expect(view.output).toEqual({ step0: { doubled: n * 2 }, step1: { result: `N${n}!` } });
    });
    // The server shows a task done before its worker has read the update's answer: drain first,
    // so the delivery counts are final.
    await handler.stop();
    const m1 = handler.metrics.forTaskType(double);
    const m2 = handler.metrics.forTaskType(shout);
    expect(m1.updates + m2.updates).toBe(60);
    expect(m1.resultsLost + m2.resultsLost).toBe(0);
    console.log(
      `worker-runtime: started 30, completed ${ids.filter((id) => views.get(id)?.status === "COMPLETED").length}, results delivered ${m1.updates + m2.updates}, lost 0`,
    );
  });

  test("statuses, reasons and logs land on the server", async () => {
    const name = uniqueName("wr_kinds");
    const wf = uniqueName("wr_kinds_wf");
    await registerTaskDef(apiUrl, { name, retryCount: 0 });
    await registerSequence(apiUrl, wf, [name]);
    const w = workerTask(
      name,
      (input: { payload: string }, ctx) => {
        ctx.addLog(`handling ${input.payload} on poll ${ctx.pollCount}`);
        if (input.payload === "throw") throw new Error("exploded on purpose");
        if (input.payload === "terminal") throw new NonRetryableError("never going to work");
        if (input.payload === "later" && ctx.pollCount < 2)
          return inProgress({ callbackAfterSeconds: 1, output: { partial: true } });
        return { payload: input.payload, polls: ctx.pollCount };
      },
      { concurrency: 4, pollIntervalMs: 50 },
    );
    const handler = new TaskHandler({
      workers: [w],
      configuration: new Configuration({ serverUrl: apiUrl }),
      logger: quiet,
    });
    handlers.push(handler);
    await handler.start();
    const payloads = ["ok", "throw", "terminal", "later"];
    const ids = await Promise.all(payloads.map((payload) => startWorkflow(apiUrl, wf, { payload })));
    const views = await waitForWorkflows(apiUrl, ids, 60_000);
    const task = (i: number) => views.get(ids[i]!)!.tasks[0]!;
    expect(views.get(ids[0]!)!.status).toBe("COMPLETED");
    expect(task(0).outputData).toEqual({ payload: "ok", polls: 1 });
    expect(task(1)).toMatchObject({ status: "FAILED", reasonForIncompletion: "exploded on purpose" });
    const logs = (await getTaskLogs(apiUrl, task(1).taskId)).map((l) => l.log);
    expect(logs[0]).toBe("handling throw on poll 1");
    expect(logs.some((l) => l.includes("Error: exploded on purpose") && l.includes("    at "))).toBe(true);
    expect(task(2)).toMatchObject({
      status: "FAILED_WITH_TERMINAL_ERROR",
      reasonForIncompletion: "never going to work",
    });
    expect(views.get(ids[3]!)!.status).toBe("COMPLETED");
    expect(task(3).outputData).toMatchObject({ payload: "later", polls: 2 });
  });

  test("lease extension keeps a task alive past its responseTimeoutSeconds", async () => {
    const name = uniqueName("wr_long");
    const wf = uniqueName("wr_long_wf");
    await registerTaskDef(apiUrl, { name, retryCount: 1, responseTimeoutSeconds: 2 });
    await registerSequence(apiUrl, wf, [name]);
    const w = workerTask(
      name,
      async () => {
        await new Promise((r) => setTimeout(r, 7000));
        return { slow: true };
      },
      { leaseExtension: true },
    );
    const handler = new TaskHandler({
      workers: [w],
      configuration: new Configuration({ serverUrl: apiUrl }),
      logger: quiet,
    });
    handlers.push(handler);
    await handler.start();
    const id = await startWorkflow(apiUrl, wf, {});
    // Mid-run, the server must have seen the heartbeats: the task's updateTime moves past its start.
    await new Promise((r) => setTimeout(r, 5000));
    const running = (await getWorkflow(apiUrl, id)).tasks[0] as unknown as {
      status: string;
      startTime: number;
      updateTime: number;
    };
    expect(running.status).toBe("IN_PROGRESS");
    expect(running.updateTime - running.startTime).toBeGreaterThanOrEqual(2000);
    const view = (await waitForWorkflows(apiUrl, [id], 60_000)).get(id)!;
    expect(view.status).toBe("COMPLETED");
    expect(view.tasks).toHaveLength(1);
    expect(view.tasks[0]).toMatchObject({ status: "COMPLETED", retryCount: 0, outputData: { slow: true } });
    expect(handler.metrics.forTaskType(name).leaseExtensions).toBeGreaterThanOrEqual(3);
  });
});
