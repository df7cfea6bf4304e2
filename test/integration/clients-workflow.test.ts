// WorkflowClient and WorkflowExecutor against the real server: every method, errors included.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  ConductorClients,
  type Workflow,
  type WorkflowClient,
  type WorkflowDef,
  type WorkflowExecutor,
} from "../../src/clients/index.js";
import { Configuration, silentLogger } from "../../src/config/index.js";
import {
  ConductorError,
  InvalidArgumentError,
  UnsupportedOperationError,
  ValidationError,
} from "../../src/errors/index.js";
import { eventually } from "../support/eventually.js";

const id = randomUUID().slice(0, 8);
const taskType = `cw_task_${id}`;
const simpleWf = `cw_simple_${id}`;
const inlineWf = `cw_inline_${id}`;
const twoStepWf = `cw_two_${id}`;
let clients: ConductorClients;
let workflows: WorkflowClient;
let executor: WorkflowExecutor;

const status = async (workflowId: string) => (await workflows.getWorkflowStatus(workflowId)).status;
const waitStatus = (workflowId: string, expected: string) =>
  eventually(
    () => status(workflowId),
    (s) => s === expected,
    `${workflowId} to be ${expected}`,
  );

const simpleDef: WorkflowDef = {
  name: simpleWf,
  version: 1,
  ownerEmail: "sdk@example.com",
  timeoutSeconds: 600,
  tasks: [
    {
      name: taskType,
      taskReferenceName: "simple_ref",
      type: "SIMPLE",
      inputParameters: { who: "${workflow.input.who}" },
    },
  ],
  outputParameters: { result: "${simple_ref.output.result}" },
};

const inlineDef: WorkflowDef = {
  name: inlineWf,
  version: 1,
  ownerEmail: "sdk@example.com",
  timeoutSeconds: 60,
  tasks: [
    {
      name: "greet",
      taskReferenceName: "greet_ref",
      type: "INLINE",
      inputParameters: { evaluatorType: "graaljs", expression: "'hello ' + $.who", who: "${workflow.input.who}" },
    },
  ],
  outputParameters: { greeting: "${greet_ref.output.result}" },
};

const twoStepDef: WorkflowDef = {
  name: twoStepWf,
  version: 1,
  ownerEmail: "sdk@example.com",
  timeoutSeconds: 600,
  tasks: [
    { name: taskType, taskReferenceName: "first_ref", type: "SIMPLE" },
    { name: taskType, taskReferenceName: "second_ref", type: "SIMPLE" },
  ],
};

beforeAll(async () => {
  clients = new ConductorClients(new Configuration({ serverUrl: inject("conductorApiUrl"), logger: silentLogger }));
  workflows = clients.getWorkflowClient();
  executor = clients.getWorkflowExecutor();
  await clients.getMetadataClient().registerTaskDef({
    name: taskType,
    retryCount: 0,
    timeoutSeconds: 300,
    responseTimeoutSeconds: 60,
    ownerEmail: "sdk@example.com",
  });
  await executor.registerWorkflow(simpleDef, { overwrite: true });
  await executor.registerWorkflow(inlineDef, { overwrite: true });
  await executor.registerWorkflow(twoStepDef, { overwrite: true });
});

describe("WorkflowClient", () => {
  it("starts, gets, pauses, resumes, and reads the status of an execution", async () => {
    const workflowId = await workflows.startWorkflow({
      name: simpleWf,
      version: 1,
      input: { who: "ada" },
      correlationId: `corr-${id}`,
    });
    expect(workflowId).toMatch(/^[0-9a-f-]{36}$/);
    const wf = await workflows.getWorkflow(workflowId);
    expect(wf).toMatchObject({
      workflowId,
      workflowName: simpleWf,
      status: "RUNNING",
      correlationId: `corr-${id}`,
      input: { who: "ada" },
    });
    expect(wf.tasks?.[0]).toMatchObject({ referenceTaskName: "simple_ref", status: "SCHEDULED" });
    expect((await workflows.getWorkflow(workflowId, { includeTasks: false })).tasks ?? []).toEqual([]);

    await workflows.pauseWorkflow(workflowId);
    expect(await status(workflowId)).toBe("PAUSED");
    await workflows.resumeWorkflow(workflowId);
    expect(await status(workflowId)).toBe("RUNNING");

    const summary = await workflows.getWorkflowStatus(workflowId, { includeOutput: true, includeVariables: true });
    expect(summary).toMatchObject({ workflowId, status: "RUNNING", correlationId: `corr-${id}` });

    const tasks = await workflows.getWorkflowTasks(workflowId, { status: ["SCHEDULED"] });
    expect(tasks.results.map((t) => t.referenceTaskName)).toEqual(["simple_ref"]);
    expect(await workflows.getRunningWorkflows(simpleWf, { version: 1 })).toContain(workflowId);
    await workflows.decide(workflowId);
    await workflows.resetCallbacks(workflowId);
    await workflows.terminateWorkflow(workflowId, { reason: "done testing" });
    const terminated = await workflows.getWorkflow(workflowId, { includeTasks: false });
    expect(terminated.status).toBe("TERMINATED");
    expect(terminated.reasonForIncompletion).toBe("done testing");
  });

  it("retries a failed execution, restarts a finished one and reruns from a task", async () => {
    const tasks = clients.getTaskClient();
    const workflowId = await workflows.startWorkflow({ name: simpleWf, input: { who: "bob" } });
    const first = (await workflows.getWorkflow(workflowId)).tasks![0]!;
    await tasks.updateTask({
      taskId: first.taskId!,
      workflowInstanceId: workflowId,
      status: "FAILED",
      reasonForIncompletion: "boom",
    });
    await waitStatus(workflowId, "FAILED");

    await workflows.retryWorkflow(workflowId, { resumeSubworkflowTasks: false });
    const retried = await workflows.getWorkflow(workflowId);
    expect(retried.status).toBe("RUNNING");
    expect(retried.tasks!.filter((t) => t.referenceTaskName === "simple_ref").map((t) => t.status)).toEqual([
      "FAILED",
      "SCHEDULED",
    ]);

    await tasks.updateTaskByRefName(workflowId, "simple_ref", "COMPLETED", { result: 42 });
    const done = await waitStatus(workflowId, "COMPLETED").then(() => workflows.getWorkflow(workflowId));
    expect(done.output).toEqual({ result: 42 });

    await workflows.restartWorkflow(workflowId, { useLatestDefinitions: true });
    const restarted = await workflows.getWorkflow(workflowId);
    expect(restarted.status).toBe("RUNNING");
    expect(restarted.tasks).toHaveLength(1);

    // Rerun needs a finished execution.
    await workflows.terminateWorkflow(workflowId, { reason: "before rerun" });
    const scheduled = restarted.tasks![0]!;
    const rerunId = await workflows.rerunWorkflow(workflowId, {
      reRunFromTaskId: scheduled.taskId,
      workflowInput: { who: "carol" },
    });
    expect(rerunId).toBe(workflowId);
    expect((await workflows.getWorkflow(workflowId)).input).toEqual({ who: "carol" });
    await workflows.terminateWorkflow(workflowId);
  });

  it("skips a task that is not reached yet so the execution moves past it", async () => {
    const workflowId = await workflows.startWorkflow({ name: twoStepWf, input: {} });
    await workflows.skipTaskFromWorkflow(workflowId, "second_ref");
    await clients.getTaskClient().updateTaskByRefName(workflowId, "first_ref", "COMPLETED", {});
    const wf = await waitStatus(workflowId, "COMPLETED").then(() => workflows.getWorkflow(workflowId));
    expect(Object.fromEntries(wf.tasks!.map((t) => [t.referenceTaskName, t.status]))).toEqual({
      first_ref: "COMPLETED",
      second_ref: "SKIPPED",
    });
    // A task that already ran cannot be skipped: the server's message comes through.
    await expect(workflows.skipTaskFromWorkflow(workflowId, "first_ref")).rejects.toThrow(/cannot be skipped/);
  });

  it("executes synchronously and tests with mocks", async () => {
    const run = await workflows.executeWorkflow(
      { name: inlineWf, input: { who: "grace" } },
      { waitForSeconds: 10, requestId: `req-${id}` },
    );
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ greeting: "hello grace" });
    expect(run.workflowId).toMatch(/^[0-9a-f-]{36}$/);

    // Waiting on a task that never finishes answers with the running state.
    const waiting = await workflows.executeWorkflow(
      { name: simpleWf, version: 1, input: {} },
      { waitUntilTaskRef: "simple_ref", waitForSeconds: 1 },
    );
    expect(waiting.status).toBe("RUNNING");
    await workflows.terminateWorkflow(waiting.workflowId);

    const tested = await workflows.testWorkflow({
      name: simpleWf,
      version: 1,
      input: { who: "mock" },
      taskRefToMockOutput: { simple_ref: [{ status: "COMPLETED", output: { result: "mocked" } }] },
    });
    expect(tested.status).toBe("COMPLETED");
    expect(tested.output).toEqual({ result: "mocked" });
  });

  it("finds executions by correlation id and by search, paging through all results", async () => {
    const correlationId = `find-${id}`;
    const ids = await Promise.all(
      [1, 2, 3].map(() => workflows.startWorkflow({ name: simpleWf, correlationId, input: {} })),
    );
    const byIds = await workflows.getByCorrelationIds(simpleWf, [correlationId, "nobody"], { includeClosed: true });
    expect(byIds[correlationId]!.map((w) => w.workflowId).sort()).toEqual([...ids].sort());
    expect(byIds.nobody ?? []).toEqual([]);
    const one = await workflows.getByCorrelationId(simpleWf, correlationId, { includeTasks: true });
    expect(one).toHaveLength(3);
    expect(one[0]!.tasks!.length).toBeGreaterThan(0);

    const query = `correlationId = '${correlationId}' AND status IN (RUNNING)`;
    const page = await eventually(
      () => workflows.search({ query, size: 10 }),
      (p) => p.totalHits === 3,
      "search index",
    );
    expect(page.results.map((r) => r.workflowId).sort()).toEqual([...ids].sort());
    const all: string[] = [];
    for await (const summary of workflows.searchAll({ query, size: 2 })) all.push(summary.workflowId!);
    expect(all.sort()).toEqual([...ids].sort());

    const byType = await workflows.search({
      query: `workflowType = '${simpleWf}' AND status IN (RUNNING)`,
      size: 100,
      sort: "startTime:DESC",
    });
    expect(byType.totalHits).toBeGreaterThanOrEqual(3);
    await workflows.bulk.terminateWorkflows(ids, { reason: "cleanup" });
  });

  it("runs the bulk operations", async () => {
    const ids = await Promise.all([1, 2].map(() => workflows.startWorkflow({ name: simpleWf, input: {} })));
    const paused = await workflows.bulk.pauseWorkflows(ids);
    expect(paused.bulkSuccessfulResults.sort()).toEqual([...ids].sort());
    expect(await status(ids[0]!)).toBe("PAUSED");
    expect((await workflows.bulk.resumeWorkflows(ids)).bulkSuccessfulResults).toHaveLength(2);
    expect(await status(ids[0]!)).toBe("RUNNING");
    const fetched = await workflows.getWorkflows(ids, { includeTasks: false });
    expect(fetched.map((w: Workflow) => w.workflowId).sort()).toEqual([...ids].sort());
    const terminated = await workflows.bulk.terminateWorkflows([...ids, "no-such-id"], { reason: "bulk" });
    expect(terminated.bulkSuccessfulResults.sort()).toEqual([...ids].sort());
    expect(Object.keys(terminated.bulkErrorResults)).toEqual(["no-such-id"]);
    expect((await workflows.bulk.retryWorkflows(ids)).bulkSuccessfulResults.sort()).toEqual([...ids].sort());
    expect(await status(ids[0]!)).toBe("RUNNING");
    await workflows.bulk.terminateWorkflows(ids);
    expect(
      (await workflows.bulk.restartWorkflows(ids, { useLatestDefinitions: false })).bulkSuccessfulResults,
    ).toHaveLength(2);
    expect(await status(ids[0]!)).toBe("RUNNING");
    // The server lists the id once for the termination and once for the removal.
    const removed = await workflows.bulk.terminateAndDeleteWorkflows([ids[0]!], { reason: "bulk-remove" });
    expect([...new Set(removed.bulkSuccessfulResults)]).toEqual([ids[0]]);
    await workflows.terminateWorkflow(ids[1]!);
    expect((await workflows.bulk.deleteWorkflows([ids[1]!], { archiveWorkflow: false })).bulkSuccessfulResults).toEqual(
      [ids[1]],
    );
    for (const workflowId of ids) {
      await expect(workflows.getWorkflow(workflowId)).rejects.toMatchObject({ status: 404 });
    }
  });

  it("deletes executions, alone or with termination", async () => {
    const a = await workflows.startWorkflow({ name: simpleWf, input: {} });
    await workflows.terminateAndDeleteWorkflow(a, { reason: "gone" });
    await expect(workflows.getWorkflow(a)).rejects.toMatchObject({ status: 404 });
    const b = await workflows.startWorkflow({ name: simpleWf, input: {} });
    await workflows.terminateWorkflow(b);
    await workflows.deleteWorkflow(b, { archiveWorkflow: false });
    await expect(workflows.getWorkflow(b)).rejects.toMatchObject({ status: 404 });
  });

  it("reports errors as ConductorError with the server's status and message", async () => {
    const missing = (await workflows.getWorkflow(`missing-${id}`).catch((e: unknown) => e)) as ConductorError;
    expect(missing).toBeInstanceOf(ConductorError);
    expect(missing.status).toBe(404);
    expect(missing.code).toBe("HTTP");
    expect(missing.operation).toBe("workflow.getWorkflow");
    expect(missing.serverMessage).toContain(`missing-${id}`);
    expect(missing.message).toContain(`HTTP 404 Not Found from GET /api/workflow/missing-${id}`);

    await expect(workflows.startWorkflow({ name: `no_such_wf_${id}` })).rejects.toMatchObject({ status: 404 });
    await expect(workflows.pauseWorkflow(`missing-${id}`)).rejects.toMatchObject({ status: 404 });
    await expect(workflows.getWorkflow("")).rejects.toBeInstanceOf(InvalidArgumentError);
    // A blank name is the server's to judge, and it says what is wrong.
    const blank = await workflows.startWorkflow({ name: " " }).catch((e: unknown) => e);
    expect(blank).toBeInstanceOf(ValidationError);
    expect(blank).toMatchObject({
      status: 400,
      serverMessage: "Workflow name must be specified when searching for a definition",
    });
  });

  it("says clearly that Conductor OSS cannot update variables of a running execution", async () => {
    const workflowId = await workflows.startWorkflow({ name: simpleWf, input: {} });
    const error = await workflows.updateVariables(workflowId, { stage: "two" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect((error as UnsupportedOperationError).code).toBe("UNSUPPORTED");
    expect((error as Error).message).toContain("SET_VARIABLE");
    await workflows.terminateWorkflow(workflowId);
  });
});

describe("WorkflowExecutor", () => {
  it("registers (409 without overwrite), starts, executes and manages executions", async () => {
    const conflict = (await executor.registerWorkflow(inlineDef).catch((e: unknown) => e)) as ConductorError;
    expect(conflict).toBeInstanceOf(ConductorError);
    expect(conflict.status).toBe(409);
    await executor.registerWorkflow({ ...inlineDef, description: "overwritten" }, { overwrite: true });

    const run = await executor.executeWorkflow(
      { name: inlineWf, version: 1, input: { who: "lin" }, correlationId: `exec-${id}` },
      { waitForSeconds: 5 },
    );
    expect(run).toMatchObject({ status: "COMPLETED", output: { greeting: "hello lin" }, correlationId: `exec-${id}` });
    expect(run.tasks?.map((t) => t.referenceTaskName)).toEqual(["greet_ref"]);

    const [a, b] = await executor.startWorkflows([
      { name: simpleWf, input: { who: "a" } },
      { name: simpleWf, input: { who: "b" } },
    ]);
    expect((await executor.getWorkflow(a!, { includeTasks: false })).input).toEqual({ who: "a" });
    expect((await executor.getWorkflowStatus(b!)).status).toBe("RUNNING");
    await executor.pauseWorkflow(a!);
    expect((await executor.getWorkflowStatus(a!)).status).toBe("PAUSED");
    await executor.resumeWorkflow(a!);
    const task = (await executor.getWorkflow(a!)).tasks![0]!;
    expect((await executor.getTask(task.taskId!)).referenceTaskName).toBe("simple_ref");
    expect(await executor.updateTaskByRefName(a!, "simple_ref", "COMPLETED", { result: "x" })).toBe(task.taskId);
    expect((await executor.getWorkflowStatus(a!)).status).toBe("COMPLETED");
    await executor.restartWorkflow(a!);
    const after = await executor.updateTaskByRefNameSync(a!, "simple_ref", "FAILED", {});
    expect(after.status).toBe("FAILED");
    await executor.retryWorkflow(a!);
    expect((await executor.getWorkflowStatus(a!)).status).toBe("RUNNING");
    await executor.terminateWorkflow(a!, { reason: "enough" });
    expect(await executor.rerunWorkflow(a!, { workflowInput: { who: "again" } })).toBe(a);
    expect((await executor.getWorkflow(a!, { includeTasks: false })).input).toEqual({ who: "again" });
    await executor.terminateWorkflow(a!, { reason: "enough" });
    const two = await executor.startWorkflow({ name: twoStepWf });
    await executor.skipTaskFromWorkflow(two, "second_ref");
    await executor.updateTaskByRefName(two, "first_ref", "COMPLETED");
    await waitStatus(two, "COMPLETED");
    await executor.terminateWorkflow(b!, { reason: "enough" });
    const found = await executor.getByCorrelationIds(inlineWf, [`exec-${id}`], { includeClosed: true });
    expect(found[`exec-${id}`]!.map((w) => w.workflowId)).toEqual([run.workflowId]);
    const page = await eventually(
      () => executor.search({ query: `workflowType = '${inlineWf}'`, size: 5 }),
      (p) => p.totalHits >= 1,
      "executor search",
    );
    expect(page.results[0]!.workflowType).toBe(inlineWf);
    await executor.deleteWorkflow(b!);
    await expect(executor.getWorkflow(b!)).rejects.toMatchObject({ status: 404 });

    const tested = await executor.testWorkflow({ name: inlineWf, version: 1, input: { who: "t" } });
    expect(tested.output).toEqual({ greeting: "hello t" });
  });
});
