// TaskClient, EventClient and SchedulerClient: the generated operations are inherited as they are; these
// tests cover what the clients add (call timeouts, run-result checks, handler checks, search shaping).
import { describe, expect, it } from "vitest";
import { EventClient, SchedulerClient, TaskClient } from "../../../src/clients/index.js";
import { EventResource } from "../../../generated/resources/event.js";
import { SchedulerResource } from "../../../generated/resources/scheduler.js";
import { TaskResource } from "../../../generated/resources/task.js";
import { ConductorError, InvalidArgumentError } from "../../../src/errors/index.js";
import { RecordingTransport } from "./recording-transport.js";

async function refusal(call: () => Promise<unknown>): Promise<InvalidArgumentError> {
  const error = await call().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidArgumentError);
  return error as InvalidArgumentError;
}

describe("TaskClient", () => {
  it("is the generated TaskResource, with its operations under their SDK names", async () => {
    const t = new RecordingTransport();
    const tasks = new TaskClient(t);
    expect(tasks).toBeInstanceOf(TaskResource);
    await tasks.pollTask("greet", { workerid: "w1", domain: "blue" });
    expect(t.calls[0]!.request).toMatchObject({
      operation: "task.pollTask",
      pathParams: { tasktype: "greet" },
      query: { workerid: "w1", domain: "blue" },
    });
  });

  it("signalSync sends the strategy and checks the answer is the run it selects", async () => {
    const t = new RecordingTransport(() => ({ responseType: "BLOCKING_TASK", referenceTaskName: "approve" }));
    const run = await new TaskClient(t).signalSync(
      "wf-1",
      "COMPLETED",
      { ok: true },
      { returnStrategy: "BLOCKING_TASK", timeoutMillis: 10_000 },
    );
    expect(run).toMatchObject({ responseType: "BLOCKING_TASK", referenceTaskName: "approve" });
    expect(t.calls[0]!.request).toMatchObject({
      operation: "task.signalSync",
      pathParams: { workflowId: "wf-1", status: "COMPLETED" },
      query: { returnStrategy: "BLOCKING_TASK", timeoutMillis: 10_000 },
      body: { ok: true },
    });
    // The call tells the transport how long the server may hold it (the transport outlasts that).
    expect(t.calls[0]!.options).toEqual({ serverWaitMs: 10_000 });

    const error = await new TaskClient(t)
      .signalSync("wf-1", "COMPLETED", {}, { returnStrategy: "TARGET_WORKFLOW" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorError);
    expect((error as Error).message).toMatch(/not a TARGET_WORKFLOW run/);
  });

  it("signalSync defaults to an empty output and TARGET_WORKFLOW; a plain WorkflowRun is accepted", async () => {
    const t = new RecordingTransport(() => ({ workflowId: "wf-1", status: "RUNNING" }));
    const run = await new TaskClient(t).signalSync("wf-1", "COMPLETED");
    expect(run).toMatchObject({ responseType: "TARGET_WORKFLOW", workflowId: "wf-1" });
    expect(t.calls[0]!.request.body).toEqual({});
    expect(t.calls[0]!.options).toBeUndefined();
  });

  it("refuses an empty log message before sending", async () => {
    const t = new RecordingTransport();
    const error = await refusal(() => new TaskClient(t).addTaskLog("t-1", ""));
    expect(error.argument).toBe("message");
    await new TaskClient(t).addTaskLog("t-1", "halfway");
    expect(t.calls.map((c) => c.request)).toMatchObject([
      { operation: "task.addTaskLog", body: "halfway", bodyType: "text" },
    ]);
  });

  it("extends a lease by reporting the task IN_PROGRESS with extendLease", async () => {
    const t = new RecordingTransport(() => "t-1");
    expect(await new TaskClient(t).extendLease("t-1", "wf-1")).toBe("t-1");
    expect(t.calls[0]!.request).toMatchObject({
      operation: "task.updateTask",
      body: { taskId: "t-1", workflowInstanceId: "wf-1", status: "IN_PROGRESS", extendLease: true },
    });
  });
});

describe("EventClient", () => {
  const handler = {
    name: "start_on_done",
    event: "conductor:order:done",
    actions: [{ action: "start_workflow" as const, start_workflow: { name: "ship" } }],
  };

  it("registers and updates a well-formed handler; unregistering is the generated operation", async () => {
    const t = new RecordingTransport();
    const events = new EventClient(t);
    expect(events).toBeInstanceOf(EventResource);
    await events.registerEventHandler(handler);
    await events.updateEventHandler({ ...handler, active: false });
    await events.unregisterEventHandler("start_on_done");
    expect(t.calls.map((c) => [c.request.operation, c.request.method])).toEqual([
      ["event.registerEventHandler", "POST"],
      ["event.updateEventHandler", "PUT"],
      ["event.unregisterEventHandler", "DELETE"],
    ]);
    expect(t.calls[0]!.request.body).toEqual(handler);
  });

  it("refuses a handler the server would store but cannot act on, naming the field", async () => {
    const t = new RecordingTransport();
    const events = new EventClient(t);
    const cases: [unknown, string][] = [
      [null, "handler"],
      [{ ...handler, name: "" }, "handler.name"],
      [{ ...handler, event: "order_done" }, "handler.event"],
      [{ ...handler, event: "conductor:" }, "handler.event"],
      [{ ...handler, actions: [] }, "handler.actions"],
      [{ ...handler, actions: [{ action: "launch" }] }, "handler.actions[0].action"],
      [{ ...handler, actions: [handler.actions[0], { action: "complete_task" }] }, "handler.actions[1].complete_task"],
    ];
    for (const [bad, argument] of cases) {
      expect((await refusal(() => events.registerEventHandler(bad as never))).argument).toBe(argument);
      expect((await refusal(() => events.updateEventHandler(bad as never))).argument).toBe(argument);
    }
    expect(t.calls).toHaveLength(0);
  });
});

describe("SchedulerClient", () => {
  it("asks for the next run times of a cron expression, refusing an empty one", async () => {
    const t = new RecordingTransport(() => [1, 2]);
    const scheduler = new SchedulerClient(t);
    expect(scheduler).toBeInstanceOf(SchedulerResource);
    expect(await scheduler.getNextFewSchedules("0 0 12 * * ?", { limit: 2, scheduleStartTime: 5 })).toEqual([1, 2]);
    expect(t.calls[0]!.request).toMatchObject({
      operation: "scheduler.computeNextFewSchedules",
      query: { cronExpression: "0 0 12 * * ?", limit: 2, scheduleStartTime: 5 },
    });
    expect((await refusal(() => scheduler.getNextFewSchedules(" "))).argument).toBe("cronExpression");
    expect(t.calls).toHaveLength(1);
  });

  it("writes structured execution filters in the server's query syntax and fills in the page", async () => {
    const t = new RecordingTransport(() => ({}));
    const scheduler = new SchedulerClient(t);
    expect(
      await scheduler.searchExecutions({
        scheduleNames: ["nightly", "hourly"],
        states: ["FAILED", "POLLED"],
        scheduledAfter: 1000,
        scheduledBefore: 2000,
        workflowName: "report",
        executionId: "e-1",
        query: "state IN (EXECUTED)",
        size: 5,
      }),
    ).toEqual({ totalHits: 0, results: [] });
    expect(t.calls[0]!.request.query).toEqual({
      query:
        "scheduleName IN (nightly,hourly) AND state IN (FAILED,POLLED) AND scheduledTime>1000 AND scheduledTime<2000" +
        " AND workflowName=report AND executionId=e-1 AND state IN (EXECUTED)",
      freeText: undefined,
      start: undefined,
      size: 5,
      sort: undefined,
    });
    await scheduler.searchExecutions();
    expect(t.calls[1]!.request.query).toMatchObject({ query: undefined });
  });

  it("refuses filter values the unquoted query syntax cannot hold", async () => {
    const t = new RecordingTransport(() => ({}));
    const scheduler = new SchedulerClient(t);
    const cases: [Record<string, unknown>, string][] = [
      [{ scheduleNames: ["a b"] }, "params.scheduleNames[0]"],
      [{ scheduleNames: ["a", "x,y"] }, "params.scheduleNames[1]"],
      [{ scheduleNames: [] }, "params.scheduleNames"],
      [{ workflowName: "w(1)" }, "params.workflowName"],
      [{ scheduledAfter: -1 }, "params.scheduledAfter"],
      [{ scheduledBefore: 1.5 }, "params.scheduledBefore"],
    ];
    for (const [params, argument] of cases) {
      expect((await refusal(() => scheduler.searchExecutions(params))).argument).toBe(argument);
    }
    expect(t.calls).toHaveLength(0);
  });

  it("searchSchedules passes the filters through and always answers totalHits and results", async () => {
    const t = new RecordingTransport(() => ({ totalHits: 1, results: [{ name: "nightly" }] }));
    const page = await new SchedulerClient(t).searchSchedules({ workflowName: "report", paused: true });
    expect(page).toEqual({ totalHits: 1, results: [{ name: "nightly" }] });
    expect(t.calls[0]!.request).toMatchObject({
      operation: "scheduler.searchSchedules",
      query: { workflowName: "report", paused: true },
    });
    const empty = new SchedulerClient(new RecordingTransport(() => ({})));
    expect(await empty.searchSchedules()).toEqual({ totalHits: 0, results: [] });
  });
});
