// Pins the WorkflowTask JSON each builder produces, and that fromWorkflowDef gives it back unchanged.
import { InvalidArgumentError } from "../../../src/errors/index.js";
import { describe, expect, it } from "vitest";
import {
  BaseTask,
  ConductorWorkflow,
  DoWhileTask,
  DynamicForkTask,
  DynamicTask,
  EventTask,
  ExclusiveJoinTask,
  ForkTask,
  GenericTask,
  HttpTask,
  HumanTask,
  InlineTask,
  JavascriptTask,
  JoinTask,
  JsonJqTask,
  KafkaPublishTask,
  NoopTask,
  SetVariableTask,
  SimpleTask,
  StartWorkflowTask,
  SubWorkflowTask,
  SwitchTask,
  TerminateTask,
  WaitTask,
  taskFromJson,
  type WorkflowTask,
} from "../../../src/workflow/index.js";

function roundTrip(task: BaseTask): WorkflowTask {
  const json = task.toWorkflowTask();
  const rebuilt = taskFromJson(structuredClone(json), (def) => ConductorWorkflow.fromWorkflowDef(def));
  expect(rebuilt.constructor).toBe(task.constructor);
  expect(rebuilt.toWorkflowTask()).toEqual(json);
  return json;
}

describe("task JSON", () => {
  it("SIMPLE", () => {
    const t = new SimpleTask("get_user", "user", { id: "${workflow.input.id}" });
    expect(roundTrip(t)).toEqual({
      name: "get_user",
      taskReferenceName: "user",
      type: "SIMPLE",
      inputParameters: { id: "${workflow.input.id}" },
    });
  });

  it("common options: optional, description, start delay, cache, retry count, timeouts and retry embed a task definition", () => {
    const t = new SimpleTask(
      "work",
      "w",
      {},
      {
        description: "does work",
        optional: true,
        startDelay: 5,
        asyncComplete: false,
        rateLimited: true,
        permissive: true,
        retryCount: 2,
        cacheConfig: { key: "${workflow.input.id}", ttlInSecond: 60 },
        timeouts: { timeoutSeconds: 120, pollTimeoutSeconds: 30, timeoutPolicy: "RETRY" },
        retry: { retryCount: 2, retryLogic: "EXPONENTIAL_BACKOFF", retryDelaySeconds: 1, backoffScaleFactor: 2 },
        inputParameters: { extra: 1 },
      },
    );
    expect(roundTrip(t)).toEqual({
      name: "work",
      taskReferenceName: "w",
      type: "SIMPLE",
      inputParameters: { extra: 1 },
      description: "does work",
      optional: true,
      startDelay: 5,
      asyncComplete: false,
      rateLimited: true,
      permissive: true,
      retryCount: 2,
      cacheConfig: { key: "${workflow.input.id}", ttlInSecond: 60 },
      taskDefinition: {
        name: "work",
        retryCount: 2,
        retryLogic: "EXPONENTIAL_BACKOFF",
        retryDelaySeconds: 1,
        backoffScaleFactor: 2,
        timeoutPolicy: "RETRY",
        timeoutSeconds: 120,
        pollTimeoutSeconds: 30,
        // kept within timeoutSeconds, which the server requires
        responseTimeoutSeconds: 120,
      },
    });
  });

  it("only timeouts still writes out the server's retry defaults", () => {
    const def = new SimpleTask("t", "t", {}, { timeouts: { responseTimeoutSeconds: 10 } }).toWorkflowTask()
      .taskDefinition;
    expect(def).toEqual({
      name: "t",
      retryCount: 3,
      retryLogic: "FIXED",
      retryDelaySeconds: 60,
      timeoutPolicy: "TIME_OUT_WF",
      timeoutSeconds: 0,
      responseTimeoutSeconds: 10,
    });
  });

  it("withOptions and withInput are chainable and merge", () => {
    const t = new SimpleTask("a", "a")
      .withInput("x", 1)
      .withOptions({ optional: true, name: "b", inputParameters: { y: 2 } });
    expect(t.toWorkflowTask()).toEqual({
      name: "b",
      taskReferenceName: "a",
      type: "SIMPLE",
      inputParameters: { x: 1, y: 2 },
      optional: true,
    });
  });

  it("expressions", () => {
    const t = new SimpleTask("a", "ref");
    expect(t.output()).toBe("${ref.output}");
    expect(t.output("user.name")).toBe("${ref.output.user.name}");
    expect(t.output("[0]")).toBe("${ref.output[0]}");
    expect(t.input("id")).toBe("${ref.input.id}");
    const wf = new ConductorWorkflow(undefined, "w");
    expect(wf.input("a.b")).toBe("${workflow.input.a.b}");
    expect(wf.input()).toBe("${workflow.input}");
    expect(wf.variable("count")).toBe("${workflow.variables.count}");
    expect(wf.attribute("workflowId")).toBe("${workflow.workflowId}");
    expect(wf.output("x")).toBe("${workflow.output.x}");
  });

  it("HTTP", () => {
    const t = new HttpTask("call", {
      uri: "http://127.0.0.1:1/x",
      method: "POST",
      body: { a: 1 },
      headers: { "x-k": "v" },
      readTimeOut: 2000,
    });
    expect(roundTrip(t)).toEqual({
      name: "call",
      taskReferenceName: "call",
      type: "HTTP",
      inputParameters: {
        http_request: {
          uri: "http://127.0.0.1:1/x",
          method: "POST",
          body: { a: 1 },
          headers: { "x-k": "v" },
          readTimeOut: 2000,
        },
      },
    });
    expect(new HttpTask("g", "http://h/").toWorkflowTask().inputParameters).toEqual({
      http_request: { uri: "http://h/", method: "GET" },
    });
  });

  it("INLINE with graaljs by default, javascript on request; JavascriptTask is the same class", () => {
    const t = new InlineTask("js", "$.a + 1", { a: 1 });
    expect(roundTrip(t)).toEqual({
      name: "js",
      taskReferenceName: "js",
      type: "INLINE",
      inputParameters: { a: 1, evaluatorType: "graaljs", expression: "$.a + 1" },
    });
    const old = new JavascriptTask("js2", "$.a", {}, { evaluatorType: "javascript" });
    expect(old).toBeInstanceOf(InlineTask);
    expect(roundTrip(old).inputParameters).toEqual({ evaluatorType: "javascript", expression: "$.a" });
  });

  it("JSON_JQ_TRANSFORM", () => {
    expect(roundTrip(new JsonJqTask("jq", ".a | length", { a: [1] }))).toEqual({
      name: "jq",
      taskReferenceName: "jq",
      type: "JSON_JQ_TRANSFORM",
      inputParameters: { a: [1], queryExpression: ".a | length" },
    });
  });

  it("SWITCH with value-param", () => {
    const t = new SwitchTask("sw", "${workflow.input.kind}")
      .switchCase("a", new NoopTask("na"))
      .switchCase(2, new NoopTask("n2"))
      .defaultCase(new NoopTask("nd"));
    expect(roundTrip(t)).toEqual({
      name: "sw",
      taskReferenceName: "sw",
      type: "SWITCH",
      inputParameters: { switchCaseValue: "${workflow.input.kind}" },
      evaluatorType: "value-param",
      expression: "switchCaseValue",
      decisionCases: {
        a: [{ name: "na", taskReferenceName: "na", type: "NOOP", inputParameters: {} }],
        "2": [{ name: "n2", taskReferenceName: "n2", type: "NOOP", inputParameters: {} }],
      },
      defaultCase: [{ name: "nd", taskReferenceName: "nd", type: "NOOP", inputParameters: {} }],
    });
  });

  it("SWITCH with a graaljs or javascript evaluator", () => {
    const t = new SwitchTask("sw", "$.n > 10 ? 'big' : 'small'", {
      evaluatorType: "graaljs",
      inputParameters: { n: "${workflow.input.n}" },
    }).switchCase("big", new NoopTask("b"));
    const json = roundTrip(t);
    expect(json).toMatchObject({
      evaluatorType: "graaljs",
      expression: "$.n > 10 ? 'big' : 'small'",
      inputParameters: { n: "${workflow.input.n}" },
      defaultCase: [],
    });
    expect(new SwitchTask("s2", "$.x", { evaluatorType: "javascript" }).toWorkflowTask().evaluatorType).toBe(
      "javascript",
    );
  });

  it("FORK_JOIN with three branches and its JOIN", () => {
    const fork = new ForkTask("f", [
      [new NoopTask("a1"), new NoopTask("a2")],
      [new NoopTask("b")],
      [new NoopTask("c")],
    ]);
    const json = roundTrip(fork);
    expect(json.type).toBe("FORK_JOIN");
    expect(json.forkTasks?.map((b) => b.map((t) => t.taskReferenceName))).toEqual([["a1", "a2"], ["b"], ["c"]]);
    expect(roundTrip(fork.join())).toEqual({
      name: "f_join",
      taskReferenceName: "f_join",
      type: "JOIN",
      inputParameters: {},
      joinOn: ["a2", "b", "c"],
    });
  });

  it("JOIN with a join script", () => {
    const json = roundTrip(new JoinTask("j", ["a"], { expression: "true" }));
    expect(json).toEqual({
      name: "j",
      taskReferenceName: "j",
      type: "JOIN",
      inputParameters: {},
      joinOn: ["a"],
      expression: "true",
      evaluatorType: "graaljs",
    });
  });

  it("EXCLUSIVE_JOIN", () => {
    expect(roundTrip(new ExclusiveJoinTask("x", ["a", "b"], ["c"]))).toEqual({
      name: "x",
      taskReferenceName: "x",
      type: "EXCLUSIVE_JOIN",
      inputParameters: {},
      joinOn: ["a", "b"],
      defaultExclusiveJoinTask: ["c"],
    });
  });

  it("FORK_JOIN_DYNAMIC, both forms", () => {
    expect(roundTrip(new DynamicForkTask("df", "${prep.output.tasks}", "${prep.output.inputs}"))).toEqual({
      name: "df",
      taskReferenceName: "df",
      type: "FORK_JOIN_DYNAMIC",
      inputParameters: { dynamicTasks: "${prep.output.tasks}", dynamicTasksInput: "${prep.output.inputs}" },
      dynamicForkTasksParam: "dynamicTasks",
      dynamicForkTasksInputParamName: "dynamicTasksInput",
    });
    expect(
      roundTrip(DynamicForkTask.forEachInput("df2", "worker", "${workflow.input.items}", { taskType: "SIMPLE" })),
    ).toEqual({
      name: "df2",
      taskReferenceName: "df2",
      type: "FORK_JOIN_DYNAMIC",
      inputParameters: { forkTaskName: "worker", forkTaskInputs: "${workflow.input.items}", forkTaskType: "SIMPLE" },
    });
  });

  it("DO_WHILE and the fixed-iterations helper", () => {
    const loop = new DoWhileTask("loop", "$.loop['iteration'] < $.max", [new NoopTask("body")], {
      inputParameters: { max: 3 },
    });
    expect(roundTrip(loop)).toEqual({
      name: "loop",
      taskReferenceName: "loop",
      type: "DO_WHILE",
      inputParameters: { max: 3 },
      loopCondition: "$.loop['iteration'] < $.max",
      loopOver: [{ name: "body", taskReferenceName: "body", type: "NOOP", inputParameters: {} }],
    });
    const times = DoWhileTask.times("three", 3, [new NoopTask("b")]);
    expect(roundTrip(times)).toMatchObject({
      inputParameters: { iterations: 3 },
      loopCondition: "if ($.three['iteration'] < $.iterations) { true; } else { false; }",
    });
    expect(() => DoWhileTask.times("x", 0, [])).toThrow(InvalidArgumentError);
  });

  it("DO_WHILE over a list (forEach) with item() and index()", () => {
    const body = new InlineTask("shout", "$.item + '!'");
    const loop = DoWhileTask.forEach("each", "${workflow.input.list}", [body]);
    body.withInput("item", loop.item()).withInput("at", loop.index());
    expect(loop.item("id")).toBe("${each.output.loopItem.id}");
    expect(roundTrip(loop)).toEqual({
      name: "each",
      taskReferenceName: "each",
      type: "DO_WHILE",
      inputParameters: { items: "${workflow.input.list}" },
      loopCondition: "$.each['iteration'] < $.items.length",
      items: "${workflow.input.list}",
      loopOver: [
        {
          name: "shout",
          taskReferenceName: "shout",
          type: "INLINE",
          inputParameters: {
            evaluatorType: "graaljs",
            expression: "$.item + '!'",
            item: "${each.output.loopItem}",
            at: "${each.output.loopIndex}",
          },
        },
      ],
    });
    expect(() => DoWhileTask.forEach("x", "", [])).toThrow(InvalidArgumentError);
  });

  it("SUB_WORKFLOW by name and with an inline workflow", () => {
    expect(roundTrip(new SubWorkflowTask("sub", "child", 2, { taskToDomain: { a: "b" } }))).toEqual({
      name: "child",
      taskReferenceName: "sub",
      type: "SUB_WORKFLOW",
      inputParameters: {},
      subWorkflowParam: { name: "child", version: 2, taskToDomain: { a: "b" } },
    });
    const child = new ConductorWorkflow(undefined, "inline_child", 3).add(new NoopTask("n"));
    const json = roundTrip(new SubWorkflowTask("sub2", child, undefined, { inputParameters: { x: 1 } }));
    expect(json.subWorkflowParam).toEqual({
      name: "inline_child",
      version: 3,
      workflowDefinition: child.toWorkflowDef(),
    });
    const rebuilt = taskFromJson(json, (def) => ConductorWorkflow.fromWorkflowDef(def)) as SubWorkflowTask;
    expect(rebuilt.inlineWorkflow).toBeInstanceOf(ConductorWorkflow);
  });

  it("START_WORKFLOW", () => {
    expect(roundTrip(new StartWorkflowTask("st", "other", { a: 1 }, { version: 1, correlationId: "c" }))).toEqual({
      name: "st",
      taskReferenceName: "st",
      type: "START_WORKFLOW",
      inputParameters: { startWorkflow: { name: "other", input: { a: 1 }, version: 1, correlationId: "c" } },
    });
  });

  it("WAIT for a duration, until a date, until signalled", () => {
    expect(roundTrip(WaitTask.forDuration("w", "2s")).inputParameters).toEqual({ duration: "2s" });
    expect(roundTrip(WaitTask.until("u", new Date(Date.UTC(2030, 0, 2, 3, 4)))).inputParameters).toEqual({
      until: "2030-01-02 03:04 UTC",
    });
    expect(roundTrip(WaitTask.untilSignalled("s"))).toEqual({
      name: "s",
      taskReferenceName: "s",
      type: "WAIT",
      inputParameters: {},
    });
    expect(() => new WaitTask("x", { duration: "1s", until: "2030-01-01" })).toThrow(/either duration or until/);
    expect(() => WaitTask.forDuration("x", "soon")).toThrow(/not like/);
  });

  it("HUMAN, EVENT, TERMINATE, SET_VARIABLE, NOOP", () => {
    expect(roundTrip(new HumanTask("h", { form: "approve" }))).toEqual({
      name: "h",
      taskReferenceName: "h",
      type: "HUMAN",
      inputParameters: { form: "approve" },
    });
    expect(roundTrip(new EventTask("e", "conductor:q", { a: 1 }))).toEqual({
      name: "e",
      taskReferenceName: "e",
      type: "EVENT",
      inputParameters: { a: 1 },
      sink: "conductor:q",
    });
    expect(roundTrip(new TerminateTask("t", "FAILED", "bad", { x: 1 }))).toEqual({
      name: "t",
      taskReferenceName: "t",
      type: "TERMINATE",
      inputParameters: { terminationStatus: "FAILED", terminationReason: "bad", workflowOutput: { x: 1 } },
    });
    expect(roundTrip(new SetVariableTask("v", { n: 1 }))).toEqual({
      name: "v",
      taskReferenceName: "v",
      type: "SET_VARIABLE",
      inputParameters: { n: 1 },
    });
    expect(roundTrip(new NoopTask("n"))).toEqual({
      name: "n",
      taskReferenceName: "n",
      type: "NOOP",
      inputParameters: {},
    });
  });

  it("KAFKA_PUBLISH", () => {
    expect(
      roundTrip(
        new KafkaPublishTask("k", { topic: "t", value: { a: 1 }, bootStrapServers: "127.0.0.1:9092", key: "k1" }),
      ),
    ).toEqual({
      name: "k",
      taskReferenceName: "k",
      type: "KAFKA_PUBLISH",
      inputParameters: {
        kafka_request: { topic: "t", value: { a: 1 }, bootStrapServers: "127.0.0.1:9092", key: "k1" },
      },
    });
  });

  it("DYNAMIC", () => {
    expect(roundTrip(new DynamicTask("d", "${workflow.input.task}"))).toEqual({
      name: "d",
      taskReferenceName: "d",
      type: "DYNAMIC",
      inputParameters: { taskToExecute: "${workflow.input.task}" },
      dynamicTaskNameParam: "taskToExecute",
    });
  });

  it("unknown task types become GenericTask and keep every field", () => {
    const json = {
      name: "old",
      taskReferenceName: "l",
      type: "LAMBDA",
      inputParameters: { scriptExpression: "return 1" },
      somethingNew: { a: 1 },
    };
    const t = taskFromJson(json as WorkflowTask, (def) => ConductorWorkflow.fromWorkflowDef(def));
    expect(t).toBeInstanceOf(GenericTask);
    expect(t.toWorkflowTask()).toEqual(json);
  });

  it("server-filled defaults and unmodelled fields survive a round trip", () => {
    const fromServer = {
      name: "w",
      taskReferenceName: "w",
      type: "SIMPLE",
      inputParameters: {},
      optional: false,
      startDelay: 0,
      asyncComplete: false,
      permissive: false,
      decisionCases: {},
      defaultCase: [],
      forkTasks: [],
      joinOn: [],
      loopOver: [],
      defaultExclusiveJoinTask: [],
      onStateChange: {},
    } as WorkflowTask;
    expect(
      taskFromJson(structuredClone(fromServer), (d) => ConductorWorkflow.fromWorkflowDef(d)).toWorkflowTask(),
    ).toEqual(fromServer);
    const noInput = { name: "x", taskReferenceName: "x", type: "NOOP" } as WorkflowTask;
    expect(taskFromJson(noInput, (d) => ConductorWorkflow.fromWorkflowDef(d)).toWorkflowTask()).toEqual(noInput);
  });
});
