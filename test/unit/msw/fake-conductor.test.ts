// FakeConductor's rules beyond the shared scenario (test/scenario): retries, callbacks, terminate, completing by
// reference name, expressions, and the answers for what it does not model. Driven through the SDK's clients
// and msw/node, as a user's test would.
import { ConductorClients, ConductorError, Configuration } from "@conductor-ts/sdk";
import { FakeConductor } from "@conductor-ts/sdk/msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resolveExpressions } from "../../../src/msw/fake-expressions.js";

const origin = "http://conductor.fake-rules.test";
const fake = new FakeConductor({ baseUrl: origin });
const server = setupServer(...fake.handlers);
const clients = new ConductorClients(new Configuration({ serverUrl: `${origin}/api` }));
const workflows = clients.getWorkflowClient();
const tasks = clients.getTaskClient();
const metadata = clients.getMetadataClient();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => fake.reset());
afterAll(() => server.close());

const task = (name: string, ref = `${name}_ref`, inputParameters: Record<string, unknown> = {}) => ({
  name,
  taskReferenceName: ref,
  type: "SIMPLE",
  inputParameters,
});

async function register(
  name: string,
  tasksOfWorkflow: ReturnType<typeof task>[],
  outputParameters?: Record<string, unknown>,
) {
  await metadata.registerWorkflowDef(
    { name, version: 1, timeoutSeconds: 0, tasks: tasksOfWorkflow, ...(outputParameters ? { outputParameters } : {}) },
    { overwrite: true },
  );
}

async function pollOne(taskType: string) {
  const polled = await tasks.batchPollTasks(taskType, { workerid: "w1", count: 1, timeout: 0 });
  expect(polled, `a ${taskType} task to poll`).toHaveLength(1);
  return polled[0]!;
}

async function errorOf(call: () => Promise<unknown>): Promise<ConductorError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConductorError);
  return error as ConductorError;
}

describe("task results", () => {
  it("retries a FAILED task while its definition's retryCount allows, then fails the workflow", async () => {
    await metadata.registerTaskDefs([{ name: "flaky", retryCount: 1, retryDelaySeconds: 0, timeoutSeconds: 0 }]);
    await register("retrying", [task("flaky")]);
    const id = await workflows.startWorkflow({ name: "retrying", version: 1 });
    const first = await pollOne("flaky");
    await tasks.updateTask({
      taskId: first.taskId,
      workflowInstanceId: id,
      status: "FAILED",
      reasonForIncompletion: "once",
    });
    const second = await pollOne("flaky");
    expect(second).toMatchObject({ retryCount: 1, retriedTaskId: first.taskId, status: "IN_PROGRESS" });
    await tasks.updateTask({
      taskId: second.taskId,
      workflowInstanceId: id,
      status: "FAILED",
      reasonForIncompletion: "twice",
    });
    const run = await workflows.getWorkflow(id);
    expect(run.status).toBe("FAILED");
    expect(run.tasks!.map((t) => [t.status, t.retryCount, t.retried])).toEqual([
      ["FAILED", 0, true],
      ["FAILED", 1, false],
    ]);
    expect(run.reasonForIncompletion).toBe(`Task ${second.taskId} failed with status: FAILED and reason: 'twice'`);
  });

  it("holds a retry back for the definition's retry delay", async () => {
    await metadata.registerTaskDefs([{ name: "slow_retry", retryCount: 1, retryDelaySeconds: 60, timeoutSeconds: 0 }]);
    await register("delayed", [task("slow_retry")]);
    const id = await workflows.startWorkflow({ name: "delayed", version: 1 });
    const first = await pollOne("slow_retry");
    await tasks.updateTask({ taskId: first.taskId, workflowInstanceId: id, status: "FAILED" });
    expect(await tasks.batchPollTasks("slow_retry", { workerid: "w1", count: 1, timeout: 50 })).toEqual([]);
    expect((await workflows.getWorkflow(id)).tasks!.at(-1)!.status).toBe("SCHEDULED");
  });

  it("hands an IN_PROGRESS task out again after callbackAfterSeconds, keeping its output", async () => {
    await register("callback", [task("ticker")]);
    const id = await workflows.startWorkflow({ name: "callback", version: 1 });
    const first = await pollOne("ticker");
    await tasks.updateTask({
      taskId: first.taskId,
      workflowInstanceId: id,
      status: "IN_PROGRESS",
      callbackAfterSeconds: 0,
      outputData: { step: 1 },
    });
    const again = await pollOne("ticker");
    expect(again).toMatchObject({ taskId: first.taskId, pollCount: 2, outputData: { step: 1 } });
  });

  it("completes a task by reference name and resolves expressions into the next task and the output", async () => {
    await register(
      "chain",
      [
        task("first"),
        task("second", "second_ref", {
          greeting: "Hi ${workflow.input.who}",
          first: "${first_ref.output.items[1]}",
          none: "${first_ref.output.missing}",
        }),
      ],
      { all: "${second_ref.input}", id: "${workflow.workflowId}" },
    );
    const id = await workflows.startWorkflow({ name: "chain", version: 1, input: { who: "Ann" } });
    await tasks.updateTaskByRefName(id, "first_ref", "COMPLETED", { items: ["a", { b: 2 }] });
    const second = await pollOne("second");
    expect(second.inputData).toEqual({ greeting: "Hi Ann", first: { b: 2 }, none: null });
    await tasks.updateTask({ taskId: second.taskId, workflowInstanceId: id, status: "COMPLETED" });
    expect((await workflows.getWorkflow(id)).output).toEqual({ all: second.inputData, id });
  });

  it("answers update-v2 with the worker's next task of the same type", async () => {
    await register("twice", [task("same", "one"), task("same", "two")]);
    const id = await workflows.startWorkflow({ name: "twice", version: 1 });
    const one = await pollOne("same");
    const next = await tasks.updateTaskV2({
      taskId: one.taskId,
      workflowInstanceId: id,
      status: "COMPLETED",
      workerId: "w1",
    });
    expect(next).toMatchObject({ referenceTaskName: "two", status: "IN_PROGRESS", workerId: "w1" });
  });
});

describe("workflows", () => {
  it("terminates: the workflow is TERMINATED with the reason and its open task CANCELED", async () => {
    await register("stoppable", [task("never")]);
    const id = await workflows.startWorkflow({ name: "stoppable", version: 1 });
    await workflows.terminateWorkflow(id, { reason: "enough" });
    const run = await workflows.getWorkflow(id);
    expect([run.status, run.reasonForIncompletion, run.tasks![0]!.status]).toEqual([
      "TERMINATED",
      "enough",
      "CANCELED",
    ]);
    expect(await tasks.batchPollTasks("never", { workerid: "w1", count: 1, timeout: 0 })).toEqual([]);
  });

  it("refuses to start a workflow with a task type it does not run, saying so (501)", async () => {
    await metadata.registerWorkflowDef({
      name: "inline",
      version: 1,
      timeoutSeconds: 0,
      tasks: [{ name: "calc", taskReferenceName: "calc_ref", type: "INLINE" }],
    });
    const error = await errorOf(() => workflows.startWorkflow({ name: "inline", version: 1 }));
    expect(error.status).toBe(501);
    expect(error.serverMessage).toContain("task 'calc_ref' of inline is INLINE");
  });

  it("answers 501 for operations it does not implement, even where a parameterised path would match", async () => {
    const search = await errorOf(() => workflows.search({ query: "status = 'RUNNING'" }));
    expect([search.status, search.serverMessage]).toEqual([
      501,
      "FakeConductor does not implement GET /api/workflow/search",
    ]);
    const pause = await errorOf(() => workflows.pauseWorkflow("any-id"));
    expect([pause.status, pause.serverMessage]).toEqual([
      501,
      "FakeConductor does not implement PUT /api/workflow/any-id/pause",
    ]);
  });

  it("forgets everything on reset()", async () => {
    await register("forgotten", [task("x")]);
    await workflows.startWorkflow({ name: "forgotten", version: 1 });
    expect(fake.workflows()).toHaveLength(1);
    fake.reset();
    expect(fake.workflows()).toEqual([]);
    expect((await errorOf(() => metadata.getWorkflowDef("forgotten"))).status).toBe(404);
  });
});

it("leaves text around embedded expressions and walks arrays", () => {
  const scope = { workflow: { input: { n: 3, list: [1, { a: "x" }] } } };
  expect(
    resolveExpressions(["${workflow.input.n}", "n=${workflow.input.n}", "${workflow.input.list[1].a}"], scope),
  ).toEqual([3, "n=3", "x"]);
});
