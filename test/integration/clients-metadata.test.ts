// MetadataClient, EventClient and SchedulerClient against the real server.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ConductorClients, type TaskDef, type WorkflowDef } from "../../src/clients/index.js";
import { Configuration, silentLogger } from "../../src/config/index.js";
import { ConductorError } from "../../src/errors/index.js";

const id = randomUUID().slice(0, 8);
let clients: ConductorClients;

beforeAll(() => {
  clients = new ConductorClients(new Configuration({ serverUrl: inject("conductorApiUrl"), logger: silentLogger }));
});

function workflowDef(name: string, version: number, taskName: string): WorkflowDef {
  return {
    name,
    version,
    ownerEmail: "sdk@example.com",
    timeoutSeconds: 60,
    tasks: [{ name: taskName, taskReferenceName: "t_ref", type: "SIMPLE" }],
  };
}

describe("MetadataClient", () => {
  it("registers a task definition with every retry, timeout and rate-limit field and reads it back", async () => {
    const metadata = clients.getMetadataClient();
    const def: TaskDef = {
      name: `cm_task_with_retries_${id}`,
      description: "retries, timeouts and limits",
      retryCount: 3,
      retryLogic: "LINEAR_BACKOFF",
      retryDelaySeconds: 1,
      backoffScaleFactor: 2,
      concurrentExecLimit: 3,
      pollTimeoutSeconds: 60,
      timeoutSeconds: 120,
      responseTimeoutSeconds: 60,
      timeoutPolicy: "TIME_OUT_WF",
      rateLimitPerFrequency: 100,
      rateLimitFrequencyInSeconds: 10,
      inputKeys: ["a"],
      outputKeys: ["b"],
      ownerEmail: "sdk@example.com",
    };
    await metadata.registerTaskDef(def);
    const stored = await metadata.getTaskDef(def.name);
    const { ownerEmail: _owner, ...expected } = def;
    expect(stored).toMatchObject(expected);

    await metadata.updateTaskDef({ ...def, retryCount: 5, retryLogic: "EXPONENTIAL_BACKOFF" });
    expect(await metadata.getTaskDef(def.name)).toMatchObject({ retryCount: 5, retryLogic: "EXPONENTIAL_BACKOFF" });

    const other = {
      name: `cm_other_${id}`,
      retryCount: 0,
      timeoutSeconds: 10,
      responseTimeoutSeconds: 5,
      ownerEmail: "sdk@example.com",
    };
    await metadata.registerTaskDefs([other]);
    const names = (await metadata.getAllTaskDefs()).map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining([def.name, other.name]));

    await metadata.unregisterTaskDef(other.name);
    await expect(metadata.getTaskDef(other.name)).rejects.toMatchObject({ status: 404 });
  });

  it("registers, versions, lists, validates and removes workflow definitions", async () => {
    const metadata = clients.getMetadataClient();
    const taskName = `cm_wtask_${id}`;
    const name = `cm_wf_${id}`;
    await metadata.registerTaskDef({
      name: taskName,
      timeoutSeconds: 60,
      responseTimeoutSeconds: 30,
      ownerEmail: "sdk@example.com",
    });
    await metadata.registerWorkflowDef(workflowDef(name, 1, taskName));

    // Registering the same name and version again without overwrite is a conflict.
    const conflict = (await metadata
      .registerWorkflowDef(workflowDef(name, 1, taskName))
      .catch((e: unknown) => e)) as ConductorError;
    expect(conflict).toBeInstanceOf(ConductorError);
    expect(conflict.status).toBe(409);
    expect(conflict.operation).toBe("metadata.registerWorkflowDef");
    await metadata.registerWorkflowDef(
      { ...workflowDef(name, 1, taskName), description: "v1 again" },
      { overwrite: true },
    );
    expect((await metadata.getWorkflowDef(name, { version: 1 })).description).toBe("v1 again");

    await metadata.updateWorkflowDef(workflowDef(name, 2, taskName));
    const bulk = await metadata.updateWorkflowDefs([{ ...workflowDef(name, 3, taskName), description: "three" }]);
    expect(bulk.bulkSuccessfulResults).toEqual([name]);
    expect((await metadata.getWorkflowDef(name)).version).toBe(3);
    expect((await metadata.getWorkflowDefVersions(name)).map((v) => v.version).sort()).toEqual([1, 2, 3]);
    expect(await metadata.getWorkflowNames()).toContain(name);
    expect(Object.keys(await metadata.getWorkflowNamesAndVersions())).toContain(name);
    expect((await metadata.getLatestWorkflowDefs()).find((d) => d.name === name)?.version).toBe(3);
    expect((await metadata.getAllWorkflowDefs()).filter((d) => d.name === name)).toHaveLength(3);

    await metadata.validateWorkflowDef(workflowDef(name, 4, taskName));
    const invalid = (await metadata
      .validateWorkflowDef({ name, version: 4, tasks: [] } as unknown as WorkflowDef)
      .catch((e: unknown) => e)) as ConductorError;
    expect(invalid).toBeInstanceOf(ConductorError);
    expect(invalid.status).toBe(400);
    expect(invalid.validationErrors.length + (invalid.serverMessage ? 1 : 0)).toBeGreaterThan(0);

    await metadata.unregisterWorkflowDef(name, 2);
    await expect(metadata.getWorkflowDef(name, { version: 2 })).rejects.toMatchObject({ status: 404 });
    const missing = (await metadata.getWorkflowDef(`cm_missing_${id}`).catch((e: unknown) => e)) as ConductorError;
    expect(missing.status).toBe(404);
  });
});

describe("EventClient", () => {
  it("registers, lists, updates and removes an event handler", async () => {
    const events = clients.getEventClient();
    const name = `ce_handler_${id}`;
    const event = `conductor:ce_wf_${id}:done`;
    await events.registerEventHandler({
      name,
      event,
      active: true,
      actions: [{ action: "start_workflow", start_workflow: { name: `ce_target_${id}`, input: { from: "event" } } }],
    });
    expect((await events.getEventHandlers()).map((h) => h.name)).toContain(name);
    const forEvent = await events.getEventHandlersForEvent(event);
    expect(forEvent.map((h) => h.name)).toEqual([name]);

    await events.updateEventHandler({ ...forEvent[0]!, active: false });
    expect(await events.getEventHandlersForEvent(event)).toEqual([]);
    expect((await events.getEventHandlersForEvent(event, { activeOnly: false }))[0]!.active).toBe(false);

    await events.unregisterEventHandler(name);
    expect((await events.getEventHandlers()).map((h) => h.name)).not.toContain(name);
    await expect(events.unregisterEventHandler(name)).rejects.toBeInstanceOf(ConductorError);
  });
});

describe("SchedulerClient", () => {
  it("saves, reads, pauses, resumes, searches and deletes schedules", async () => {
    const scheduler = clients.getSchedulerClient();
    const metadata = clients.getMetadataClient();
    const wfName = `cs_wf_${id}`;
    await metadata.registerWorkflowDef(
      {
        name: wfName,
        version: 1,
        timeoutSeconds: 60,
        ownerEmail: "sdk@example.com",
        tasks: [{ name: "noop", taskReferenceName: "noop_ref", type: "SET_VARIABLE", inputParameters: { x: 1 } }],
      },
      { overwrite: true },
    );
    const name = `cs_schedule_${id}`;
    const saved = await scheduler.saveSchedule({
      name,
      cronExpression: "0 0 3 1 1 ?",
      zoneId: "UTC",
      startWorkflowRequest: { name: wfName, version: 1, input: { scheduled: true } },
    });
    expect(saved.name).toBe(name);
    expect(await scheduler.getSchedule(name)).toMatchObject({ name, cronExpression: "0 0 3 1 1 ?" });
    expect((await scheduler.getAllSchedules({ workflowName: wfName })).map((s) => s.name)).toEqual([name]);

    await scheduler.pauseSchedule(name, { reason: "maintenance" });
    expect(await scheduler.getSchedule(name)).toMatchObject({ paused: true });
    await scheduler.resumeSchedule(name);
    expect((await scheduler.getSchedule(name)).paused).toBeFalsy();
    await scheduler.pauseSchedules([name]);
    expect((await scheduler.getSchedule(name)).paused).toBe(true);
    await scheduler.resumeSchedules([name]);
    expect((await scheduler.getSchedule(name)).paused).toBeFalsy();

    const next = await scheduler.getNextFewSchedules("0 0 12 * * ?", {
      limit: 3,
      scheduleStartTime: Date.UTC(2030, 0, 1),
    });
    expect(next).toEqual([Date.UTC(2030, 0, 1, 12), Date.UTC(2030, 0, 2, 12), Date.UTC(2030, 0, 3, 12)]);

    const found = await scheduler.searchSchedules({ workflowName: wfName });
    expect(found.results.map((s) => s.name)).toEqual([name]);
    expect(found.totalHits).toBe(1);
    const executions = await scheduler.searchExecutions({ scheduleNames: [name], states: ["EXECUTED", "FAILED"] });
    expect(executions.results).toEqual([]);

    await scheduler.deleteSchedule(name);
    await expect(scheduler.getSchedule(name)).rejects.toMatchObject({ status: 404 });
  });

  it("pauses and resumes all schedules and requeues execution records (admin)", async () => {
    const scheduler = clients.getSchedulerClient();
    expect(await scheduler.pauseAllSchedules()).toBeTypeOf("object");
    expect(await scheduler.resumeAllSchedules()).toBeTypeOf("object");
    expect(await scheduler.requeueAllExecutionRecords()).toBeTypeOf("object");
  });
});
