// Server-side task types run by the real server through the builder: INLINE, JSON_JQ_TRANSFORM,
// SET_VARIABLE, SWITCH (all evaluators), TERMINATE, NOOP, FORK_JOIN/JOIN, EXCLUSIVE_JOIN, DO_WHILE,
// DYNAMIC and FORK_JOIN_DYNAMIC. Each workflow is also registered, read back and round-tripped.
import { afterAll, describe, expect, inject, it } from "vitest";
import {
  ConductorWorkflow,
  DoWhileTask,
  DynamicForkTask,
  DynamicTask,
  ExclusiveJoinTask,
  InlineTask,
  JavascriptTask,
  JsonJqTask,
  NoopTask,
  SetVariableTask,
  SwitchTask,
  TerminateTask,
  WorkflowValidationError,
} from "../../src/workflow/index.js";
import { WorkflowExecutor } from "../../src/clients/index.js";
import { Configuration } from "../../src/config/index.js";
import { ConductorError } from "../../src/errors/index.js";
import { TestApi, uniqueName } from "./workflow-support.js";

// Workflows run through the SDK's WorkflowExecutor; TestApi only drives and inspects runs.
const api = new TestApi(inject("conductorApiUrl"));
const executor = new WorkflowExecutor(new Configuration({ serverUrl: inject("conductorApiUrl") }));
const registered: ConductorWorkflow[] = [];

/** Registers the workflow, reads the server's copy back and checks fromWorkflowDef reproduces it exactly. */
async function registerAndRoundTrip(wf: ConductorWorkflow): Promise<void> {
  await wf.register({ overwrite: true });
  registered.push(wf);
  const stored = await api.getWorkflowDef(wf.name, wf.version ?? 1);
  expect(stored.tasks.map((t) => t.taskReferenceName)).toEqual(
    wf.toWorkflowDef().tasks.map((t) => t.taskReferenceName),
  );
  const rebuilt = ConductorWorkflow.fromWorkflowDef(structuredClone(stored), executor);
  expect(rebuilt.toWorkflowDef()).toEqual(stored);
  expect(rebuilt.allTasks().map((t) => t.constructor.name)).toEqual(wf.allTasks().map((t) => t.constructor.name));
}

afterAll(async () => {
  for (const wf of registered) await api.deleteWorkflowDef(wf.name, wf.version ?? 1);
});

describe("workflow builder on the real server: system tasks", () => {
  it("INLINE (graaljs and javascript), JSON_JQ_TRANSFORM and SET_VARIABLE feed the workflow output", async () => {
    const wf = new ConductorWorkflow(executor, uniqueName("wf_inline"), 1, "inline, jq, variables");
    const sum = new InlineTask("sum", "(function () { return $.a + $.b; })()", { a: wf.input("a"), b: wf.input("b") });
    const greet = new JavascriptTask(
      "greet",
      "'hello ' + $.who",
      { who: wf.input("who") },
      { evaluatorType: "javascript" },
    );
    const jq = new JsonJqTask("jq", "{ doubled: [.items[] * 2], count: (.items | length) }", {
      items: wf.input("items"),
    });
    const setVar = new SetVariableTask("remember", { total: sum.output("result"), label: "seen" });
    wf.add(sum, greet, jq, setVar)
      .variables({ label: "unset" })
      .outputParameters({
        sum: sum.output("result"),
        greeting: greet.output("result"),
        jq: jq.output("result"),
        total: wf.variable("total"),
        label: wf.variable("label"),
      });

    const run = await wf.execute({ a: 2, b: 40, who: "conductor", items: [1, 2, 3] }, { waitForSeconds: 10 });
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({
      sum: 42,
      greeting: "hello conductor",
      jq: { doubled: [2, 4, 6], count: 3 },
      total: 42,
      label: "seen",
    });
    await registerAndRoundTrip(wf);
  });

  it("SWITCH with value-param, graaljs and javascript evaluators; the default case TERMINATEs the run", async () => {
    const wf = new ConductorWorkflow(executor, uniqueName("wf_switch"));
    const byValue = new SwitchTask("by_value", wf.input("kind"))
      .switchCase("small", new SetVariableTask("v_small", { route: "value:small" }))
      .switchCase("large", new SetVariableTask("v_large", { route: "value:large" }))
      .defaultCase(new TerminateTask("stop_unknown", "FAILED", "unknown kind", { kind: wf.input("kind") }));
    const byGraal = new SwitchTask("by_graal", "$.n > 10 ? 'big' : 'little'", {
      evaluatorType: "graaljs",
      inputParameters: { n: wf.input("n") },
    })
      .switchCase("big", new SetVariableTask("g_big", { size: "big" }))
      .switchCase("little", new SetVariableTask("g_little", { size: "little" }));
    const byJs = new SwitchTask("by_js", "$.flag ? 'yes' : 'no'", {
      evaluatorType: "javascript",
      inputParameters: { flag: wf.input("flag") },
    })
      .switchCase("yes", new SetVariableTask("j_yes", { answer: "yes" }))
      .defaultCase(new SetVariableTask("j_no", { answer: "no" }));
    wf.add(byValue, byGraal, byJs).outputParameters({
      route: wf.variable("route"),
      size: wf.variable("size"),
      answer: wf.variable("answer"),
    });

    const a = await wf.execute({ kind: "large", n: 11, flag: true });
    expect(a.status).toBe("COMPLETED");
    expect(a.output).toEqual({ route: "value:large", size: "big", answer: "yes" });
    expect((a.tasks ?? []).map((t) => t.referenceTaskName)).toEqual([
      "by_value",
      "v_large",
      "by_graal",
      "g_big",
      "by_js",
      "j_yes",
    ]);

    const b = await wf.execute({ kind: "small", n: 3, flag: false });
    expect(b.output).toEqual({ route: "value:small", size: "little", answer: "no" });

    const c = await wf.execute({ kind: "medium", n: 3, flag: false });
    expect(c.status).toBe("FAILED");
    expect(c.output).toEqual({ kind: "medium" });
    expect((c.tasks ?? []).map((t) => t.referenceTaskName)).toEqual(["by_value", "stop_unknown"]);
    const full = await api.getWorkflow(String(c.workflowId));
    expect(full.reasonForIncompletion).toContain("unknown kind");
    await registerAndRoundTrip(wf);
  });

  it("FORK_JOIN with three branches and its JOIN; EXCLUSIVE_JOIN after a SWITCH; NOOP; TERMINATE COMPLETED", async () => {
    const wf = new ConductorWorkflow(executor, uniqueName("wf_fork"));
    const a = new InlineTask("a", "'A' + $.x", { x: wf.input("x") });
    const b1 = new NoopTask("b1");
    const b2 = new InlineTask("b2", "'B'");
    const c = new JsonJqTask("c", ".x * 3", { x: wf.input("x") });
    const pick = new SwitchTask("pick", wf.input("side"))
      .switchCase("left", new InlineTask("left", "'L'"))
      .switchCase("right", new InlineTask("right", "'R'"));
    wf.add([[a], [b1, b2], [c]], pick, new ExclusiveJoinTask("xjoin", ["left", "right"]));
    wf.add(
      new TerminateTask("done", "COMPLETED", "all good", {
        a: a.output("result"),
        b: b2.output("result"),
        c: c.output("result"),
        side: "${xjoin.output.result}",
      }),
    );
    wf.add(new NoopTask("never_reached"));

    const run = await wf.execute({ x: 7, side: "right" });
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ a: "A7", b: "B", c: 21, side: "R" });
    const refs = (run.tasks ?? []).map((t) => t.referenceTaskName);
    expect(refs).toEqual(
      expect.arrayContaining(["fork_1", "a", "b1", "b2", "c", "fork_1_join", "pick", "right", "xjoin", "done"]),
    );
    expect(refs).not.toContain("never_reached");
    const join = (run.tasks ?? []).find((t) => t.referenceTaskName === "fork_1_join");
    expect(Object.keys(join?.outputData ?? {}).sort()).toEqual(["a", "b2", "c"]);
    await registerAndRoundTrip(wf);
  });

  it("DO_WHILE: a fixed-iterations loop, a condition loop and a loop over a list", async () => {
    const wf = new ConductorWorkflow(executor, uniqueName("wf_loop"));
    const fixed = DoWhileTask.times("fixed", 3, [
      new InlineTask("tick", "$.i * 10", { i: "${fixed.output.iteration}" }),
    ]);
    const until = new DoWhileTask("until", "$.until['iteration'] < $.limit", [new NoopTask("step")], {
      inputParameters: { limit: wf.input("limit") },
      evaluatorType: "graaljs",
    });
    const shout = new InlineTask("shout", "$.item + '!' + $.at");
    const each = DoWhileTask.forEach("each", wf.input("list"), [shout]);
    shout.withInput("item", each.item()).withInput("at", each.index());
    wf.add(fixed, until, each).outputParameters({
      fixed: fixed.output("iteration"),
      until: until.output("iteration"),
      each: each.output("iteration"),
    });
    const run = await wf.execute({ limit: 4, list: ["x", "y", "z"] });
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ fixed: 3, until: 4, each: 3 });
    const shouts = (run.tasks ?? [])
      .filter((t) => t.referenceTaskName?.startsWith("shout__"))
      .map((t) => t.outputData?.result);
    expect(shouts).toEqual(["x!0", "y!1", "z!2"]);
    const ticks = (run.tasks ?? [])
      .filter((t) => t.referenceTaskName?.startsWith("tick__"))
      .map((t) => t.outputData?.result);
    expect(ticks).toEqual([10, 20, 30]);
    await registerAndRoundTrip(wf);
  });

  it("DYNAMIC picks its task type at run time; FORK_JOIN_DYNAMIC forks the tasks an earlier task produced", async () => {
    const wf = new ConductorWorkflow(executor, uniqueName("wf_dynamic"));
    const plan = new InlineTask(
      "plan",
      `(function () {
        var tasks = [], inputs = {};
        for (var i = 0; i < $.n; i++) {
          tasks.push({ name: 'square', taskReferenceName: 'sq_' + i, type: 'INLINE' });
          inputs['sq_' + i] = { evaluatorType: 'graaljs', expression: '$.v * $.v', v: i + 1 };
        }
        return { tasks: tasks, inputs: inputs };
      })()`,
      { n: wf.input("n") },
    );
    const fork = new DynamicForkTask("squares", plan.output("result.tasks"), plan.output("result.inputs"));
    wf.add(new DynamicTask("dyn", wf.input("taskType")), plan, fork, fork.join("squares_join"));
    wf.outputParameters({ squares: "${squares_join.output}" });
    const run = await wf.execute({ n: 3, taskType: "NOOP" });
    expect(run.status).toBe("COMPLETED");
    expect((run.tasks ?? [])[0]).toMatchObject({ referenceTaskName: "dyn", taskType: "NOOP", status: "COMPLETED" });
    const squares = run.output?.squares as Record<string, { result: number }>;
    expect(Object.fromEntries(Object.entries(squares).map(([k, v]) => [k, v.result]))).toEqual({
      sq_0: 1,
      sq_1: 4,
      sq_2: 9,
    });
    await registerAndRoundTrip(wf);
  });

  it("a definition the server rejects comes back as the server's error, not a client one", async () => {
    // The client does not parse scripts; the server syntax-checks a javascript SWITCH expression.
    const wf = new ConductorWorkflow(executor, uniqueName("wf_bad")).add(
      new SwitchTask("broken_script", "$.x ===", { evaluatorType: "javascript" }).switchCase("a", new NoopTask("n")),
    );
    expect(wf.validate()).toEqual([]);
    const error = await wf.register().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorError);
    expect(error).not.toBeInstanceOf(WorkflowValidationError);
    const server = error as ConductorError;
    expect(server.status).toBe(400);
    // The server's per-field messages come through untouched.
    expect(server.validationErrors.map((v) => v.message).join("\n")).toMatch(/not well formatted/i);
  });
});
