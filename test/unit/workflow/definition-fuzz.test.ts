// Seeded property-based fuzz of fromWorkflowDef and validateWorkflowDef: generated definitions, and
// the same with one field mutated (null, a wrong type, a non-array, a cycle, absurd nesting, a
// non-JSON value, a deleted key) or replaced by a non-object. Every input is either accepted and
// given back unchanged by toWorkflowDef, or rejected with WorkflowValidationError naming the field;
// nothing ever throws another exception. The concrete crashes found by hand are named tests below.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConductorError, InvalidArgumentError } from "../../../src/errors/index.js";
import { AI_INPUT_TASK_TYPES } from "../../../src/workflow/ai-validation.js";
import {
  ConductorWorkflow,
  DoWhileTask,
  ForkTask,
  NoopTask,
  SimpleTask,
  SubWorkflowTask,
  SwitchTask,
  validateWorkflowDef,
  WorkflowValidationError,
  type WorkflowDef,
} from "../../../src/workflow/index.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 5000);

// ---- generated definitions ---------------------------------------------------------------------

const ref = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const text = fc.string({ maxLength: 12 });
const json = fc.jsonValue({ maxDepth: 2 });
const input = fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 3 });
const common = {
  name: ref,
  taskReferenceName: ref,
  description: text,
  optional: fc.boolean(),
  startDelay: fc.nat(100),
  retryCount: fc.nat(5),
  inputParameters: input,
  taskDefinition: fc.record({ timeoutSeconds: fc.nat(100), responseTimeoutSeconds: fc.nat(100) }),
  cacheConfig: fc.record({ key: text, ttlInSecond: fc.nat(60) }),
  serverSideField: json,
};
// AI task inputs near what people write: right and wrong kinds of the fields the server's request classes read.
// Every type the validator has an input table for (same cases and counts as the list written out before).
const AI_TYPES = AI_INPUT_TASK_TYPES;
const number = fc.oneof(fc.integer({ min: -2, max: 9000 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
const aiInput = fc.record(
  {
    llmProvider: fc.oneof(fc.constant("openai"), text),
    model: text,
    messages: fc.oneof(
      fc.array(
        fc.record(
          { role: fc.constantFrom("user", "system", "assistant", "tool", "robot"), message: fc.oneof(text, json) },
          { requiredKeys: ["role"] },
        ),
        { maxLength: 3 },
      ),
      fc.constant("${workflow.input.messages}"),
      json,
    ),
    instructions: text,
    userInput: text,
    prompt: text,
    promptVariables: input,
    tools: fc.array(fc.record({ name: text, description: text, inputSchema: input }, { requiredKeys: [] }), {
      maxLength: 2,
    }),
    temperature: number,
    topP: number,
    maxTokens: number,
    jsonOutput: fc.oneof(fc.boolean(), text),
    text,
    dimensions: number,
    embeddings: fc.array(fc.oneof(number, text), { maxLength: 3 }),
    vectorDB: text,
    index: text,
    query: text,
    docId: text,
    mcpServer: fc.constantFrom("http://127.0.0.1:3001/mcp", "localhost:1", "${workflow.input.mcp}"),
    method: text,
    arguments: fc.oneof(input, json),
    markdown: text,
    agentUrl: text,
    batchSize: number,
  },
  { requiredKeys: [] },
);
const opt = { requiredKeys: ["name", "taskReferenceName", "type"] as ("name" | "taskReferenceName" | "type")[] };

const { workflow } = fc.letrec<{ task: object; tasks: object[]; workflow: object }>((tie) => ({
  task: fc.oneof(
    { maxDepth: 3, depthIdentifier: "task" },
    fc.record(
      {
        ...common,
        type: fc.constantFrom(
          "SIMPLE",
          "NOOP",
          "INLINE",
          "HTTP",
          "JSON_JQ_TRANSFORM",
          "WAIT",
          "TERMINATE",
          "HUMAN",
          "SET_VARIABLE",
          "X_CUSTOM",
        ),
      },
      opt,
    ),
    fc.record(
      {
        ...common,
        type: fc.constant("SWITCH"),
        evaluatorType: fc.constantFrom("value-param", "javascript"),
        expression: text,
        decisionCases: fc.dictionary(ref, tie("tasks"), { maxKeys: 2 }),
        defaultCase: tie("tasks"),
      },
      opt,
    ),
    fc.record({ ...common, type: fc.constant("FORK_JOIN"), forkTasks: fc.array(tie("tasks"), { maxLength: 3 }) }, opt),
    fc.record(
      {
        ...common,
        type: fc.constantFrom("JOIN", "EXCLUSIVE_JOIN"),
        joinOn: fc.array(ref, { maxLength: 3 }),
        defaultExclusiveJoinTask: fc.array(ref, { maxLength: 2 }),
      },
      opt,
    ),
    fc.record(
      {
        ...common,
        type: fc.constant("DO_WHILE"),
        loopCondition: text,
        evaluatorType: fc.constant("graaljs"),
        items: text,
        loopOver: tie("tasks"),
      },
      opt,
    ),
    fc.record(
      {
        ...common,
        type: fc.constant("SUB_WORKFLOW"),
        subWorkflowParam: fc.record(
          { name: ref, version: fc.nat(5), workflowDefinition: fc.oneof(text, tie("workflow")), priority: fc.nat(5) },
          { requiredKeys: [] },
        ),
      },
      opt,
    ),
    fc.record(
      {
        ...common,
        type: fc.constantFrom("DYNAMIC", "FORK_JOIN_DYNAMIC", "EVENT"),
        dynamicTaskNameParam: text,
        dynamicForkTasksParam: text,
        dynamicForkTasksInputParamName: text,
        sink: text,
      },
      opt,
    ),
    fc.record({ ...common, type: fc.constantFrom(...AI_TYPES), inputParameters: aiInput }, opt),
    // Tasks as people write them by hand: no type, no name.
    fc.record({ taskReferenceName: ref, inputParameters: input }, { requiredKeys: [] }),
  ),
  tasks: fc.array(tie("task"), { maxLength: 3, depthIdentifier: "task" }),
  workflow: fc.record(
    {
      name: ref,
      version: fc.nat(10),
      description: text,
      tasks: tie("tasks"),
      inputParameters: fc.array(ref, { maxLength: 3 }),
      inputTemplate: input,
      outputParameters: input,
      variables: input,
      timeoutPolicy: fc.constantFrom("TIME_OUT_WF", "ALERT_ONLY"),
      timeoutSeconds: fc.nat(1000),
      failureWorkflow: ref,
      restartable: fc.boolean(),
      ownerEmail: text,
      workflowStatusListenerEnabled: fc.boolean(),
      schemaVersion: fc.constant(2),
      createTime: fc.nat(),
      metadata: input,
    },
    { requiredKeys: ["name", "tasks"] },
  ),
}));

// ---- mutations ------------------------------------------------------------------------------------

type Container = Record<string, unknown> | unknown[];
interface Slot {
  parent: Container;
  key: string | number;
  ancestors: Container[];
}

/** Every position in the definition (object properties and array elements), parents first. */
function slotsOf(root: Container): Slot[] {
  const out: Slot[] = [];
  const walk = (node: Container, ancestors: Container[]) => {
    const entries: [string | number, unknown][] = Array.isArray(node)
      ? node.map((v, i) => [i, v])
      : Object.entries(node);
    for (const [key, value] of entries) {
      out.push({ parent: node, key, ancestors: [...ancestors, node] });
      if (typeof value === "object" && value !== null) walk(value as Container, [...ancestors, node]);
    }
  };
  walk(root, []);
  return out;
}

function nested(depth: number, kind: "array" | "object" | "tasks"): unknown {
  let value: unknown = kind === "tasks" ? { name: "n", taskReferenceName: "leaf", type: "NOOP" } : [];
  for (let i = 0; i < depth; i++) {
    if (kind === "array") value = [value];
    else if (kind === "object") value = { a: value };
    else value = { name: "l", taskReferenceName: `l${i}`, type: "DO_WHILE", loopCondition: "false", loopOver: [value] };
  }
  return value;
}

const MUTATIONS = [
  "null",
  "number",
  "string",
  "boolean",
  "array",
  "object",
  "delete",
  "undefined",
  "cycle-root",
  "cycle-parent",
  "deep-array",
  "deep-object",
  "deep-tasks",
  "nan",
  "infinity",
  "date",
  "function",
  "map",
  "bigint",
  "symbol",
  "proto-key",
] as const;
type Mutation = (typeof MUTATIONS)[number];

function replacement(kind: Mutation, slot: Slot, root: Container, n: number): unknown {
  switch (kind) {
    case "null":
      return null;
    case "number":
      return n;
    case "string":
      return `s${n}`;
    case "boolean":
      return n % 2 === 0;
    case "array":
      return [n, "x", null];
    case "object":
      return { k: n };
    case "undefined":
    case "delete":
      return undefined;
    case "cycle-root":
      return root;
    case "cycle-parent":
      return slot.parent;
    case "deep-array":
      return nested(400 + (n % 800), "array");
    case "deep-object":
      return nested(400 + (n % 800), "object");
    case "deep-tasks":
      return [nested(50 + (n % 300), "tasks")];
    case "nan":
      return Number.NaN;
    case "infinity":
      return Number.POSITIVE_INFINITY;
    case "date":
      return new Date(0);
    case "function":
      return () => n;
    case "map":
      return new Map([["k", n]]);
    case "bigint":
      return BigInt(n);
    case "symbol":
      return Symbol("s");
    case "proto-key":
      return JSON.parse(`{"__proto__": ${n}}`) as unknown;
  }
}

function mutate(def: Container, index: number, kind: Mutation, n: number): unknown {
  const root = structuredClone(def);
  const slots = slotsOf(root);
  if (slots.length === 0) return root;
  const slot = slots[index % slots.length]!;
  const value = replacement(kind, slot, root, n);
  if (kind === "delete" && !Array.isArray(slot.parent)) delete slot.parent[slot.key as string];
  else (slot.parent as Record<string | number, unknown>)[slot.key] = value;
  return root;
}

const NON_OBJECTS: unknown[] = [
  null,
  undefined,
  0,
  42,
  -1,
  "",
  "workflow",
  true,
  [],
  [{ name: "w" }],
  () => ({}),
  Symbol("w"),
  10n,
  new Date(0),
  new Map(),
];

const definitions = fc.oneof(
  { weight: 2, arbitrary: workflow },
  {
    weight: 6,
    arbitrary: fc
      .tuple(workflow, fc.nat(), fc.constantFrom(...MUTATIONS), fc.nat(10_000))
      .map(([def, index, kind, n]) => mutate(def as Container, index, kind, n)),
  },
  { weight: 1, arbitrary: fc.constantFrom(...NON_OBJECTS) },
);

// ---- the property -----------------------------------------------------------------------------------

/** What a rejection must look like: the SDK's typed error, listing problems that name a path. */
function expectTypedRejection(error: unknown): void {
  if (!(error instanceof WorkflowValidationError)) throw error;
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect(error).toBeInstanceOf(ConductorError);
  expect(error.problems.length).toBeGreaterThan(0);
  for (const p of error.problems) {
    expect(p.path).not.toBe("");
    expect(error.message).toContain(`${p.path}: ${p.message}`);
  }
}

describe("fuzzed definitions (property-based, seeded)", () => {
  it(`${RUNS} generated and mutated definitions: accepted and round-tripped losslessly, or rejected with the typed error`, () => {
    const outcome = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(definitions, (def) => {
        // validation never throws, whatever it is given
        const problems = validateWorkflowDef(def as WorkflowDef);
        expect(Array.isArray(problems)).toBe(true);
        let wf: ConductorWorkflow;
        try {
          wf = ConductorWorkflow.fromWorkflowDef(def as WorkflowDef);
        } catch (error) {
          expectTypedRejection(error);
          // validation saw the same problems
          expect(problems.map((p) => p.path)).toEqual((error as WorkflowValidationError).problems.map((p) => p.path));
          outcome.rejected++;
          return;
        }
        outcome.accepted++;
        const back = wf.toWorkflowDef();
        expect(back).toEqual(def);
        expect(JSON.parse(JSON.stringify(wf))).toEqual(JSON.parse(JSON.stringify(def)));
        // a second trip changes nothing either, and the builder's own checks run without throwing
        expect(ConductorWorkflow.fromWorkflowDef(back).toWorkflowDef()).toEqual(back);
        expect(Array.isArray(wf.validate())).toBe(true);
        wf.allTasks();
      }),
      // No shrinking: a mutated definition can be huge (deep nesting), and the seed and path reproduce it.
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.log(
      `definition fuzz: ${RUNS} cases (seed ${SEED}): ${outcome.accepted} accepted and round-tripped, ${outcome.rejected} rejected with WorkflowValidationError, 0 other exceptions`,
    );
    expect(outcome.accepted + outcome.rejected).toBe(RUNS);
    // Both sides of the property were exercised in earnest.
    expect(outcome.accepted).toBeGreaterThan(RUNS / 10);
    expect(outcome.rejected).toBeGreaterThan(RUNS / 10);
  }, 300_000);
});

// ---- the crashes found by hand (issue 10), as named regression tests ------------------------------------

function valid(): Record<string, unknown> {
  return {
    name: "orders",
    version: 1,
    tasks: [
      { name: "a", taskReferenceName: "a", type: "SIMPLE" },
      {
        name: "fork",
        taskReferenceName: "fork",
        type: "FORK_JOIN",
        forkTasks: [[{ name: "b", taskReferenceName: "b", type: "SIMPLE" }]],
      },
      {
        name: "loop",
        taskReferenceName: "loop",
        type: "DO_WHILE",
        loopCondition: "false",
        loopOver: [{ name: "c", taskReferenceName: "c", type: "SIMPLE" }],
      },
    ],
  };
}

function rejection(def: unknown): WorkflowValidationError {
  const problems = validateWorkflowDef(def as WorkflowDef);
  try {
    ConductorWorkflow.fromWorkflowDef(def as WorkflowDef);
  } catch (error) {
    expectTypedRejection(error);
    expect(problems).toEqual((error as WorkflowValidationError).problems);
    return error as WorkflowValidationError;
  }
  throw new Error("fromWorkflowDef accepted it");
}

describe("bad definitions that crashed before (regressions)", () => {
  it("tasks: [null] (from-json.ts)", () => {
    expect(rejection({ ...valid(), tasks: [null] }).message).toContain("tasks[0]: expected a task object, got null");
  });

  it("tasks: 3 (conductor-workflow.ts)", () => {
    expect(rejection({ ...valid(), tasks: 3 }).message).toContain("tasks: expected an array of tasks, got number");
  });

  it("object-valued inputParameters (conductor-workflow.ts)", () => {
    expect(rejection({ ...valid(), inputParameters: { a: 1 } }).message).toContain(
      "inputParameters: expected an array of strings, got an object",
    );
  });

  it("a numeric loopCondition (.trim in validation.ts)", () => {
    const def = valid();
    (def.tasks as Record<string, unknown>[])[2]!.loopCondition = 7;
    expect(rejection(def).message).toContain("tasks[2].loopCondition: expected a string, got number");
  });

  it("a non-array forkTasks", () => {
    const def = valid();
    (def.tasks as Record<string, unknown>[])[1]!.forkTasks = { branch: [] };
    expect(rejection(def).message).toContain("tasks[1].forkTasks: expected an array of task arrays, got an object");
  });

  it("cyclic input (unbounded recursion)", () => {
    const def = valid();
    const loop = (def.tasks as Record<string, unknown>[])[2]!;
    (loop.loopOver as unknown[]).push(loop);
    expect(rejection(def).message).toContain("tasks[2].loopOver[1]: cyclic reference");
    const selfInput = valid();
    const params: Record<string, unknown> = {};
    params.self = params;
    (selfInput.tasks as Record<string, unknown>[])[0]!.inputParameters = params;
    expect(rejection(selfInput).message).toContain("tasks[0].inputParameters.self: cyclic reference");
  });

  it("absurd depth", () => {
    expect(rejection({ ...valid(), variables: nested(5000, "object") }).message).toContain(
      "nested deeper than 500 levels",
    );
    expect(rejection({ ...valid(), tasks: [nested(1000, "tasks")] }).message).toContain(
      "tasks are nested deeper than 100 levels",
    );
  });

  it.each([null, undefined, 42, "orders", true, [], () => ({})])("a non-object input (%s)", (value) => {
    expect(rejection(value).message).toMatch(/\(definition\): expected a workflow definition object, got /);
  });

  it("a sub-workflow definition given as an expression string is carried through", () => {
    const def = {
      name: "w",
      tasks: [
        {
          name: "s",
          taskReferenceName: "s",
          type: "SUB_WORKFLOW",
          subWorkflowParam: { name: "x", workflowDefinition: "${workflow.input.def}" },
        },
      ],
    };
    expect(ConductorWorkflow.fromWorkflowDef(structuredClone(def) as never).toWorkflowDef()).toEqual(def);
  });
});

describe("the builder throws only typed errors", () => {
  it("add() with things that are not tasks", () => {
    const wf = new ConductorWorkflow(undefined, "w");
    for (const bad of [null, 3, "task", {}, [[null]], [3]]) {
      expect(() => wf.add(bad as never)).toThrow(InvalidArgumentError);
    }
  });

  it("task builders given non-tasks", () => {
    expect(() => new SwitchTask("s", "x").switchCase("a", null as never)).toThrow(InvalidArgumentError);
    expect(() => new SwitchTask("s", "x").defaultCase({} as never)).toThrow(InvalidArgumentError);
    expect(() => new ForkTask("f", null as never)).toThrow(InvalidArgumentError);
    expect(() => new ForkTask("f", [[null as never]])).toThrow(/branches\[0\]\[0\] must be a task/);
    expect(() => new DoWhileTask("d", "false", "x" as never)).toThrow(InvalidArgumentError);
  });

  it("a task nested in itself is reported, not a stack overflow", () => {
    const sw = new SwitchTask("sw", "${workflow.input.k}");
    sw.switchCase("again", sw);
    const wf = new ConductorWorkflow(undefined, "w").add(sw);
    expect(() => wf.toWorkflowDef()).toThrow(/task "sw" contains itself/);
    expect(() => wf.allTasks()).toThrow(InvalidArgumentError);
    expect(() => wf.validate()).toThrow(InvalidArgumentError);
    const inline = new ConductorWorkflow(undefined, "inner");
    inline.add(new SubWorkflowTask("sub", inline));
    expect(() => inline.toWorkflowDef()).toThrow(/task "sub" contains itself/);
  });

  it("absurdly deep nesting is reported, not a stack overflow", () => {
    let inner: SimpleTask | DoWhileTask = new SimpleTask("leaf", "leaf");
    for (let i = 0; i < 5000; i++) inner = new DoWhileTask(`l${i}`, "false", [inner]);
    const wf = new ConductorWorkflow(undefined, "w").add(inner);
    expect(() => wf.toWorkflowDef()).toThrow(/nested deeper than 100 levels/);
    expect(() => wf.allTasks()).toThrow(InvalidArgumentError);
    expect(() => new ConductorWorkflow(undefined, "w").add(new NoopTask("n")).toWorkflowDef()).not.toThrow();
  });
});
