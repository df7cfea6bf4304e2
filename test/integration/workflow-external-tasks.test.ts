// Task types that wait on something outside the server's own evaluation: HTTP (to a loopback server
// this test starts), SIMPLE (completed here by polling), HUMAN and signalled WAIT (completed through
// the task API), timed WAITs, EVENT, sub-workflows, START_WORKFLOW, plus KAFKA_PUBLISH (registered only).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  ConductorWorkflow,
  DynamicForkTask,
  DynamicTask,
  EventTask,
  HttpTask,
  HumanTask,
  InlineTask,
  KafkaPublishTask,
  NoopTask,
  SimpleTask,
  StartWorkflowTask,
  SubWorkflowTask,
  WaitTask,
} from "../../src/workflow/index.js";
import { WorkflowExecutor } from "../../src/clients/index.js";
import { Configuration } from "../../src/config/index.js";
import { TestApi, startLoopbackServer, taskByRef, uniqueName, type LoopbackServer } from "./workflow-support.js";

// Workflows run through the SDK's WorkflowExecutor; TestApi only drives and inspects runs.
const api = new TestApi(inject("conductorApiUrl"));
const executor = new WorkflowExecutor(new Configuration({ serverUrl: inject("conductorApiUrl") }));
const registered: ConductorWorkflow[] = [];
const started: string[] = [];
let loopback: LoopbackServer;

async function registerAndRoundTrip(wf: ConductorWorkflow): Promise<void> {
  await wf.register({ overwrite: true });
  registered.push(wf);
  const stored = await api.getWorkflowDef(wf.name, wf.version ?? 1);
  expect(ConductorWorkflow.fromWorkflowDef(structuredClone(stored), executor).toWorkflowDef()).toEqual(stored);
}

async function start(wf: ConductorWorkflow, input: Record<string, unknown> = {}): Promise<string> {
  const id = await wf.start(input);
  started.push(id);
  return id;
}

beforeAll(async () => {
  loopback = await startLoopbackServer();
});

afterAll(async () => {
  await loopback?.close();
  for (const id of started) await api.terminate(id);
  for (const wf of registered) await api.deleteWorkflowDef(wf.name, wf.version ?? 1);
});

describe("workflow builder on the real server: tasks completed from outside", () => {
  it("HTTP GET and POST reach a loopback server; the response feeds later tasks", async () => {
    const wf = new ConductorWorkflow(executor, uniqueName("wf_http"));
    const get = new HttpTask("get", {
      uri: `${loopback.url}/items?id=\${workflow.input.id}`,
      method: "GET",
      accept: "application/json",
    });
    const post = new HttpTask(
      "post",
      {
        uri: `${loopback.url}/orders`,
        method: "POST",
        contentType: "application/json",
        headers: { "x-trace": wf.input("trace") },
        body: { id: wf.input("id"), previous: get.output("response.body.path") },
      },
      { timeouts: { timeoutSeconds: 30 }, retry: { retryCount: 1, retryDelaySeconds: 1 } },
    );
    wf.add(get, post).outputParameters({
      status: post.output("response.statusCode"),
      echoed: post.output("response.body.received"),
    });

    const run = await wf.execute({ id: 17, trace: "abc" });
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ status: 200, echoed: { id: 17, previous: "/items?id=17" } });
    const received = loopback.requests.find((r) => r.method === "POST" && r.url === "/orders");
    expect(received?.headers["x-trace"]).toBe("abc");
    expect(JSON.parse(received?.body ?? "{}")).toEqual({ id: 17, previous: "/items?id=17" });
    await registerAndRoundTrip(wf);
  });

  it("SIMPLE tasks (completed here by polling), DYNAMIC resolving to a SIMPLE task, FORK_JOIN_DYNAMIC over inputs", async () => {
    const taskName = uniqueName("wf_worker");
    const wf = new ConductorWorkflow(executor, uniqueName("wf_simple"));
    const first = new SimpleTask(taskName, "first", { n: wf.input("n") });
    const dyn = new DynamicTask("dyn", wf.input("taskName"), { inputParameters: { n: first.output("n") } });
    const fan = DynamicForkTask.forEachInput("fan", taskName, wf.input("items"));
    wf.add(first, dyn, fan, fan.join("fan_join")).outputParameters({
      first: first.output("n"),
      dyn: dyn.output("n"),
      fan: "${fan_join.output}",
    });

    const id = await start(wf, { n: 1, taskName, items: [{ n: 10 }, { n: 20 }] });
    const seen: string[] = [];
    const deadline = Date.now() + 30_000;
    for (let done = 0; done < 4 && Date.now() < deadline;) {
      const polled = await api.pollAndComplete(taskName, (task) => ({ n: Number(task.inputData?.n) * 2 }));
      if (polled) {
        done += 1;
        seen.push(String(polled.referenceTaskName));
      }
    }
    const wfDone = await api.waitForStatus(id);
    expect(wfDone.status).toBe("COMPLETED");
    expect(seen.slice(0, 2)).toEqual(["first", "dyn"]);
    expect(wfDone.output?.first).toBe(2);
    expect(wfDone.output?.dyn).toBe(4);
    const fanOut = wfDone.output?.fan as Record<string, { n: number }>;
    expect(
      Object.values(fanOut)
        .map((o) => o.n)
        .sort((x, y) => x - y),
    ).toEqual([20, 40]);
    await registerAndRoundTrip(wf);
  });

  it("timeouts embedded through the common options are enforced by the server", async () => {
    const wf = new ConductorWorkflow(executor, uniqueName("wf_timeout"));
    wf.add(
      new SimpleTask(
        uniqueName("never_polled"),
        "unpolled",
        {},
        { timeouts: { pollTimeoutSeconds: 2, timeoutSeconds: 3 }, retry: { retryCount: 0 } },
      ),
    );
    const id = await start(wf);
    const done = await api.waitForStatus(id, undefined, 60_000);
    expect(done.status).toBe("TIMED_OUT");
    expect(taskByRef(done, "unpolled")?.reasonForIncompletion).toMatch(/poll timed out.*2 seconds/i);
  });

  it("a signalled WAIT and HUMAN are completed through the task API; execute returns at waitUntilTaskRef", async () => {
    const wf = new ConductorWorkflow(executor, uniqueName("wf_human"));
    const signal = WaitTask.untilSignalled("signal");
    const approve = new HumanTask("approve", { request: wf.input("request"), signalled: signal.output("value") });
    wf.add(signal, approve).outputParameters({ approvedBy: approve.output("by"), signal: signal.output("value") });

    const t0 = Date.now();
    const run = await wf.execute({ request: "vacation" }, { waitUntilTaskRef: "signal", waitForSeconds: 15 });
    // The server answers once the WAIT is reached, well before waitForSeconds.
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(run.status).toBe("RUNNING");
    expect(run.tasks?.map((t) => [t.referenceTaskName, t.status])).toEqual([["signal", "IN_PROGRESS"]]);
    const id = String(run.workflowId);
    started.push(id);
    await api.completeTaskByRef(id, "signal", { value: 42 });
    const human = await api.waitForTask(id, "approve", ["IN_PROGRESS"]);
    expect(human.inputData).toMatchObject({ request: "vacation", signalled: 42 });
    await api.completeTaskByRef(id, "approve", { by: "alice" });
    const done = await api.waitForStatus(id);
    expect(done.status).toBe("COMPLETED");
    expect(done.output).toEqual({ approvedBy: "alice", signal: 42 });
    await registerAndRoundTrip(wf);
  });

  it("WAIT for a duration and until a date; EVENT publishes to the server's own conductor queue", async () => {
    const wf = new ConductorWorkflow(executor, uniqueName("wf_wait"));
    const queue = uniqueName("wf_events");
    wf.add(
      WaitTask.forDuration("pause", "2s"),
      WaitTask.until("deadline", new Date(Date.now() - 60_000)),
      new EventTask("notify", `conductor:${queue}`, { order: wf.input("order") }),
    );
    const t0 = Date.now();
    const id = await start(wf, { order: 9 });
    const done = await api.waitForStatus(id, undefined, 60_000);
    expect(done.status).toBe("COMPLETED");
    const pause = taskByRef(done, "pause");
    expect(Number(pause?.endTime) - Number(pause?.startTime)).toBeGreaterThanOrEqual(1500);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
    expect(taskByRef(done, "deadline")?.status).toBe("COMPLETED");
    expect(taskByRef(done, "notify")?.outputData).toMatchObject({ order: 9, sink: `conductor:${queue}` });
    await registerAndRoundTrip(wf);
  });

  it("SUB_WORKFLOW with an inline child and with a registered child by name/version; START_WORKFLOW", async () => {
    const inlineChild = new ConductorWorkflow(executor, uniqueName("wf_child_inline"));
    inlineChild
      .add(new InlineTask("twice", "$.x * 2", { x: inlineChild.input("x") }))
      .outputParameters({ y: "${twice.output.result}" });
    const namedChild = new ConductorWorkflow(executor, uniqueName("wf_child_named"), 2);
    namedChild
      .add(new InlineTask("plus", "$.x + 100", { x: namedChild.input("x") }))
      .outputParameters({ y: "${plus.output.result}" });
    await namedChild.register({ overwrite: true });
    registered.push(namedChild);

    const wf = new ConductorWorkflow(executor, uniqueName("wf_parent"));
    const a = new SubWorkflowTask("inline_sub", inlineChild, undefined, { inputParameters: { x: wf.input("x") } });
    const b = new SubWorkflowTask("named_sub", namedChild.name, 2, { inputParameters: { x: a.output("y") } });
    const fire = new StartWorkflowTask("fire", namedChild.name, { x: 1 }, { version: 2, correlationId: "from-parent" });
    wf.add(a, b, fire).outputParameters({ a: a.output("y"), b: b.output("y"), startedId: fire.output("workflowId") });

    const run = await wf.execute({ x: 5 }, { waitForSeconds: 20 });
    const done = run.status === "COMPLETED" ? run : await api.waitForStatus(String(run.workflowId));
    expect(done.status).toBe("COMPLETED");
    expect(done.output).toMatchObject({ a: 10, b: 110 });
    const startedId = String(done.output?.startedId);
    const other = await api.waitForStatus(startedId);
    expect(other).toMatchObject({
      status: "COMPLETED",
      workflowName: namedChild.name,
      workflowVersion: 2,
      correlationId: "from-parent",
      output: { y: 101 },
    });
    await registerAndRoundTrip(wf);
    const stored = ConductorWorkflow.fromWorkflowDef(await api.getWorkflowDef(wf.name, 1));
    expect((stored.tasks[0] as SubWorkflowTask).inlineWorkflow).toBeInstanceOf(ConductorWorkflow);
  });

  it("KAFKA_PUBLISH: registered and accepted by the server only (running it needs a Kafka broker)", async () => {
    const wf = new ConductorWorkflow(executor, uniqueName("wf_kafka")).add(
      new KafkaPublishTask("publish", {
        topic: "orders",
        value: { id: "${workflow.input.id}" },
        bootStrapServers: "127.0.0.1:9092",
        key: "k",
      }),
      new NoopTask("after"),
    );
    expect(wf.validate()).toEqual([]);
    await registerAndRoundTrip(wf);
    const stored = await api.getWorkflowDef(wf.name, 1);
    expect(stored.tasks[0]).toMatchObject({
      type: "KAFKA_PUBLISH",
      inputParameters: { kafka_request: { topic: "orders", bootStrapServers: "127.0.0.1:9092" } },
    });
  });

  it("start() sends the definition inline, so an unregistered workflow runs; useRegisteredDefinition runs the stored one", async () => {
    const wf = new ConductorWorkflow(executor, uniqueName("wf_inline_def"))
      .add(new InlineTask("v", "'inline'"))
      .outputParameters({ v: "${v.output.result}" });
    const id = await start(wf);
    expect((await api.waitForStatus(id)).output).toEqual({ v: "inline" });
    await expect(wf.start({}, { useRegisteredDefinition: true })).rejects.toMatchObject({
      name: "NotFoundError",
      status: 404,
    });
    await wf.register();
    registered.push(wf);
    const id2 = await start(wf, {});
    expect((await api.waitForStatus(id2)).status).toBe("COMPLETED");
  });
});
