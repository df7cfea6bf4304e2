// Failure test 4: a worker facing a dead network. Against a server that accepts connections and
// never answers, stop() returns at once and the process exits right after; SIGTERM likewise. After
// a 5 s blackhole between worker and a real server, an idle worker picks up new work within its
// poll bound. With a task that never finishes, SIGTERM ends the process within the default grace
// period plus force step, inside Kubernetes' 30 s.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { Configuration } from "../../src/config/configuration.js";
import { TaskHandler, workerTask } from "../../src/worker/index.js";
import { DEFAULT_FORCE_STOP_MS, DEFAULT_GRACE_PERIOD_MS } from "../../src/worker/task-handler.js";
import { DEFAULT_POLL_TIMEOUT_MARGIN_MS } from "../../src/worker/settings.js";
import {
  registerSequence,
  registerTaskDef,
  startWorkflow,
  uniqueName,
  waitForWorkflows,
} from "./support/conductor-http.js";
import {
  startBlackholeProxy,
  startSilentServer,
  type BlackholeProxy,
  type SilentServer,
} from "./support/dead-network.js";
import { serverForTest, type TestServer } from "./support/server.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/idle-worker.ts", import.meta.url));
/** Kubernetes' default terminationGracePeriodSeconds: SIGKILL follows SIGTERM after this. */
const KUBERNETES_GRACE_MS = 30_000;

let server: TestServer;
let silent: SilentServer;
let proxy: BlackholeProxy | undefined;
beforeAll(async () => {
  silent = await startSilentServer();
  server = await serverForTest();
});
afterAll(async () => {
  await proxy?.close();
  await silent?.close();
  await server?.release();
});

interface Child {
  process: ChildProcess;
  stdout: () => string;
  lineAt: (prefix: string) => number | undefined;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  waitFor: (what: string, cond: () => boolean, ms: number) => Promise<void>;
}

function spawnWorker(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const seen = new Map<string, number>();
  child.stdout!.on("data", (c: Buffer) => {
    stdout += c.toString();
    for (const line of stdout.split("\n")) {
      const prefix = line.split(" ")[0]!;
      if (line !== "" && !seen.has(prefix)) seen.set(prefix, Date.now());
    }
  });
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return {
    process: child,
    stdout: () => stdout,
    lineAt: (prefix) => seen.get(prefix),
    exited,
    waitFor: async (what, cond, ms) => {
      const end = Date.now() + ms;
      while (!cond()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

function kill(child: Child): void {
  if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill("SIGKILL");
}

/** Resolves when the child exited, or after `ms` with undefined. */
async function exitWithin(child: Child, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  const result = await Promise.race([child.exited, timeout]);
  clearTimeout(timer);
  return result;
}

test("facing a server that never answers, stop() returns in under a second and the process exits at once", async () => {
  const child = spawnWorker({ API_URL: `${silent.origin}/api`, MODE: "stop", TASK_NAME: uniqueName("silent") });
  try {
    const polls = silent.requests.length;
    await child.waitFor("a poll in flight", () => silent.requests.length > polls, 60_000);
    expect(silent.requests.at(-1)).toMatch(/^GET \/api\/tasks\/poll\/batch\//);
    child.process.kill("SIGUSR2");
    // The old behaviour took the whole grace period: wait long enough to see a figure either way.
    await child.waitFor("stop() to return", () => child.lineAt("STOPPED") !== undefined, 40_000);
    const stopMs = Number(/STOPPED (\d+)/.exec(child.stdout())![1]);
    const exit = await exitWithin(child, 10_000);
    const exitMs = exit === undefined ? undefined : exit.at - child.lineAt("STOPPED")!;
    console.log(
      `silent server: stop() took ${stopMs} ms with a poll in flight; the process exited ${exitMs ?? "> 10000"} ms after stop() returned`,
    );
    expect(stopMs).toBeLessThan(1000);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exitMs).toBeLessThan(1000);
  } finally {
    kill(child);
  }
});

test("facing a server that never answers, SIGTERM ends an idle worker at once", async () => {
  const child = spawnWorker({ API_URL: `${silent.origin}/api`, MODE: "signals", TASK_NAME: uniqueName("silent") });
  try {
    const polls = silent.requests.length;
    await child.waitFor("a poll in flight", () => silent.requests.length > polls, 60_000);
    const signalledAt = Date.now();
    child.process.kill("SIGTERM");
    const exit = await exitWithin(child, 40_000);
    const exitMs = exit === undefined ? undefined : exit.at - signalledAt;
    console.log(`silent server: SIGTERM to exit took ${exitMs ?? "> 40000"} ms`);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exitMs).toBeLessThan(1000);
  } finally {
    kill(child);
  }
});

test("after a 5 s blackhole an idle worker picks up a new task within its poll bound", async () => {
  const apiUrl = server.apiUrl;
  const task = uniqueName("blackhole");
  const wf = `${task}_wf`;
  await registerTaskDef(apiUrl, { name: task, responseTimeoutSeconds: 30 });
  await registerSequence(apiUrl, wf, [task]);
  proxy = await startBlackholeProxy(apiUrl.replace(/\/api$/, ""));

  const settings = { idlePollTimeoutMs: 1000, maxErrorBackoffMs: 500 };
  // The longest a dead poll can hold the worker: its wait plus the margin, then one error back-off,
  // plus the server's own queue check (about 100 ms) and scheduling slack.
  const pollBoundMs = settings.idlePollTimeoutMs + DEFAULT_POLL_TIMEOUT_MARGIN_MS;
  const boundMs = pollBoundMs + settings.maxErrorBackoffMs + 500;
  let polls = 0;
  let startedAt: number | undefined;
  const handler = new TaskHandler({
    workers: [workerTask(task, (input: { n: number }) => ({ n: input.n }), settings)],
    configuration: new Configuration({ serverUrl: `${proxy.origin}/api`, env: {} }),
    logger: { debug() {}, info() {}, warn() {}, error: console.error },
    events: {
      onPoll: () => void polls++,
      onTaskStart: () => void (startedAt ??= Date.now()),
    },
  });
  await handler.start();
  try {
    const waitUntil = async (what: string, cond: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!cond()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitUntil("two idle polls through the proxy", () => polls >= 2, 30_000);
    proxy.blackhole = true;
    // The fault itself: five seconds of silence, in which the worker's polls vanish.
    await new Promise((r) => setTimeout(r, 5000));
    proxy.blackhole = false;
    const endedAt = Date.now();
    const id = await startWorkflow(apiUrl, wf, { n: 7 });
    // Long enough to measure the old behaviour (a dead poll held for its wait + 30 s) too.
    await waitUntil("the task to be picked up", () => startedAt !== undefined, 45_000).catch(() => {});
    const pickupMs = startedAt === undefined ? undefined : startedAt - endedAt;
    const m = handler.metrics.forTaskType(task);
    console.log(
      `blackhole: 5000 ms of swallowed traffic (${proxy.swallowed.deadConnections} connection(s) died, ${m.pollErrors} poll(s) timed out); ` +
        `new task picked up ${pickupMs ?? "> 45000"} ms after the blackhole ended (poll bound ${pollBoundMs} ms, with back-off and slack ${boundMs} ms)`,
    );
    expect(proxy.swallowed.deadConnections).toBeGreaterThan(0);
    expect(m.pollErrors).toBeGreaterThan(0);
    expect(pickupMs).toBeLessThanOrEqual(boundMs);
    const views = await waitForWorkflows(apiUrl, [id], 30_000);
    expect(views.get(id)?.status).toBe("COMPLETED");
  } finally {
    await handler.stop();
  }
});

test("SIGTERM with a task that never finishes: the process is gone within the default grace period and force step, inside Kubernetes' 30 s", async () => {
  const apiUrl = server.apiUrl;
  const task = uniqueName("forever");
  const wf = `${task}_wf`;
  await registerTaskDef(apiUrl, { name: task, responseTimeoutSeconds: 120 });
  await registerSequence(apiUrl, wf, [task]);
  const budgetMs = DEFAULT_GRACE_PERIOD_MS + DEFAULT_FORCE_STOP_MS;
  expect(budgetMs).toBeLessThanOrEqual(KUBERNETES_GRACE_MS - 2000);
  const child = spawnWorker({ API_URL: apiUrl, MODE: "signals", HANG: "1", KEEP_ALIVE: "1", TASK_NAME: task });
  try {
    await child.waitFor("the worker to start", () => child.lineAt("READY") !== undefined, 60_000);
    await startWorkflow(apiUrl, wf, { n: 1 });
    await child.waitFor("the task to start", () => child.lineAt("STARTED") !== undefined, 60_000);
    const signalledAt = Date.now();
    child.process.kill("SIGTERM");
    const exit = await exitWithin(child, 45_000);
    const exitMs = exit === undefined ? undefined : exit.at - signalledAt;
    console.log(
      `sigterm budget: a task that never finishes and an application that stays alive; process ended by ${exit?.signal ?? exit?.code} ` +
        `${exitMs ?? "> 45000"} ms after SIGTERM (grace ${DEFAULT_GRACE_PERIOD_MS} ms + force ${DEFAULT_FORCE_STOP_MS} ms; Kubernetes kills at ${KUBERNETES_GRACE_MS} ms)`,
    );
    // The application kept the process alive, so the signal's default action ended it.
    expect(exit).toMatchObject({ code: null, signal: "SIGTERM" });
    expect(exitMs).toBeGreaterThanOrEqual(DEFAULT_GRACE_PERIOD_MS - 100);
    expect(exitMs).toBeLessThanOrEqual(budgetMs + 1000);
    expect(exitMs).toBeLessThan(KUBERNETES_GRACE_MS - 1000);
  } finally {
    kill(child);
  }
});
