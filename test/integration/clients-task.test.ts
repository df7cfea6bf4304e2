// TaskClient against the real server: polling, updates, logs, queues, signals, search.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ConductorClients, type TaskClient, type WorkflowClient } from "../../src/clients/index.js";
import { Configuration, silentLogger } from "../../src/config/index.js";
import { ConductorError } from "../../src/errors/index.js";
import { eventually } from "../support/eventually.js";

const id = randomUUID().slice(0, 8);
const taskType = `ct_task_${id}`;
const workerTaskWf = `ct_simple_${id}`;
const waitWf = `ct_wait_${id}`;
let tasks: TaskClient;
let workflows: WorkflowClient;

beforeAll(async () => {
  const clients = new ConductorClients(
    new Configuration({ serverUrl: inject("conductorApiUrl"), logger: silentLogger }),
  );
  tasks = clients.getTaskClient();
  workflows = clients.getWorkflowClient();
  const metadata = clients.getMetadataClient();
  await metadata.registerTaskDef({
    name: taskType,
    retryCount: 0,
    timeoutSeconds: 300,
    responseTimeoutSeconds: 120,
    ownerEmail: "sdk@example.com",
  });
  await metadata.registerWorkflowDef(
    {
      name: workerTaskWf,
      version: 1,
      timeoutSeconds: 600,
      ownerEmail: "sdk@example.com",
      tasks: [
        {
          name: taskType,
          taskReferenceName: "work_ref",
          type: "SIMPLE",
          inputParameters: { n: "${workflow.input.n}" },
        },
        { name: taskType, taskReferenceName: "more_ref", type: "SIMPLE" },
      ],
      outputParameters: { doubled: "${work_ref.output.doubled}" },
    },
    { overwrite: true },
  );
  await metadata.registerWorkflowDef(
    {
      name: waitWf,
      version: 1,
      timeoutSeconds: 600,
      ownerEmail: "sdk@example.com",
      tasks: [
        { name: "wait_one", taskReferenceName: "wait_one_ref", type: "WAIT" },
        { name: "wait_two", taskReferenceName: "wait_two_ref", type: "WAIT" },
      ],
      outputParameters: { first: "${wait_one_ref.output.answer}", second: "${wait_two_ref.output.answer}" },
    },
    { overwrite: true },
  );
});

describe("TaskClient", () => {
  it("polls, logs, extends the lease and completes a task", async () => {
    const workflowId = await workflows.startWorkflow({ name: workerTaskWf, input: { n: 21 } });
    expect(await tasks.getQueueSize({ taskType })).toBeGreaterThanOrEqual(1);
    expect((await tasks.getQueueSizes({ taskType: [taskType] }))[taskType]).toBeGreaterThanOrEqual(1);
    expect(Object.keys(await tasks.getAllQueueSizes())).toContain(taskType);

    const task = await eventually(
      () => tasks.pollTask(taskType, { workerid: `worker-${id}` }),
      (t) => t?.workflowInstanceId === workflowId || t === undefined,
      "a task",
    );
    expect(task).toBeDefined();
    expect(task!).toMatchObject({ taskType, status: "IN_PROGRESS", workerId: `worker-${id}`, inputData: { n: 21 } });
    expect(await tasks.pollTask(taskType)).toBeUndefined();

    // The server records its own host name as the poller, not the worker id it was sent.
    const pollData = await tasks.getPollData({ taskType });
    expect(pollData.map((p) => p.queueName)).toContain(taskType);
    expect(pollData[0]!.lastPollTime).toBeGreaterThan(Date.now() - 60_000);
    expect((await tasks.getAllPollData()).some((p) => p.queueName === taskType)).toBe(true);

    expect(await tasks.getTaskLogs(task!.taskId!)).toEqual([]);
    await tasks.addTaskLog(task!.taskId!, "halfway there");
    expect((await tasks.getTaskLogs(task!.taskId!)).map((l) => l.log)).toEqual(["halfway there"]);

    expect(await tasks.extendLease(task!.taskId!, workflowId)).toBe(task!.taskId);
    expect(
      await tasks.updateTask({
        taskId: task!.taskId!,
        workflowInstanceId: workflowId,
        status: "COMPLETED",
        outputData: { doubled: 42 },
        workerId: `worker-${id}`,
      }),
    ).toBe(task!.taskId);
    const got = await tasks.getTask(task!.taskId!);
    expect(got).toMatchObject({ status: "COMPLETED", outputData: { doubled: 42 } });

    // The next task is scheduled; update-v2 reports it and hands over the next one of the type, if any.
    const [more] = await eventually(
      () => tasks.batchPollTasks(taskType, { count: 1, timeout: 500, workerid: "w2" }),
      (l) => l.length === 1,
      "second task",
    );
    expect(more!.referenceTaskName).toBe("more_ref");
    const next = await tasks.updateTaskV2({
      taskId: more!.taskId!,
      workflowInstanceId: workflowId,
      status: "COMPLETED",
    });
    expect(next).toBeUndefined();
    const done = await eventually(
      () => workflows.getWorkflow(workflowId, { includeTasks: false }),
      (w) => w.status === "COMPLETED",
      "completion",
    );
    expect(done.output).toEqual({ doubled: 42 });
  });

  it("batch polls several tasks with a long poll and requeues pending ones", async () => {
    const ids = await Promise.all([1, 2, 3].map((n) => workflows.startWorkflow({ name: workerTaskWf, input: { n } })));
    const started = Date.now();
    const batch = await tasks.batchPollTasks(taskType, { count: 3, timeout: 2_000, workerid: "batch" });
    expect(batch.length).toBeGreaterThanOrEqual(1);
    expect(batch.every((t) => ids.includes(t.workflowInstanceId!))).toBe(true);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(typeof (await tasks.requeuePendingTasks(taskType))).toBe("string");
    await workflows.bulk.terminateWorkflows(ids);
  });

  it("update-v2 hands over the next task of the same type", async () => {
    const workflowId = await workflows.startWorkflow({ name: workerTaskWf, input: { n: 3 } });
    const [first] = await eventually(
      () => tasks.batchPollTasks(taskType, { count: 1, timeout: 500, workerid: "v2" }),
      (l) => l.length === 1,
      "first task",
    );
    expect(first!.workflowInstanceId).toBe(workflowId);
    const next = await tasks.updateTaskV2({
      taskId: first!.taskId!,
      workflowInstanceId: workflowId,
      status: "COMPLETED",
      outputData: { doubled: 6 },
      workerId: "v2",
    });
    // Completing work_ref schedules more_ref, which the same call already hands over (IN_PROGRESS).
    expect(next).toMatchObject({
      workflowInstanceId: workflowId,
      referenceTaskName: "more_ref",
      status: "IN_PROGRESS",
    });
    await workflows.terminateWorkflow(workflowId);
  });

  it("updates tasks by reference name, with and without the resulting workflow", async () => {
    const workflowId = await workflows.startWorkflow({ name: workerTaskWf, input: { n: 1 } });
    const taskId = await tasks.updateTaskByRefName(
      workflowId,
      "work_ref",
      "COMPLETED",
      { doubled: 2 },
      { workerid: "ext" },
    );
    expect(typeof taskId).toBe("string");
    const wf = await tasks.updateTaskByRefNameSync(workflowId, "more_ref", "COMPLETED", {});
    expect(wf.workflowId).toBe(workflowId);
    expect(wf.status).toBe("COMPLETED");
    expect(wf.output).toEqual({ doubled: 2 });
  });

  it("signals the blocking task, asynchronously and synchronously", async () => {
    const workflowId = await workflows.startWorkflow({ name: waitWf, input: {} });
    await tasks.signal(workflowId, "COMPLETED", { answer: "one" });
    await eventually(
      () => workflows.getWorkflow(workflowId),
      (w) =>
        w.tasks?.find((t) => t.referenceTaskName === "wait_one_ref")?.status === "COMPLETED" &&
        (w.tasks?.length ?? 0) === 2,
      "first wait to complete",
    );
    const run = await tasks.signalSync(
      workflowId,
      "COMPLETED",
      { answer: "two" },
      { returnStrategy: "TARGET_WORKFLOW" },
    );
    expect(run.workflowId).toBe(workflowId);
    const wf = await eventually(
      () => workflows.getWorkflow(workflowId, { includeTasks: false }),
      (w) => w.status === "COMPLETED",
      "completion",
    );
    expect(wf.output).toEqual({ first: "one", second: "two" });
  });

  it("searches tasks", async () => {
    // This server indexes a task when it is updated, not when it is scheduled: cancel it first.
    const workflowId = await workflows.startWorkflow({ name: workerTaskWf, input: { n: 5 } });
    await workflows.terminateWorkflow(workflowId);
    const page = await eventually(
      () => tasks.search({ query: `taskType = '${taskType}'`, size: 200, sort: "updateTime:DESC" }),
      (p) => p.results.some((t) => t.workflowId === workflowId),
      "task search index",
    );
    expect(page.results.find((t) => t.workflowId === workflowId)).toMatchObject({
      taskType,
      workflowType: workerTaskWf,
      status: "CANCELED",
    });
  });

  it("reports errors from the server", async () => {
    const missing = (await tasks.getTask(`missing-${id}`).catch((e: unknown) => e)) as ConductorError;
    // The server answers 404 for an unknown task id.
    expect(missing).toBeInstanceOf(ConductorError);
    expect(missing.status).toBe(404);
    await expect(
      tasks.updateTask({ taskId: `missing-${id}`, workflowInstanceId: `missing-${id}`, status: "COMPLETED" }),
    ).rejects.toMatchObject({ status: 404, operation: "task.updateTask" });
  });
});
