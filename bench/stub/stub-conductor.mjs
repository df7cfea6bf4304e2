// A stub Conductor for the client-bound benchmark: answers the worker's routes (batch poll, single
// poll, update-v2, classic update) from memory, as fast as one Node process can, so that the worker
// process under test is the bottleneck rather than the server. Its answers are the bytes a real
// server sends (status, header names, task JSON with the same keys in the same order), taken from
// wire.json, which bench/stub/record-wire.ts records from a real Conductor server.
//
// Where it differs from the real server, on purpose: a batch poll returns whatever is queued at
// once (the real server holds it until it can fill `count` or the timeout runs out, re-checking
// every 100 ms), and an empty poll waits for the first task to arrive rather than re-checking.
//
// Control (the bench, not the side under test, calls these):
//   POST /stub/fill?type=T&count=N   queue N tasks of type T (a new run for T)
//   GET  /stub/stats                 counters, as JSON
// Stdout lines: `LISTENING <port>`, `STARTED <type>` at the first poll that takes a task of a run,
// `DONE <type> <ms>` when every task of the run was completed (ms from STARTED, measured here).
// Every completion is checked: the right task, status COMPLETED, output { echo: input.n }; a task
// completed twice or with a wrong result is counted, and the bench fails the run on either.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const wire = JSON.parse(readFileSync(new URL("./wire.json", import.meta.url), "utf8"));
const TYPE = wire.taskType;

// --- Answers built from the recording -----------------------------------------------------------
const headersOf = (name) => wire.exchanges[name].headers.flat();
const JSON_HEADERS = headersOf("batchPoll");
const NO_CONTENT_HEADERS = headersOf("updateV2Last");
const TEXT_HEADER_NAME = wire.exchanges.update.headers.find(([k]) => k.toLowerCase() === "content-type");
const keepAliveOnly = wire.exchanges.update.headers.filter(([k]) => !/^content-(type|length)$/i.test(k));

// The recorded task with its per-task fields replaced by markers, cut into pieces once per task type:
// answering is then a join of constant strings and a few values.
const FIELDS = [
  "taskId",
  "workflowInstanceId",
  "n",
  "scheduledTime",
  "startTime",
  "updateTime",
  "workerId",
  "queueWaitTime",
];
const recordedTask = JSON.parse(wire.exchanges.batchPoll.body)[0];
const marked = structuredClone(recordedTask);
marked.taskId = "@@taskId@@";
marked.workflowInstanceId = "@@workflowInstanceId@@";
marked.inputData = { ...marked.inputData, n: "@@n@@" };
for (const f of ["scheduledTime", "startTime", "updateTime", "workerId", "queueWaitTime"]) marked[f] = `@@${f}@@`;
const markedJson = JSON.stringify(marked);

const templates = new Map();
function templateFor(type) {
  let t = templates.get(type);
  if (!t) {
    const text = markedJson.split(JSON.stringify(TYPE).slice(1, -1)).join(JSON.stringify(type).slice(1, -1));
    // Quoted markers become raw values (numbers stay numbers, strings keep their quotes).
    const parts = text.split(/"@@([A-Za-z]+)@@"/);
    t = { constants: parts.filter((_, i) => i % 2 === 0), fields: parts.filter((_, i) => i % 2 === 1) };
    for (const f of t.fields) if (!FIELDS.includes(f)) throw new Error(`stub: unknown marker ${f}`);
    templates.set(type, t);
  }
  return t;
}

function taskJson(task, workerId) {
  const t = templateFor(task.type);
  const now = Date.now();
  const values = {
    taskId: `"${task.taskId}"`,
    workflowInstanceId: `"${task.workflowInstanceId}"`,
    n: String(task.n),
    scheduledTime: String(task.scheduledTime),
    startTime: String(now),
    updateTime: String(now),
    workerId: JSON.stringify(workerId),
    queueWaitTime: String(now - task.scheduledTime),
  };
  let out = t.constants[0];
  for (let i = 0; i < t.fields.length; i++) out += values[t.fields[i]] + t.constants[i + 1];
  return out;
}

// --- State ----------------------------------------------------------------------------------------
const QUEUED = 0;
const IN_PROGRESS = 1;
const DONE = 2;
/** type -> { type, tasks, head, waiters, run } */
const queues = new Map();
/** taskId -> Task */
const byId = new Map();
const stats = {
  polls: 0,
  emptyPolls: 0,
  tasksPolled: 0,
  updates: 0,
  completed: 0,
  duplicates: 0,
  wrong: 0,
  unknown: 0,
  routes: {},
};

function queueOf(type) {
  let q = queues.get(type);
  if (!q) {
    q = { type, tasks: [], head: 0, waiters: [], run: undefined };
    queues.set(type, q);
  }
  return q;
}

function fill(type, count) {
  const q = queueOf(type);
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const task = {
      type,
      taskId: randomUUID(),
      workflowInstanceId: randomUUID(),
      n: i,
      scheduledTime: now,
      state: QUEUED,
    };
    q.tasks.push(task);
    byId.set(task.taskId, task);
  }
  q.run = { total: count, completed: 0, startedAt: undefined };
  serveWaiters(q);
}

function take(q, count, workerId) {
  const out = [];
  while (out.length < count && q.head < q.tasks.length) {
    const task = q.tasks[q.head++];
    task.state = IN_PROGRESS;
    out.push(taskJson(task, workerId));
  }
  if (q.head === q.tasks.length && q.head > 0) {
    q.tasks = [];
    q.head = 0;
  }
  if (out.length > 0) {
    stats.tasksPolled += out.length;
    if (q.run && q.run.startedAt === undefined) {
      q.run.startedAt = performance.now();
      process.stdout.write(`STARTED ${q.type}\n`);
    }
  }
  return out;
}

function serveWaiters(q) {
  while (q.waiters.length > 0 && q.head < q.tasks.length) {
    const w = q.waiters.shift();
    clearTimeout(w.timer);
    w.answer(take(q, w.count, w.workerId));
  }
}

// --- Routes -------------------------------------------------------------------------------------
function sendJson(res, body) {
  res.writeHead(200, JSON_HEADERS);
  res.end(body);
}

function sendNoContent(res) {
  res.writeHead(204, NO_CONTENT_HEADERS);
  res.end();
}

function sendError(res, status, message) {
  const body = JSON.stringify({ status, message, retryable: false });
  res.writeHead(status, ["Content-Type", "application/json", "Content-Length", String(Buffer.byteLength(body))]);
  res.end(body);
}

function poll(req, res, url, type, batch) {
  stats.polls++;
  const q = queueOf(type);
  const count = batch ? Math.max(1, Number(url.searchParams.get("count") ?? 1)) : 1;
  const timeout = Math.max(0, Number(url.searchParams.get("timeout") ?? 100));
  const workerId = url.searchParams.get("workerid") ?? "";
  const answer = (tasks) => {
    if (tasks.length === 0) stats.emptyPolls++;
    if (batch) sendJson(res, `[${tasks.join(",")}]`);
    else if (tasks.length === 0) sendNoContent(res);
    else sendJson(res, tasks[0]);
  };
  const tasks = take(q, count, workerId);
  if (tasks.length > 0 || timeout === 0) return answer(tasks);
  // Long poll: answer at the first task queued, or empty when the timeout runs out.
  const waiter = { count, workerId, answer, timer: undefined };
  waiter.timer = setTimeout(() => {
    q.waiters.splice(q.waiters.indexOf(waiter), 1);
    answer([]);
  }, timeout);
  q.waiters.push(waiter);
  res.on("close", () => {
    const i = q.waiters.indexOf(waiter);
    if (i >= 0) {
      clearTimeout(waiter.timer);
      q.waiters.splice(i, 1);
    }
  });
}

/** Checks and records one result; returns the task, or undefined for an unknown id. */
function complete(result) {
  stats.updates++;
  const task = byId.get(result.taskId);
  if (!task) return undefined;
  if (result.status !== "COMPLETED") return task; // IN_PROGRESS heartbeats and the like change nothing here
  if (task.state === DONE) {
    stats.duplicates++;
    return task;
  }
  if (task.workflowInstanceId !== result.workflowInstanceId || result.outputData?.echo !== task.n) stats.wrong++;
  task.state = DONE;
  byId.delete(task.taskId);
  stats.completed++;
  const run = queues.get(task.type)?.run;
  if (run) {
    run.completed++;
    if (run.completed === run.total)
      process.stdout.write(`DONE ${task.type} ${(performance.now() - run.startedAt).toFixed(3)}\n`);
  }
  return task;
}

function readBody(req, then) {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => then(body));
}

const server = createServer((req, res) => {
  const url = new URL(req.url, "http://stub");
  const path = url.pathname;
  if (req.method === "GET" && path.startsWith("/api/tasks/poll/batch/")) {
    return poll(req, res, url, decodeURIComponent(path.slice("/api/tasks/poll/batch/".length)), true);
  }
  if (req.method === "POST" && (path === "/api/tasks/update-v2" || path === "/api/tasks")) {
    return readBody(req, (text) => {
      let result;
      try {
        result = JSON.parse(text);
      } catch {
        return sendError(res, 400, "body is not JSON");
      }
      const task = complete(result);
      if (!task) return sendError(res, 404, `task ${result.taskId} not found`);
      if (path === "/api/tasks") {
        res.writeHead(200, [
          ...TEXT_HEADER_NAME,
          "Content-Length",
          String(Buffer.byteLength(task.taskId)),
          ...keepAliveOnly.flat(),
        ]);
        return res.end(task.taskId);
      }
      // update-v2 hands back the next task of the same type, if one is queued.
      const [next] = take(queueOf(task.type), 1, result.workerId ?? "");
      return next === undefined ? sendNoContent(res) : sendJson(res, next);
    });
  }
  if (req.method === "GET" && path.startsWith("/api/tasks/poll/")) {
    return poll(req, res, url, decodeURIComponent(path.slice("/api/tasks/poll/".length)), false);
  }
  if (path === "/stub/fill" && req.method === "POST") {
    fill(url.searchParams.get("type"), Number(url.searchParams.get("count")));
    return sendJson(res, "{}");
  }
  if (path === "/stub/stats") return sendJson(res, JSON.stringify(stats));
  stats.unknown++;
  const route = `${req.method} ${path}`;
  stats.routes[route] = (stats.routes[route] ?? 0) + 1;
  sendError(res, 404, `the stub does not serve ${route}`);
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.listen(Number(process.env.STUB_PORT ?? 0), "127.0.0.1", () =>
  process.stdout.write(`LISTENING ${server.address().port}\n`),
);
process.on("SIGTERM", () => process.exit(0));
