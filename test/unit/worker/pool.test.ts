import { afterEach, expect, test } from "vitest";
import { TaskHandler } from "../../../src/worker/task-handler.js";
import { workerTask } from "../../../src/worker/worker.js";
import { FakeTaskApi, makeTask, silentLogger, waitFor } from "./fake-task-api.js";

const MODULE = new URL("./fixtures/cpu-worker.mjs", import.meta.url).href;
const handlers: TaskHandler[] = [];
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.stop()));
});

const mainThreadFn = () => {
  throw new Error("must run in a worker thread");
};

test("a CPU-bound worker runs in threads and does not starve the main event loop", async () => {
  const api = new FakeTaskApi();
  api.v2HandsOutNext = false;
  const crunch = workerTask("crunch", mainThreadFn, {
    concurrency: 2,
    pollTimeoutMs: 0,
    threads: { module: MODULE, size: 2 },
  });
  const tasks = api.add(
    ...Array.from({ length: 4 }, (_, n) => makeTask("crunch", { ms: 300, n })),
    makeTask("crunch", { ms: 1, fail: true }),
  );
  const h = new TaskHandler({ workers: [crunch], taskApi: api, logger: silentLogger(), env: {} });
  handlers.push(h);
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 10);
  const started = Date.now();
  await h.start();
  await waitFor(() => api.delivered.length === 5, 10_000);
  clearInterval(ticker);
  const elapsed = Date.now() - started;
  // The main loop kept ticking while threads were busy (loosely: the machine may be loaded).
  expect(ticks).toBeGreaterThan(elapsed / 10 / 5);
  const ok = api.delivered.filter((r) => r.status === "COMPLETED");
  expect(ok).toHaveLength(4);
  const threadIds = new Set(ok.map((r) => r.outputData?.["threadId"]));
  expect(threadIds.size).toBe(2);
  expect(threadIds.has(0)).toBe(false);
  for (const r of ok) expect(r.outputData?.["taskId"]).toBe(r.taskId);
  expect(ok[0]!.logs?.[0]?.log).toMatch(/crunched in thread \d+/);
  const failed = api.delivered.find((r) => r.taskId === tasks[4]!.taskId)!;
  expect(failed).toMatchObject({ status: "FAILED", reasonForIncompletion: "crunch failed" });
  expect(failed.logs?.some((l) => l.log?.includes("Error: crunch failed"))).toBe(true);
});

test("a thread stuck past the timeout is replaced and the task fails", async () => {
  const api = new FakeTaskApi();
  api.v2HandsOutNext = false;
  const spin = workerTask("spin", mainThreadFn, {
    concurrency: 1,
    timeoutMs: 1000,
    pollTimeoutMs: 0,
    threads: { module: MODULE },
  });
  const [stuck, fine] = api.add(makeTask("spin", { forever: true }), makeTask("spin", {}));
  const h = new TaskHandler({ workers: [spin], taskApi: api, logger: silentLogger(), env: {} });
  handlers.push(h);
  await h.start();
  await waitFor(() => api.delivered.length === 2, 10_000);
  expect(api.delivered.find((r) => r.taskId === stuck!.taskId)).toMatchObject({
    status: "FAILED",
    reasonForIncompletion: expect.stringMatching(/timeout of 1000 ms/),
  });
  expect(api.delivered.find((r) => r.taskId === fine!.taskId)).toMatchObject({ status: "COMPLETED" });
});

test("a module without the worker fails the task with a clear reason", async () => {
  const api = new FakeTaskApi();
  const missing = workerTask("nowhere", mainThreadFn, { threads: { module: MODULE } });
  api.add(makeTask("nowhere"));
  const h = new TaskHandler({ workers: [missing], taskApi: api, logger: silentLogger(), env: {} });
  handlers.push(h);
  await h.start();
  await waitFor(() => api.delivered.length === 1, 10_000);
  expect(api.delivered[0]!.reasonForIncompletion).toMatch(/exports no worker for task nowhere/);
});
