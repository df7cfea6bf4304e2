// Records what a real Conductor server answers on the worker's routes, so the stub server
// (stub-conductor.mjs) serves the same bytes: status, header names and the task JSON shape.
//
//   npx tsx bench/stub/record-wire.ts                 starts a LocalConductor, records, stops it
//   npx tsx bench/stub/record-wire.ts --server <api>  records from a running server
//
// Writes bench/stub/wire.json. Run it again after a server upgrade; the stub reads nothing else.
import { request } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { LocalConductor } from "../../src/testing/index.js";
import { ServerApi, waitFor } from "../lib/conductor.js";
import { benchDir } from "../lib/paths.js";

interface Exchange {
  /** What was asked, with the task type written as {taskType}. */
  request: { method: string; path: string; body?: unknown };
  status: number;
  /** Response headers in the order the server sent them; Date (it changes) is left out. */
  headers: [string, string][];
  body: string;
}

function send(apiUrl: string, method: string, path: string, body?: unknown): Promise<Omit<Exchange, "request">> {
  const url = new URL(`${apiUrl}${path}`);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers:
          payload === undefined
            ? {}
            : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const headers: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            if (res.rawHeaders[i]!.toLowerCase() !== "date") headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
          }
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("utf8") });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

async function main(): Promise<void> {
  const i = process.argv.indexOf("--server");
  const external = i >= 0 ? process.argv[i + 1] : undefined;
  const server = external ? undefined : await LocalConductor.start({ quiet: true });
  try {
    const apiUrl = external ?? server!.apiUrl;
    const api = new ServerApi(apiUrl);
    const type = `stub_record_${Date.now().toString(36)}`;
    await api.registerTaskDefs([type]);
    await api.registerWorkflow(type, type);
    for (let n = 0; n < 2; n++) await api.startWorkflow(type, n);
    await waitFor("2 tasks queued", 30_000, async () => (await api.queueSize(type)) === 2);

    const exchanges: Record<string, Exchange> = {};
    const record = async (name: string, method: string, path: string, body?: unknown) => {
      const answer = await send(apiUrl, method, path.replaceAll("{taskType}", type), body);
      const shown = body === undefined ? undefined : JSON.parse(JSON.stringify(body).replaceAll(type, "{taskType}"));
      exchanges[name] = { request: { method, path, ...(shown === undefined ? {} : { body: shown }) }, ...answer };
      return answer;
    };
    const result = (task: { taskId: string; workflowInstanceId: string; inputData: { n: number } }) => ({
      taskId: task.taskId,
      workflowInstanceId: task.workflowInstanceId,
      workerId: "recorder",
      status: "COMPLETED",
      outputData: { echo: task.inputData.n },
    });

    const polled = await record(
      "batchPoll",
      "GET",
      "/tasks/poll/batch/{taskType}?workerid=recorder&count=1&timeout=100",
    );
    const [first] = JSON.parse(polled.body) as Parameters<typeof result>[0][];
    const next = await record("updateV2Next", "POST", "/tasks/update-v2", result(first!));
    const second = JSON.parse(next.body) as Parameters<typeof result>[0];
    await record("updateV2Last", "POST", "/tasks/update-v2", result(second));
    await api.startWorkflow(type, 2);
    await waitFor("1 task queued", 30_000, async () => (await api.queueSize(type)) === 1);
    const single = await record("poll", "GET", "/tasks/poll/{taskType}?workerid=recorder");
    await record("update", "POST", "/tasks", result(JSON.parse(single.body) as Parameters<typeof result>[0]));
    await record("batchPollEmpty", "GET", "/tasks/poll/batch/{taskType}?workerid=recorder&count=1&timeout=100");
    await record("pollEmpty", "GET", "/tasks/poll/{taskType}?workerid=recorder");

    const out = {
      note: "Recorded by bench/stub/record-wire.ts from a real Conductor server; read by bench/stub/stub-conductor.mjs.",
      server: await api.version(),
      taskType: "{taskType}",
      exchanges: JSON.parse(JSON.stringify(exchanges).replaceAll(type, "{taskType}")) as Record<string, Exchange>,
    };
    writeFileSync(join(benchDir, "stub", "wire.json"), `${JSON.stringify(out, null, 1)}\n`);
    console.log(
      `recorded ${Object.keys(exchanges).length} exchanges from Conductor ${out.server} into bench/stub/wire.json`,
    );
  } finally {
    await server?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
