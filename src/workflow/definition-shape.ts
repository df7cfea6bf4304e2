// The structural check of a WorkflowDef, run before the builder or validation read it: every field
// they use has the JSON type they expect, nothing is cyclic or absurdly deep, and everything else is
// plain JSON (so a rebuilt builder gives the same definition back). Problems name the field's path,
// e.g. `tasks[2].loopCondition: expected a string, got number`.
import { MAX_TASK_NESTING } from "./task.js";
import type { ValidationProblem } from "./validation.js";

/** Deepest nesting of objects and arrays a definition may have (Jackson's own default limit is 1000). */
export const MAX_DEFINITION_DEPTH = 500;
/** Beyond this many problems the rest are summed up: a garbage input should not produce a huge error. */
const MAX_PROBLEMS = 20;

type Kind =
  | "string"
  | "number"
  | "boolean"
  | "object"
  | "strings"
  | "tasks"
  | "branches"
  | "cases"
  | "subWorkflowParam"
  | "workflowOrExpression";

const WORKFLOW_FIELDS: Record<string, Kind> = {
  name: "string",
  version: "number",
  description: "string",
  tasks: "tasks",
  inputParameters: "strings",
  inputTemplate: "object",
  outputParameters: "object",
  variables: "object",
  timeoutPolicy: "string",
  timeoutSeconds: "number",
  failureWorkflow: "string",
  restartable: "boolean",
  ownerEmail: "string",
  workflowStatusListenerEnabled: "boolean",
  workflowStatusListenerSink: "string",
  schemaVersion: "number",
};

const TASK_FIELDS: Record<string, Kind> = {
  name: "string",
  taskReferenceName: "string",
  type: "string",
  description: "string",
  optional: "boolean",
  startDelay: "number",
  asyncComplete: "boolean",
  rateLimited: "boolean",
  permissive: "boolean",
  retryCount: "number",
  inputParameters: "object",
  cacheConfig: "object",
  taskDefinition: "object",
  onStateChange: "object",
  decisionCases: "cases",
  defaultCase: "tasks",
  forkTasks: "branches",
  loopOver: "tasks",
  loopCondition: "string",
  evaluatorType: "string",
  expression: "string",
  joinOn: "strings",
  defaultExclusiveJoinTask: "strings",
  subWorkflowParam: "subWorkflowParam",
  sink: "string",
  dynamicTaskNameParam: "string",
  dynamicForkTasksParam: "string",
  dynamicForkTasksInputParamName: "string",
  dynamicForkJoinTasksParam: "string",
  items: "string",
};

const SUB_WORKFLOW_PARAM_FIELDS: Record<string, Kind> = {
  name: "string",
  version: "number",
  workflowDefinition: "workflowOrExpression",
};

const EXPECTED: Record<Kind, string> = {
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  object: "an object",
  strings: "an array of strings",
  tasks: "an array of tasks",
  branches: "an array of task arrays",
  cases: "an object of task arrays",
  subWorkflowParam: "an object",
  workflowOrExpression: "a workflow definition object or an expression string",
};

/** How a value reads in a message: `number`, `null`, `an array`, `Date`, ... */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
    if (proto !== null && proto !== Object.prototype) return proto.constructor?.name || "a non-plain object";
    return "an object";
  }
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `tasks[0].name`, or `inputParameters["a b"]` for names that are not identifiers. */
function key(path: string, name: string): string {
  if (!/^[A-Za-z_$][\w$-]*$/.test(name)) return `${path}[${JSON.stringify(name)}]`;
  return path === "" ? name : `${path}.${name}`;
}

class ShapeChecker {
  readonly problems: ValidationProblem[] = [];
  private dropped = 0;
  // Objects on the path from the root to the value being checked: meeting one again is a cycle.
  private readonly ancestors = new Map<object, string>();
  // Tasks on the path from the root (nested ones in cases, branches, loops and inline sub-workflows).
  private taskLevel = 0;

  constructor(private readonly prefix: string) {}

  add(path: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path: `${this.prefix}${path}`, message });
    else this.dropped++;
  }

  finish(): ValidationProblem[] {
    if (this.dropped > 0)
      this.problems.push({ path: `${this.prefix}(definition)`, message: `and ${this.dropped} more problem(s)` });
    return this.problems;
  }

  /** Enters a container; false (with the problem recorded) when it is cyclic or too deep. */
  private enter(value: object, path: string, depth: number): boolean {
    const earlier = this.ancestors.get(value);
    if (earlier !== undefined) {
      this.add(path, `cyclic reference (the value contains itself, first seen at ${earlier || "the root"})`);
      return false;
    }
    if (depth > MAX_DEFINITION_DEPTH) {
      this.add(path, `nested deeper than ${MAX_DEFINITION_DEPTH} levels`);
      return false;
    }
    this.ancestors.set(value, path);
    return true;
  }

  private leave(value: object): void {
    this.ancestors.delete(value);
  }

  /** Any JSON value: plain objects, arrays, strings, finite numbers, booleans, null. */
  json(value: unknown, path: string, depth: number): void {
    if (value === null || typeof value === "string" || typeof value === "boolean") return;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) this.add(path, `expected a JSON value, got ${describeType(value)}`);
      return;
    }
    if (Array.isArray(value)) {
      if (!this.enter(value, path, depth)) return;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item === undefined) this.add(`${path}[${i}]`, "expected a JSON value, got undefined");
        else this.json(item, `${path}[${i}]`, depth + 1);
      }
      this.leave(value);
      return;
    }
    if (!isPlainObject(value)) {
      this.add(path, `expected a JSON value, got ${describeType(value)}`);
      return;
    }
    if (!this.enter(value, path, depth)) return;
    for (const [name, item] of Object.entries(value)) this.property(name, item, path, depth, undefined);
    this.leave(value);
  }

  private property(name: string, item: unknown, path: string, depth: number, kind: Kind | undefined): void {
    const here = key(path, name);
    if (name === "__proto__") {
      this.add(here, 'the property name "__proto__" is not allowed');
      return;
    }
    if (item === undefined) return; // absent, as in JSON
    if (kind === undefined) this.json(item, here, depth + 1);
    else this.typed(kind, item, here, depth + 1);
  }

  private fields(value: Record<string, unknown>, schema: Record<string, Kind>, path: string, depth: number): void {
    if (!this.enter(value, path, depth)) return;
    for (const [name, item] of Object.entries(value)) {
      const kind = Object.prototype.hasOwnProperty.call(schema, name) ? schema[name] : undefined;
      this.property(name, item, path, depth, kind);
    }
    this.leave(value);
  }

  workflow(value: unknown, path: string, depth: number): void {
    if (!isPlainObject(value)) {
      this.add(path || "(definition)", `expected a workflow definition object, got ${describeType(value)}`);
      return;
    }
    this.fields(value, WORKFLOW_FIELDS, path, depth);
  }

  private task(value: unknown, path: string, depth: number): void {
    if (!isPlainObject(value)) {
      this.add(path, `expected a task object, got ${describeType(value)}`);
      return;
    }
    if (this.taskLevel >= MAX_TASK_NESTING) {
      this.add(path, `tasks are nested deeper than ${MAX_TASK_NESTING} levels`);
      return;
    }
    this.taskLevel++;
    this.fields(value, TASK_FIELDS, path, depth);
    this.taskLevel--;
  }

  private list(value: unknown, path: string, depth: number, each: (item: unknown, at: string) => void): void {
    if (!this.enter(value as object, path, depth)) return;
    (value as unknown[]).forEach((item, i) => each(item, `${path}[${i}]`));
    this.leave(value as object);
  }

  private typed(kind: Kind, value: unknown, path: string, depth: number): void {
    const wrong = () => this.add(path, `expected ${EXPECTED[kind]}, got ${describeType(value)}`);
    switch (kind) {
      case "string":
      case "boolean":
        if (typeof value !== kind) wrong();
        return;
      case "number":
        if (typeof value !== "number" || !Number.isFinite(value)) wrong();
        return;
      case "object":
        if (!isPlainObject(value)) wrong();
        else this.json(value, path, depth);
        return;
      case "strings":
        if (!Array.isArray(value)) wrong();
        else
          this.list(value, path, depth, (item, at) => {
            if (typeof item !== "string") this.add(at, `expected a string, got ${describeType(item)}`);
          });
        return;
      case "tasks":
        if (!Array.isArray(value)) wrong();
        else this.list(value, path, depth, (item, at) => this.task(item, at, depth + 1));
        return;
      case "branches":
        if (!Array.isArray(value)) wrong();
        else this.list(value, path, depth, (item, at) => this.typed("tasks", item, at, depth + 1));
        return;
      case "cases":
        if (!isPlainObject(value)) wrong();
        else {
          if (!this.enter(value, path, depth)) return;
          for (const [name, item] of Object.entries(value)) {
            if (name === "__proto__") this.add(key(path, name), 'the property name "__proto__" is not allowed');
            else if (item !== undefined) this.typed("tasks", item, key(path, name), depth + 1);
          }
          this.leave(value);
        }
        return;
      case "subWorkflowParam":
        if (!isPlainObject(value)) wrong();
        else this.fields(value, SUB_WORKFLOW_PARAM_FIELDS, path, depth);
        return;
      case "workflowOrExpression":
        if (typeof value === "string") return;
        if (!isPlainObject(value)) wrong();
        else this.workflow(value, path, depth);
        return;
    }
  }
}

/**
 * Structural problems of a would-be WorkflowDef (empty when the builder and validation can read
 * it safely). `prefix` is put in front of every path.
 */
export function definitionShapeProblems(def: unknown, prefix = ""): ValidationProblem[] {
  const checker = new ShapeChecker(prefix);
  checker.workflow(def, "", 0);
  return checker.finish();
}
