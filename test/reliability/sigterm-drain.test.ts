// Failure test 3: SIGTERM to a worker process holding 20 tasks. All 20 results must land before it
// exits, inside the grace period, and the process must exit by itself (nothing left alive).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  getWorkflow,
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

const FIXTURE = fileURLToPath(new URL("./fixtures/sigterm-worker.ts", import.meta.url));

test("SIGTERM with 20 tasks in flight: every result lands before exit, within the grace period", async () => {
  const apiUrl = server.apiUrl;
  const task = uniqueName("sigterm");
  const wf = `${task}_wf`;
  await registerTaskDef(apiUrl, { name: task, retryCount: 0, responseTimeoutSeconds: 120 });
  await registerSequence(apiUrl, wf, [task]);
  const GRACE_MS = 20_000;
  const WORK_MS = 4000;

  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
    env: {
      ...process.env,
      API_URL: apiUrl,
      TASK_NAME: task,
      WORK_MS: String(WORK_MS),
      GRACE_MS: String(GRACE_MS),
      CONCURRENCY: "20",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const waitUntil = async (cond: () => boolean, ms: number, what: string) => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    await waitUntil(() => stdout.includes("READY"), 60_000, "the worker process to start");
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) ids.push(await startWorkflow(apiUrl, wf, { n }));
    const started = () => stdout.split("\n").filter((l) => l.startsWith("STARTED ")).length;
    await waitUntil(() => started() === 20, 120_000, "20 tasks in flight");

    const signalledAt = Date.now();
    child.kill("SIGTERM");
    // Work queued after the signal must be left for other workers.
    const late = await Promise.all(Array.from({ length: 5 }, (_, n) => startWorkflow(apiUrl, wf, { n: 100 + n })));
    const exit = await exited;
    const exitMs = exit.at - signalledAt;

    // Results landed before the exit: check the tasks right away, no waiting.
    const views = await Promise.all(ids.map((id) => getWorkflow(apiUrl, id)));
    const delivered = views.filter((v) => v.tasks[0]?.status === "COMPLETED").length;
    const summary = JSON.parse(
      stdout
        .split("\n")
        .find((l) => l.startsWith("SUMMARY "))!
        .slice(8),
    ) as {
      computed: number;
      delivered: number;
      lost: number;
    };
    const finals = await waitForWorkflows(apiUrl, ids, 30_000);
    const completed = ids.filter((id) => finals.get(id)?.status === "COMPLETED").length;
    const lateViews = await Promise.all(late.map((id) => getWorkflow(apiUrl, id)));
    console.log(
      `sigterm-drain: workflows started ${ids.length} (+${late.length} after SIGTERM), completed ${completed}, ` +
        `results computed ${summary.computed}, delivered ${delivered}, lost ${summary.lost}, exit after ${exitMs} ms (grace ${GRACE_MS} ms)`,
    );
    expect(exit, stderr).toEqual({ code: 0, signal: null, at: exit.at });
    expect(exitMs).toBeGreaterThanOrEqual(WORK_MS - 500);
    expect(exitMs).toBeLessThan(GRACE_MS);
    expect(summary).toMatchObject({ computed: 20, delivered: 20, lost: 0 });
    expect(delivered).toBe(20);
    expect(completed).toBe(20);
    views.forEach((v) => expect(v.tasks[0]!.outputData?.["computedBy"]).toBe(child.pid));
    // Nothing was taken after the signal.
    for (const v of lateViews) expect(v.tasks[0]?.status ?? "SCHEDULED").toBe("SCHEDULED");
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
});
