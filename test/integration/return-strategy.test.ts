// execute and signalSync with each returnStrategy against the real server. The parent runs a
// sub-workflow whose first WAIT blocks, so every strategy answers something different: the parent
// (TARGET_WORKFLOW), the sub-workflow (BLOCKING_WORKFLOW), or the WAIT task (BLOCKING_TASK[_INPUT]).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ConductorClients, isTaskRunResult, type ReturnStrategy } from "../../src/clients/index.js";
import { Configuration, silentLogger } from "../../src/config/index.js";
import { ConductorError } from "../../src/errors/index.js";
import { ConductorWorkflow } from "../../src/workflow/conductor-workflow.js";
import { SetVariableTask } from "../../src/workflow/tasks/set-variable-task.js";
import { SubWorkflowTask } from "../../src/workflow/tasks/sub-workflow-task.js";
import { WaitTask } from "../../src/workflow/tasks/wait-task.js";

const id = randomUUID().slice(0, 8);
let clients: ConductorClients;
let parent: ConductorWorkflow<{ x: number }, { x: number }>;

beforeAll(() => {
  clients = new ConductorClients(new Configuration({ serverUrl: inject("conductorApiUrl"), logger: silentLogger }));
  const child = new ConductorWorkflow(clients.getWorkflowExecutor(), `rs_child_${id}`, 1).add(
    new WaitTask("w1").withInput("step", "first"),
    new WaitTask("w2").withInput("step", "second"),
  );
  child.ownerEmail("sdk@example.com");
  parent = new ConductorWorkflow<{ x: number }, { x: number }>(clients.getWorkflowExecutor(), `rs_parent_${id}`, 1);
  parent
    .add(new SubWorkflowTask("sub", child))
    .outputParameters({ x: parent.input("x") })
    .ownerEmail("sdk@example.com");
});

/** The sub-workflow's id, read from the parent's SUB_WORKFLOW task. */
async function childOf(parentId: string): Promise<string> {
  const wf = await clients.getWorkflowClient().getWorkflow(parentId);
  const sub = wf.tasks?.find((t) => t.referenceTaskName === "sub");
  expect(sub?.subWorkflowId).toEqual(expect.any(String));
  return String(sub?.subWorkflowId);
}

describe("ConductorWorkflow.execute with returnStrategy", () => {
  it("TARGET_WORKFLOW (default) answers the started workflow, blocked in its sub-workflow", async () => {
    const run = await parent.execute({ x: 7 }, { waitForSeconds: 10 });
    expect(run.responseType).toBe("TARGET_WORKFLOW");
    expect(run.status).toBe("RUNNING");
    expect(run.signalTimeout).toBe(false);
    expect(run.targetWorkflowId).toBe(run.workflowId);
    expect(run.input).toMatchObject({ x: 7 }); // plus the _systemMetadata the server adds to inline definitions
    expect(run.tasks?.map((t) => t.referenceTaskName)).toEqual(["sub"]);
  });

  it("BLOCKING_WORKFLOW answers the sub-workflow holding the WAIT", async () => {
    const run = await parent.execute({ x: 1 }, { returnStrategy: "BLOCKING_WORKFLOW", waitForSeconds: 10 });
    expect(run.responseType).toBe("BLOCKING_WORKFLOW");
    expect(run.workflowId).not.toBe(run.targetWorkflowId);
    expect(run.workflowId).toBe(await childOf(String(run.targetWorkflowId)));
    expect(run.tasks?.map((t) => [t.referenceTaskName, t.status])).toEqual([["w1", "IN_PROGRESS"]]);
  });

  it.each(["BLOCKING_TASK", "BLOCKING_TASK_INPUT"] as const)("%s answers the blocking WAIT task", async (strategy) => {
    const run = await parent.execute({ x: 1 }, { returnStrategy: strategy, waitForSeconds: 10 });
    expect(run.responseType).toBe(strategy);
    expect(isTaskRunResult(run)).toBe(true);
    expect(run).toMatchObject({ taskType: "WAIT", referenceTaskName: "w1", status: "IN_PROGRESS" });
    expect(run.input).toMatchObject({ step: "first" });
    expect(run.workflowType).toBe(`rs_child_${id}`);
    expect(run.workflowId).toBe(await childOf(String(run.targetWorkflowId)));
    expect(run.targetWorkflowStatus).toBe("RUNNING");
  });

  it("a task strategy with nothing blocking is the server's HTTP 500 (its mapper returns null), thrown as ConductorError", async () => {
    const done = new ConductorWorkflow(clients.getWorkflowExecutor(), `rs_done_${id}`, 1)
      .add(new SetVariableTask("mark", { marked: true }))
      .ownerEmail("sdk@example.com");
    const plain = await done.execute({}, { waitForSeconds: 10 });
    expect(plain.status).toBe("COMPLETED");
    const failure = await done
      .execute({}, { returnStrategy: "BLOCKING_TASK", waitForSeconds: 3 })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConductorError);
    expect((failure as ConductorError).status).toBe(500);
  });
});

describe("WorkflowExecutor.executeWorkflow and TaskClient.signalSync with returnStrategy", () => {
  it("the executor's executeWorkflow answers the member per strategy", async () => {
    const start = { name: parent.name, version: 1, workflowDef: parent.toWorkflowDef(), input: { x: 2 } };
    const executor = clients.getWorkflowExecutor();
    const target = await executor.executeWorkflow(start, { returnStrategy: "TARGET_WORKFLOW" });
    const task = await executor.executeWorkflow(start, { returnStrategy: "BLOCKING_TASK" });
    expect(target.responseType).toBe("TARGET_WORKFLOW");
    expect(target.tasks?.[0]?.taskType).toBe("SUB_WORKFLOW");
    expect(task.responseType).toBe("BLOCKING_TASK");
    expect(task).toMatchObject({ taskType: "WAIT", referenceTaskName: "w1" });
  });

  const strategies: ReturnStrategy[] = ["TARGET_WORKFLOW", "BLOCKING_WORKFLOW", "BLOCKING_TASK", "BLOCKING_TASK_INPUT"];
  it.each(strategies)("signalSync %s: after w1 completes, w2 blocks", async (strategy) => {
    const started = await parent.execute({ x: 3 }, { waitForSeconds: 10 });
    const parentId = started.workflowId;
    const childId = await childOf(parentId);
    const answer = await clients
      .getTaskClient()
      .signalSync(parentId, "COMPLETED", { a: 1 }, { returnStrategy: strategy, timeoutMillis: 10_000 });
    expect(answer.responseType).toBe(strategy);
    expect(answer.targetWorkflowId).toBe(parentId);
    switch (answer.responseType) {
      case "TARGET_WORKFLOW":
        expect(answer.workflowId).toBe(parentId);
        expect(answer.tasks?.map((t) => t.referenceTaskName)).toEqual(["sub"]);
        break;
      case "BLOCKING_WORKFLOW":
        expect(answer.workflowId).toBe(childId);
        expect(answer.tasks?.map((t) => [t.referenceTaskName, t.status])).toEqual([
          ["w1", "COMPLETED"],
          ["w2", "IN_PROGRESS"],
        ]);
        break;
      case "BLOCKING_TASK":
      case "BLOCKING_TASK_INPUT":
        expect(answer).toMatchObject({ workflowId: childId, referenceTaskName: "w2", taskType: "WAIT" });
        expect(answer.input).toMatchObject({ step: "second" });
        break;
    }
  });
});
