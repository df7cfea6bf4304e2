// The generated resource clients against the real server: at least one call per API group, and every
// JSON body the server returns is validated against the normalized spec (generated/openapi.json). A spec
// correction that the real server contradicts fails here.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createResources, type ConductorResources } from "../../generated/resources/index.js";
import type { components } from "../../generated/types.js";
import { Configuration } from "../../src/config/configuration.js";
import { ConductorError } from "../../src/errors/conductor-error.js";
import { Transport } from "../../src/transport/transport.js";
import { responseSchema, validate } from "../support/openapi-schema.js";

let api: ConductorResources;
const id = randomUUID().slice(0, 8);
const taskName = `gen_task_${id}`;
const workflowName = `gen_wf_${id}`;

/** Asserts a real response body fits the schema the spec declares for it. */
function fits(method: string, path: string, body: unknown, status = 200): void {
  expect(validate(responseSchema(method, path, status, "application/json"), body), `${method} ${path}`).toEqual([]);
}

beforeAll(async () => {
  api = createResources(new Transport(new Configuration({ serverUrl: inject("conductorApiUrl") })));
  await api.metadata.registerTaskDefs([
    { name: taskName, timeoutSeconds: 60, responseTimeoutSeconds: 30, retryCount: 0, ownerEmail: "sdk@example.com" },
  ]);
  await api.metadata.registerWorkflowDef(
    {
      name: workflowName,
      version: 1,
      timeoutSeconds: 120,
      ownerEmail: "sdk@example.com",
      tasks: [
        {
          name: taskName,
          taskReferenceName: "only_ref",
          type: "SIMPLE",
          inputParameters: { who: "${workflow.input.who}" },
        },
      ],
    },
    { overwrite: true },
  );
});

describe("generated clients on the real server", () => {
  it("health", async () => {
    const health = await api.health.health();
    fits("GET", "/health", health);
    expect(health.healthy).toBe(true);
    fits("GET", "/api/health", await api.health.apiHealth());
  });

  it("metadata: task and workflow definitions", async () => {
    const def = await api.metadata.getTaskDef(taskName);
    fits("GET", "/api/metadata/taskdefs/{tasktype}", def);
    expect(def.name).toBe(taskName);
    const wf = await api.metadata.getWorkflowDef(workflowName);
    fits("GET", "/api/metadata/workflow/{name}", wf);
    expect(wf.tasks[0]?.taskReferenceName).toBe("only_ref");
    const names = await api.metadata.getWorkflowNames();
    fits("GET", "/api/metadata/workflow/names", names);
    expect(names).toContain(workflowName);
    fits("GET", "/api/metadata/taskdefs", await api.metadata.getAllTaskDefs());
    fits("GET", "/api/metadata/workflow/{name}/versions", await api.metadata.getWorkflowDefVersions(workflowName));
    fits("GET", "/api/metadata/workflow", await api.metadata.getAllWorkflowDefs());
  });

  it("metadata: registering an existing workflow without overwrite is a 409 ConductorError", async () => {
    const error = await api.metadata
      .registerWorkflowDef({
        name: workflowName,
        version: 1,
        timeoutSeconds: 60,
        tasks: [{ name: taskName, taskReferenceName: "r", type: "SIMPLE" }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorError);
    expect((error as ConductorError).status).toBe(409);
  });

  it("workflow and task: start (text id), poll, log (text body), update (text), read back", async () => {
    const workflowId = await api.workflow.startWorkflow({
      name: workflowName,
      version: 1,
      input: { who: "generated" },
    });
    expect(workflowId).toMatch(/^[0-9a-f-]{36}$/);

    const tasks = await api.task.batchPollTasks(taskName, { workerid: "gen-test", count: 1, timeout: 2000 });
    fits("GET", "/api/tasks/poll/batch/{tasktype}", tasks);
    expect(tasks).toHaveLength(1);
    const task = tasks[0]!;
    expect(task.inputData).toEqual({ who: "generated" });

    expect(await api.task.getTaskLogs(task.taskId)).toBeUndefined();
    await api.task.addTaskLog(task.taskId, "plain text log line");
    const logs = await api.task.getTaskLogs(task.taskId);
    fits("GET", "/api/tasks/{taskId}/log", logs);
    expect(logs?.map((l) => l.log)).toEqual(["plain text log line"]);

    const result: components["schemas"]["TaskResult"] = {
      taskId: task.taskId,
      workflowInstanceId: workflowId,
      status: "COMPLETED",
      outputData: { greeting: "hello generated", list: [1, "two"] },
    };
    const updated = await api.task.updateTask(result);
    expect(updated).toBe(task.taskId);

    const run = await api.workflow.getWorkflow(workflowId, { includeTasks: true });
    fits("GET", "/api/workflow/{workflowId}", run);
    expect(run.status).toBe("COMPLETED");
    expect(run.tasks?.[0]?.outputData).toEqual({ greeting: "hello generated", list: [1, "two"] });
    fits("GET", "/api/tasks/{taskId}", await api.task.getTask(task.taskId));
    fits("GET", "/api/workflow/{workflowId}/status", await api.workflow.getWorkflowStatus(workflowId));
  });

  it("task: an empty single poll and an update-v2 with no next task come back undefined (204)", async () => {
    expect(await api.task.pollTask(`${taskName}_idle`)).toBeUndefined();
    const workflowId = await api.workflow.startWorkflow({ name: workflowName, input: { who: "v2" } });
    const [task] = await api.task.batchPollTasks(taskName, { count: 1, timeout: 2000 });
    const next = await api.task.updateTaskV2({
      taskId: task!.taskId,
      workflowInstanceId: workflowId,
      status: "COMPLETED",
      outputData: {},
    });
    expect(next).toBeUndefined();
  });

  it("workflow: search and an unknown id is a 404 ConductorError", async () => {
    const found = await api.workflow.search({ query: `workflowType = '${workflowName}'`, size: 5 });
    fits("GET", "/api/workflow/search", found);
    const error = await api.workflow.getWorkflow(randomUUID()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorError);
    expect((error as ConductorError).status).toBe(404);
  });

  it("task: queue sizes and poll data", async () => {
    fits("GET", "/api/tasks/queue/sizes", await api.task.getQueueSizes({ taskType: [taskName] }));
    fits("GET", "/api/tasks/queue/polldata", await api.task.getPollData({ taskType: taskName }));
  });

  it("bulk: pause and resume", async () => {
    const workflowId = await api.workflow.startWorkflow({ name: workflowName, input: { who: "bulk" } });
    const paused = await api.bulk.pauseWorkflows([workflowId]);
    fits("PUT", "/api/workflow/bulk/pause", paused);
    expect(paused.bulkSuccessfulResults).toEqual([workflowId]);
    fits("PUT", "/api/workflow/bulk/resume", await api.bulk.resumeWorkflows([workflowId]));
    await api.workflow.terminateWorkflow(workflowId, { reason: "test done" });
  });

  it("event handlers", async () => {
    const name = `gen_handler_${id}`;
    await api.event.registerEventHandler({
      name,
      event: `conductor:${workflowName}:done`,
      active: true,
      actions: [{ action: "complete_task", complete_task: { workflowId: "${workflowId}", taskRefName: "x" } }],
    });
    const handlers = await api.event.getEventHandlers();
    fits("GET", "/api/event", handlers);
    expect(handlers.map((h) => h.name)).toContain(name);
    await api.event.unregisterEventHandler(name);
  });

  it("scheduler", async () => {
    const name = `gen_schedule_${id}`;
    const saved = await api.scheduler.saveSchedule({
      name,
      cronExpression: "0 0 * * * ?",
      paused: true,
      startWorkflowRequest: { name: workflowName, version: 1 },
    });
    fits("POST", "/api/scheduler/schedules", saved);
    fits("GET", "/api/scheduler/schedules/{name}", await api.scheduler.getSchedule(name));
    const next = await api.scheduler.computeNextFewSchedules({ cronExpression: "0 0 * * * ?", limit: 3 });
    fits("GET", "/api/scheduler/nextFewSchedules", next);
    expect(next).toHaveLength(3);
    await api.scheduler.deleteSchedule(name);
  });

  it("admin, queue admin, environment, secrets", async () => {
    fits("GET", "/api/admin/queues", await api.admin.getEventQueues());
    fits("GET", "/api/queue/", await api.queueAdmin.getQueueNames());
    fits("GET", "/api/queue/size", await api.queueAdmin.getQueueSizes());
    fits("GET", "/api/environment", await api.environment.getAllVariables());
    fits("GET", "/api/secrets", await api.secrets.listSecretNames());
  });
});
