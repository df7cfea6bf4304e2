import { describe, expect, it } from "vitest";
import {
  ConductorWorkflow,
  DoWhileTask,
  DynamicForkTask,
  EventTask,
  ExclusiveJoinTask,
  ForkTask,
  HttpTask,
  InlineTask,
  JoinTask,
  JsonJqTask,
  KafkaPublishTask,
  NoopTask,
  SimpleTask,
  StartWorkflowTask,
  SubWorkflowTask,
  SwitchTask,
  TerminateTask,
  WaitTask,
  WorkflowValidationError,
  validateWorkflowDef,
  type WorkflowDef,
} from "../../../src/workflow/index.js";
import { InvalidArgumentError, isConductorError } from "../../../src/errors/conductor-error.js";

function problems(wf: ConductorWorkflow) {
  return wf.validate().map((p) => `${p.path}: ${p.message}`);
}

describe("validation", () => {
  it("a well-formed workflow has no problems", () => {
    const wf = new ConductorWorkflow(undefined, "ok");
    const a = new SimpleTask("a", "a");
    wf.add(
      a,
      new InlineTask("js", "`x ${1}`", { v: a.output("v") }),
      new SwitchTask("sw", a.output("k")).switchCase("x", new NoopTask("n")),
    );
    wf.outputParameters({ v: a.output("v"), id: wf.attribute("workflowId") });
    expect(wf.validate()).toEqual([]);
  });

  it("reports every problem at once, with the path and reference of each task", async () => {
    const sw = new SwitchTask("sw", "${workflow.input.k}").switchCase(
      "approved",
      new SimpleTask("x", "dup"),
      new NoopTask(""),
    );
    const wf = new ConductorWorkflow(undefined, "broken").add(
      new SimpleTask("a", "dup"),
      sw,
      new SwitchTask("empty_switch", "x"),
      new ForkTask("f", [[new NoopTask("b1")], []]),
      new JoinTask("j", ["b1", "nope"]),
      new DoWhileTask("loop", "", []),
      new SubWorkflowTask("sub", ""),
      new SimpleTask("", "noname", { v: "${ghost.output.value}", w: "${workflow.input.ok}" }),
    );
    wf.outputParameters({ out: "${phantom.output}" });
    const list = problems(wf);
    expect(list).toEqual(
      expect.arrayContaining([
        'tasks[1].decisionCases.approved[0] (ref "dup"): duplicate reference name "dup" (first used at tasks[0])',
        "tasks[1].decisionCases.approved[1]: taskReferenceName is empty",
        "tasks[1].decisionCases.approved[1]: task name is empty",
        'tasks[2] (ref "empty_switch"): SWITCH has no cases (decisionCases is empty)',
        'tasks[3] (ref "f").forkTasks[1]: fork branch is empty',
        'tasks[4] (ref "j"): joinOn names "nope", which is not a task reference in this workflow',
        'tasks[5] (ref "loop"): DO_WHILE has no loopCondition',
        'tasks[5] (ref "loop"): DO_WHILE has no tasks to loop over (loopOver is empty)',
        'tasks[6] (ref "sub"): SUB_WORKFLOW has no workflow name (subWorkflowParam.name)',
        'tasks[7] (ref "noname"): task name is empty',
        'tasks[7] (ref "noname"): expression "${ghost.output.value}" refers to task reference "ghost", which is not in this workflow',
        'outputParameters: expression "${phantom.output}" refers to task reference "phantom", which is not in this workflow',
      ]),
    );
    expect(list).toHaveLength(12);
    const error = await wf.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowValidationError);
    const v = error as WorkflowValidationError;
    expect(v.problems).toHaveLength(12);
    expect(v.workflowName).toBe("broken");
    expect(v.name).toBe("WorkflowValidationError");
    expect(v).toBeInstanceOf(InvalidArgumentError);
    expect(isConductorError(v)).toBe(true);
    expect(v.code).toBe("INVALID_ARGUMENT");
    expect(v.validationErrors).toHaveLength(12);
    expect(v.message).toMatch(/^Workflow "broken" is invalid \(12 problems\):\n  - tasks\[1\]/);
  });

  it("a fork or dynamic fork must be followed by a JOIN", () => {
    const wf = new ConductorWorkflow(undefined, "w").add(new ForkTask("f", [[new NoopTask("a")]]), new NoopTask("n"));
    expect(problems(wf)).toEqual(['tasks[0] (ref "f"): FORK_JOIN must be followed by a JOIN task']);
    const dyn = new ConductorWorkflow(undefined, "w2").add(
      new DynamicForkTask("d", "${workflow.input.t}", "${workflow.input.i}"),
    );
    expect(problems(dyn)).toEqual(['tasks[0] (ref "d"): FORK_JOIN_DYNAMIC must be followed by a JOIN task']);
  });

  it("type-specific checks", () => {
    const wf = new ConductorWorkflow(undefined, "w").add(
      new HttpTask("h", { uri: "" }),
      new InlineTask("i", "", {}, { evaluatorType: "ruby" as never }),
      new JsonJqTask("q", ""),
      new TerminateTask("t", "DONE" as never, undefined, undefined, { optional: true }),
      new EventTask("e", ""),
      new KafkaPublishTask("k", { topic: "", value: 1, bootStrapServers: "" }),
      new StartWorkflowTask("s", ""),
      new ExclusiveJoinTask("x", ["h"], ["zzz"]),
      new SimpleTask(
        "r",
        "r",
        {},
        { taskDefinition: { name: "r", timeoutSeconds: 10, responseTimeoutSeconds: 20 }, startDelay: -1 },
      ),
      new SwitchTask("sw", "$.a", { evaluatorType: "python" as never }).switchCase("a", new NoopTask("n")),
    );
    expect(problems(wf)).toEqual([
      'tasks[0] (ref "h"): HTTP has no uri (inputParameters.http_request.uri)',
      'tasks[1] (ref "i"): INLINE has no script (inputParameters.expression)',
      'tasks[1] (ref "i"): INLINE evaluatorType must be one of javascript, graaljs, python, value-param, got "ruby"',
      'tasks[2] (ref "q"): JSON_JQ_TRANSFORM has no queryExpression',
      'tasks[3] (ref "t"): TERMINATE terminationStatus must be one of COMPLETED, FAILED, TERMINATED, got "DONE"',
      'tasks[3] (ref "t"): TERMINATE cannot be optional',
      'tasks[4] (ref "e"): EVENT has no sink (e.g. conductor:<queue> or sqs:<queue>)',
      'tasks[5] (ref "k"): KAFKA_PUBLISH kafka_request has no topic',
      'tasks[5] (ref "k"): KAFKA_PUBLISH kafka_request has no bootStrapServers',
      'tasks[6] (ref "s"): START_WORKFLOW has no workflow name (inputParameters.startWorkflow.name)',
      'tasks[7] (ref "x"): defaultExclusiveJoinTask names "zzz", which is not a task reference in this workflow',
      'tasks[8] (ref "r"): startDelay must not be negative',
      'tasks[8] (ref "r"): taskDefinition.responseTimeoutSeconds (20) must not exceed timeoutSeconds (10)',
      'tasks[9] (ref "sw"): SWITCH evaluatorType "python" is not one of value-param, javascript, graaljs',
    ]);
  });

  it("workflow-level checks and inline sub-workflows", () => {
    expect(
      validateWorkflowDef({ name: "", tasks: [], timeoutSeconds: -1, version: 0 } as WorkflowDef).map((p) => p.path),
    ).toEqual(["name", "version", "timeoutSeconds", "tasks"]);
    const child = new ConductorWorkflow(undefined, "child").add(new SwitchTask("s", "x"));
    const wf = new ConductorWorkflow(undefined, "parent").add(new SubWorkflowTask("sub", child));
    expect(problems(wf)).toEqual([
      'tasks[0] (ref "sub").subWorkflowParam.workflowDefinition.tasks[0] (ref "s"): SWITCH has no cases (decisionCases is empty)',
    ]);
  });

  it("WAIT with both inputs (from JSON) is reported", () => {
    const def = new ConductorWorkflow(undefined, "w").add(WaitTask.forDuration("w", "1s")).toWorkflowDef();
    (def.tasks[0]!.inputParameters as Record<string, unknown>).until = "2030-01-01";
    expect(validateWorkflowDef(def).map((p) => p.message)).toEqual(["WAIT has both duration and until; give one"]);
  });

  it("references into a loop body or to task inputs/status are known references", () => {
    const body = new SimpleTask("b", "b");
    const wf = new ConductorWorkflow(undefined, "w").add(
      DoWhileTask.times("loop", 2, [body]),
      new NoopTask("after", {
        inputParameters: { s: "${b.status}", i: body.input("x"), l: "${loop.output.iteration}" },
      }),
    );
    expect(wf.validate()).toEqual([]);
  });
});
