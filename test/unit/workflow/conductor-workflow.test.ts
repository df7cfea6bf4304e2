import { InvalidArgumentError } from "../../../src/errors/index.js";
import { describe, expect, it } from "vitest";
import {
  ConductorWorkflow,
  DoWhileTask,
  ForkTask,
  HttpTask,
  InlineTask,
  JoinTask,
  NoopTask,
  SimpleTask,
  SubWorkflowTask,
  SwitchTask,
  type StartWorkflowRequest,
  type WorkflowDef,
  type WorkflowExecutorPort,
  type WorkflowTestRequest,
} from "../../../src/workflow/index.js";
import { type ExecuteWorkflowOptions, WorkflowExecutor } from "../../../src/clients/index.js";
import { Configuration } from "../../../src/config/index.js";

class RecordingExecutor implements WorkflowExecutorPort {
  calls: { method: string; args: unknown[] }[] = [];
  async registerWorkflow(def: WorkflowDef, params?: { overwrite?: boolean }) {
    this.calls.push({ method: "registerWorkflow", args: [def, params] });
  }
  async startWorkflow(request: StartWorkflowRequest) {
    this.calls.push({ method: "startWorkflow", args: [request] });
    return "wf-id";
  }
  async executeWorkflow(request: StartWorkflowRequest, execution?: ExecuteWorkflowOptions) {
    this.calls.push({ method: "executeWorkflow", args: [request, execution] });
    return { workflowId: "wf-id", status: "COMPLETED", output: { ok: true } };
  }
  async testWorkflow(request: WorkflowTestRequest) {
    this.calls.push({ method: "testWorkflow", args: [request] });
    return { status: "COMPLETED" } as never;
  }
}

describe("ConductorWorkflow", () => {
  it("produces the WorkflowDef with every field users set", () => {
    const wf = new ConductorWorkflow(undefined, "orders", 3, "order flow");
    const a = new SimpleTask("a", "a", { id: wf.input("id") });
    wf.add(a)
      .outputParameters({ r: a.output("r") })
      .outputParameter("id", wf.input("id"))
      .inputParameters(["id"])
      .inputTemplate({ id: 0 })
      .variables({ count: 0 })
      .timeout(600, "ALERT_ONLY")
      .failureWorkflow("cleanup")
      .restartable(false)
      .ownerEmail("team@example.com")
      .workflowStatusListener(true, "conductor:status")
      .set("rateLimitConfig", { rateLimitKey: "${workflow.input.id}", concurrentExecLimit: 1 });
    expect(wf.toWorkflowDef()).toEqual({
      name: "orders",
      version: 3,
      description: "order flow",
      tasks: [a.toWorkflowTask()],
      inputParameters: ["id"],
      inputTemplate: { id: 0 },
      outputParameters: { r: "${a.output.r}", id: "${workflow.input.id}" },
      variables: { count: 0 },
      timeoutPolicy: "ALERT_ONLY",
      timeoutSeconds: 600,
      failureWorkflow: "cleanup",
      restartable: false,
      ownerEmail: "team@example.com",
      workflowStatusListenerEnabled: true,
      workflowStatusListenerSink: "conductor:status",
      schemaVersion: 2,
      rateLimitConfig: { rateLimitKey: "${workflow.input.id}", concurrentExecLimit: 1 },
    });
    expect(() => wf.set("tasks", [])).toThrow(/own setter/);
  });

  it("JSON.stringify of a workflow or task gives its definition", () => {
    const wf = new ConductorWorkflow(undefined, "w").add(new NoopTask("n"));
    expect(JSON.parse(JSON.stringify(wf))).toEqual(wf.toWorkflowDef());
    expect(JSON.parse(JSON.stringify(wf.tasks[0]))).toEqual(wf.tasks[0]!.toWorkflowTask());
  });

  it("defaults version to 1 and timeoutSeconds to 0", () => {
    expect(new ConductorWorkflow(undefined, "w").add(new NoopTask("n")).toWorkflowDef()).toMatchObject({
      version: 1,
      timeoutSeconds: 0,
      schemaVersion: 2,
    });
  });

  it("an array of branches adds FORK_JOIN then JOIN on each branch's last task, with unique refs", () => {
    const wf = new ConductorWorkflow(undefined, "w")
      .add([[new NoopTask("a1"), new NoopTask("a2")], [new NoopTask("b")], [new NoopTask("c")]])
      .add([[new NoopTask("d")], [new NoopTask("e")]]);
    const tasks = wf.toWorkflowDef().tasks;
    expect(tasks.map((t) => [t.type, t.taskReferenceName])).toEqual([
      ["FORK_JOIN", "fork_1"],
      ["JOIN", "fork_1_join"],
      ["FORK_JOIN", "fork_2"],
      ["JOIN", "fork_2_join"],
    ]);
    expect(tasks[0]!.forkTasks).toHaveLength(3);
    expect(tasks[1]!.joinOn).toEqual(["a2", "b", "c"]);
    expect(wf.validate()).toEqual([]);
    expect(() => wf.add([[{} as never]])).toThrow(InvalidArgumentError);
  });

  it("fromWorkflowDef rebuilds builder objects losslessly, including nested and inline sub-workflows", () => {
    const child = new ConductorWorkflow(undefined, "child").add(new InlineTask("c1", "1"));
    const sw = new SwitchTask("sw", "${workflow.input.k}")
      .switchCase("x", new NoopTask("x1"))
      .defaultCase(DoWhileTask.times("loop", 2, [new NoopTask("inside")]));
    const wf = new ConductorWorkflow(undefined, "parent", 2)
      .add(sw, [[new SubWorkflowTask("sub", child)], [new HttpTask("h", "http://127.0.0.1:1/")]])
      .variables({ a: 1 })
      .set("metadata", { team: "x" } as never);
    const def = wf.toWorkflowDef();
    const rebuilt = ConductorWorkflow.fromWorkflowDef(structuredClone(def));
    expect(rebuilt.toWorkflowDef()).toEqual(def);
    expect(rebuilt.tasks[0]).toBeInstanceOf(SwitchTask);
    expect(rebuilt.tasks[1]).toBeInstanceOf(ForkTask);
    expect(rebuilt.tasks[2]).toBeInstanceOf(JoinTask);
    expect((rebuilt.tasks[0] as SwitchTask).defaultTasks[0]).toBeInstanceOf(DoWhileTask);
    expect(rebuilt.allTasks().map((t) => t.taskReferenceName)).toEqual([
      "sw",
      "x1",
      "loop",
      "inside",
      "fork_1",
      "sub",
      "h",
      "fork_1_join",
    ]);
  });

  it("fromWorkflowDef keeps server-side fields and does not add ones the definition lacked", () => {
    const fromServer = {
      name: "w",
      description: "d",
      tasks: [{ name: "n", taskReferenceName: "n", type: "NOOP" }],
      createTime: 1,
      ownerEmail: "a@b.c",
      maskedFields: [],
      enforceSchema: true,
    } as unknown as WorkflowDef;
    expect(ConductorWorkflow.fromWorkflowDef(structuredClone(fromServer)).toWorkflowDef()).toEqual(fromServer);
    expect(() => ConductorWorkflow.fromWorkflowDef(null as never)).toThrow(InvalidArgumentError);
  });

  it("start sends the definition inline with the options; register validates first", async () => {
    const ex = new RecordingExecutor();
    const wf = new ConductorWorkflow(ex, "w", 2).add(new NoopTask("n"));
    await expect(wf.start({ a: 1 }, { correlationId: "c", priority: 5 })).resolves.toBe("wf-id");
    expect(ex.calls[0]).toEqual({
      method: "startWorkflow",
      args: [
        { name: "w", version: 2, input: { a: 1 }, correlationId: "c", priority: 5, workflowDef: wf.toWorkflowDef() },
      ],
    });
    await wf.start({}, { useRegisteredDefinition: true });
    expect(ex.calls[1]!.args[0]).toEqual({ name: "w", version: 2, input: {} });
    await wf.register({ overwrite: true });
    expect(ex.calls[2]).toEqual({ method: "registerWorkflow", args: [wf.toWorkflowDef(), { overwrite: true }] });
    await wf.register();
    expect(ex.calls[3]).toEqual({ method: "registerWorkflow", args: [wf.toWorkflowDef(), { overwrite: false }] });
  });

  it("execute passes waitUntilTaskRef / waitForSeconds; test wraps single mocks in lists", async () => {
    const ex = new RecordingExecutor();
    const wf = new ConductorWorkflow(ex, "w").add(new SimpleTask("s", "s"));
    await expect(wf.execute({ x: 1 }, { waitUntilTaskRef: "s", waitForSeconds: 3 })).resolves.toMatchObject({
      status: "COMPLETED",
    });
    expect(ex.calls[0]).toEqual({
      method: "executeWorkflow",
      args: [
        { name: "w", version: 1, input: { x: 1 }, workflowDef: wf.toWorkflowDef() },
        { waitUntilTaskRef: "s", waitForSeconds: 3 },
      ],
    });
    await wf.test({}, { mocks: { s: { status: "COMPLETED", output: { a: 1 } } } });
    expect(ex.calls[1]!.args[0]).toMatchObject({
      name: "w",
      taskRefToMockOutput: { s: [{ status: "COMPLETED", output: { a: 1 } }] },
    });
  });

  it("refuses to reach the server with an invalid workflow or without an executor", async () => {
    const ex = new RecordingExecutor();
    const bad = new ConductorWorkflow(ex, "bad");
    await expect(bad.start()).rejects.toThrow(/at least one task/);
    await expect(bad.register()).rejects.toThrow(/at least one task/);
    await expect(bad.execute()).rejects.toThrow(/at least one task/);
    expect(ex.calls).toEqual([]);
    await expect(new ConductorWorkflow(undefined, "w").add(new NoopTask("n")).start()).rejects.toThrow(/no executor/);
  });

  it("the SDK's WorkflowExecutor satisfies WorkflowExecutorPort", () => {
    const port: WorkflowExecutorPort = new WorkflowExecutor(
      new Configuration({ serverUrl: "http://127.0.0.1:1/api", env: {} }),
    );
    const wf = new ConductorWorkflow(port, "w").add(new NoopTask("n"));
    expect(wf.executor).toBe(port);
    for (const method of ["registerWorkflow", "startWorkflow", "executeWorkflow", "testWorkflow"] as const) {
      expect(typeof port[method]).toBe("function");
    }
  });

  it("forks nest inside fork branches and switch cases, and refs stay unique", () => {
    const inner = new ForkTask("inner", [[new NoopTask("i1")], [new NoopTask("i2")]]);
    const wf = new ConductorWorkflow(undefined, "nested")
      .add([[inner, inner.join(), new NoopTask("after_inner")], [new NoopTask("solo")]])
      .withVersion(4);
    const def = wf.toWorkflowDef();
    expect(def.version).toBe(4);
    expect(def.tasks[0]!.forkTasks![0]!.map((t) => t.taskReferenceName)).toEqual([
      "inner",
      "inner_join",
      "after_inner",
    ]);
    expect(def.tasks[1]!.joinOn).toEqual(["after_inner", "solo"]);
    expect(wf.validate()).toEqual([]);
    expect(ConductorWorkflow.fromWorkflowDef(structuredClone(def)).toWorkflowDef()).toEqual(def);
  });

  it("a user-chosen fork_N reference does not collide with the generated ones", () => {
    const wf = new ConductorWorkflow(undefined, "w")
      .add(new NoopTask("fork_1"))
      .add([[new NoopTask("a")], [new NoopTask("b")]]);
    expect(wf.toWorkflowDef().tasks.map((t) => t.taskReferenceName)).toEqual(["fork_1", "fork_2", "fork_2_join"]);
  });
});
