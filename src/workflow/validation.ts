// Client-side checks of a workflow definition, run before it is registered, started or executed.
// Every problem is collected so one error reports them all, each with the path of the task at fault.
import { InvalidArgumentError } from "../errors/conductor-error.js";
import { aiInputProblems } from "./ai-validation.js";
import { definitionShapeProblems } from "./definition-shape.js";
import { referencedTasks } from "./expressions.js";
import type { JsonMap, WorkflowDef, WorkflowTask } from "./types.js";

export interface ValidationProblem {
  /** Where the problem is, e.g. `tasks[2].decisionCases.approved[0] (ref "x")` or `name`. */
  path: string;
  message: string;
}

/**
 * The definition has problems the client can see; nothing was sent. Part of the SDK's error family
 * (an InvalidArgumentError for argument `workflow`); `problems` lists every problem found.
 *
 * @example
 * ```ts
 * try {
 *   await wf.register();
 * } catch (error) {
 *   if (error instanceof WorkflowValidationError) {
 *     for (const problem of error.problems) console.error(`${problem.path}: ${problem.message}`);
 *   } else throw error;
 * }
 * ```
 */
export class WorkflowValidationError extends InvalidArgumentError {
  static override readonly kind: string = "WorkflowValidationError";
  readonly problems: readonly ValidationProblem[];
  readonly workflowName: string;

  constructor(init: { workflowName: string; problems: readonly ValidationProblem[] }) {
    const { workflowName, problems } = init;
    const list = problems.map((p) => `  - ${p.path || "(definition)"}: ${p.message}`).join("\n");
    super(
      `Workflow "${workflowName}" is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${list}`,
      {
        argument: "workflow",
        validationErrors: problems.map((p) => ({ path: p.path, message: p.message })),
      },
    );
    this.workflowName = workflowName;
    this.problems = problems;
  }
}

const TERMINATION_STATUSES = ["COMPLETED", "FAILED", "TERMINATED"];
const SCRIPT_EVALUATORS = ["javascript", "graaljs"];
const SWITCH_EVALUATORS = ["value-param", "javascript", "graaljs"];
const INLINE_EVALUATORS = ["javascript", "graaljs", "python", "value-param"];
const FORKS = ["FORK_JOIN", "FORK_JOIN_DYNAMIC"];

interface Located {
  task: WorkflowTask;
  path: string;
}

/**
 * Checks a workflow definition; returns every problem found (empty when it looks runnable). Never
 * throws: a definition of the wrong shape (wrong types, cycles, absurd depth, not an object at all)
 * yields problems naming each bad field, e.g. `tasks[2].loopCondition: expected a string, got number`.
 *
 * @example
 * ```ts
 * const problems = validateWorkflowDef(wf.toWorkflowDef());
 * if (problems.length > 0) console.error(problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
 * ```
 */
export function validateWorkflowDef(def: WorkflowDef, prefix = ""): ValidationProblem[] {
  const shape = definitionShapeProblems(def, prefix);
  return shape.length > 0 ? shape : semanticProblems(def, prefix);
}

/** The checks of a definition whose shape is known to be right. */
function semanticProblems(def: WorkflowDef, prefix: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path: `${prefix}${path}`, message });

  if (typeof def.name !== "string" || def.name.trim() === "") add("name", "workflow name is empty");
  if (def.version !== undefined && (!Number.isInteger(def.version) || def.version < 1)) {
    add("version", `version must be a positive integer, got ${String(def.version)}`);
  }
  if (def.timeoutSeconds !== undefined && (!Number.isInteger(def.timeoutSeconds) || def.timeoutSeconds < 0)) {
    add("timeoutSeconds", `timeoutSeconds must be a non-negative integer, got ${String(def.timeoutSeconds)}`);
  }
  if (def.timeoutPolicy !== undefined && !["TIME_OUT_WF", "ALERT_ONLY"].includes(def.timeoutPolicy)) {
    add("timeoutPolicy", `timeoutPolicy must be TIME_OUT_WF or ALERT_ONLY, got "${String(def.timeoutPolicy)}"`);
  }
  if (def.schemaVersion !== undefined && def.schemaVersion !== 2) add("schemaVersion", "schemaVersion must be 2");
  if (!Array.isArray(def.tasks) || def.tasks.length === 0) {
    add("tasks", "a workflow needs at least one task");
    return problems;
  }

  // First pass: every task with its path, so references can be checked against the whole tree.
  const located: Located[] = [];
  const collect = (tasks: unknown, path: string) => {
    if (!Array.isArray(tasks)) return;
    tasks.forEach((task, i) => {
      const here = `${path}[${i}]`;
      if (task === null || typeof task !== "object") {
        add(here, "is not a task object");
        return;
      }
      const t = task as WorkflowTask;
      located.push({ task: t, path: here });
      for (const [value, list] of Object.entries(t.decisionCases ?? {}))
        collect(list, `${here}.decisionCases.${value}`);
      collect(t.defaultCase, `${here}.defaultCase`);
      (t.forkTasks ?? []).forEach((branch, b) => collect(branch, `${here}.forkTasks[${b}]`));
      collect(t.loopOver, `${here}.loopOver`);
    });
  };
  collect(def.tasks, "tasks");

  const label = (l: Located) => `${l.path}${l.task.taskReferenceName ? ` (ref "${l.task.taskReferenceName}")` : ""}`;
  const firstUse = new Map<string, string>();
  for (const l of located) {
    const ref = l.task.taskReferenceName;
    if (typeof ref !== "string" || ref.trim() === "") continue;
    const previous = firstUse.get(ref);
    if (previous === undefined) firstUse.set(ref, l.path);
    else add(label(l), `duplicate reference name "${ref}" (first used at ${previous})`);
  }
  const known = new Set(firstUse.keys());
  // Dynamic forks create reference names at run time, so references cannot all be known up front.
  const hasDynamicFork = located.some((l) => l.task.type === "FORK_JOIN_DYNAMIC");

  const checkExpressions = (where: string, value: unknown, skipKeys: readonly string[] = []) => {
    if (hasDynamicFork) return;
    for (const text of stringsIn(value, skipKeys)) {
      for (const ref of referencedTasks(text)) {
        if (!known.has(ref))
          add(where, `expression "${excerpt(text)}" refers to task reference "${ref}", which is not in this workflow`);
      }
    }
  };

  for (const l of located) checkTask(l, label(l), add, known, checkExpressions);

  // A fork needs a JOIN right after it in the same list.
  const checkSequence = (tasks: unknown, path: string) => {
    if (!Array.isArray(tasks)) return;
    tasks.forEach((task, i) => {
      const t = task as WorkflowTask | null;
      if (t === null || typeof t !== "object") return;
      const here = `${path}[${i}]`;
      if (FORKS.includes(t.type ?? "")) {
        const next = tasks[i + 1] as WorkflowTask | undefined;
        if (next?.type !== "JOIN")
          add(
            `${here}${t.taskReferenceName ? ` (ref "${t.taskReferenceName}")` : ""}`,
            `${t.type} must be followed by a JOIN task`,
          );
      }
      for (const [value, list] of Object.entries(t.decisionCases ?? {}))
        checkSequence(list, `${here}.decisionCases.${value}`);
      checkSequence(t.defaultCase, `${here}.defaultCase`);
      (t.forkTasks ?? []).forEach((branch, b) => checkSequence(branch, `${here}.forkTasks[${b}]`));
      checkSequence(t.loopOver, `${here}.loopOver`);
    });
  };
  checkSequence(def.tasks, "tasks");

  checkExpressions("outputParameters", def.outputParameters);
  checkExpressions("inputTemplate", def.inputTemplate);
  return problems;
}

function checkTask(
  l: Located,
  where: string,
  add: (path: string, message: string) => void,
  known: Set<string>,
  checkExpressions: (where: string, value: unknown, skipKeys?: readonly string[]) => void,
): void {
  const t = l.task;
  const input = (t.inputParameters ?? {}) as JsonMap;
  if (typeof t.taskReferenceName !== "string" || t.taskReferenceName.trim() === "")
    add(where, "taskReferenceName is empty");
  // A sub-workflow task is named after its workflow; the missing workflow name is reported below instead.
  const unnamedSub = t.type === "SUB_WORKFLOW" && !t.subWorkflowParam?.name;
  if ((typeof t.name !== "string" || t.name.trim() === "") && !unnamedSub) add(where, "task name is empty");

  switch (t.type) {
    case "SWITCH":
    case "DECISION": {
      if (Object.keys(t.decisionCases ?? {}).length === 0)
        add(where, `${t.type} has no cases (decisionCases is empty)`);
      if (t.type === "SWITCH") {
        if (!t.evaluatorType) add(where, "SWITCH needs an evaluatorType (value-param, javascript or graaljs)");
        else if (!SWITCH_EVALUATORS.includes(t.evaluatorType))
          add(where, `SWITCH evaluatorType "${t.evaluatorType}" is not one of ${SWITCH_EVALUATORS.join(", ")}`);
        if (!t.expression) add(where, "SWITCH needs an expression");
        else if (t.evaluatorType === "value-param" && !(t.expression in input)) {
          add(where, `value-param SWITCH reads input "${t.expression}", which is not among its inputParameters`);
        }
      }
      break;
    }
    case "FORK_JOIN": {
      const branches = t.forkTasks ?? [];
      if (branches.length === 0) add(where, "FORK_JOIN has no branches");
      branches.forEach((b, i) => {
        if (!Array.isArray(b) || b.length === 0) add(`${where}.forkTasks[${i}]`, "fork branch is empty");
      });
      break;
    }
    case "JOIN":
    case "EXCLUSIVE_JOIN": {
      for (const ref of t.joinOn ?? []) {
        if (!known.has(ref)) add(where, `joinOn names "${ref}", which is not a task reference in this workflow`);
      }
      for (const ref of t.defaultExclusiveJoinTask ?? []) {
        if (!known.has(ref))
          add(where, `defaultExclusiveJoinTask names "${ref}", which is not a task reference in this workflow`);
      }
      break;
    }
    case "DO_WHILE": {
      if (!t.loopCondition || t.loopCondition.trim() === "") add(where, "DO_WHILE has no loopCondition");
      if (!t.loopOver || t.loopOver.length === 0) add(where, "DO_WHILE has no tasks to loop over (loopOver is empty)");
      if (t.evaluatorType !== undefined && !SCRIPT_EVALUATORS.includes(t.evaluatorType)) {
        add(where, `DO_WHILE evaluatorType "${t.evaluatorType}" is not one of ${SCRIPT_EVALUATORS.join(", ")}`);
      }
      break;
    }
    case "SUB_WORKFLOW": {
      const params = t.subWorkflowParam;
      if (!params || typeof params.name !== "string" || params.name.trim() === "")
        add(where, "SUB_WORKFLOW has no workflow name (subWorkflowParam.name)");
      else if (params.workflowDefinition && typeof params.workflowDefinition === "object") {
        const inner = semanticProblems(
          params.workflowDefinition as unknown as WorkflowDef,
          `${where}.subWorkflowParam.workflowDefinition.`,
        );
        for (const p of inner) add(p.path, p.message);
      }
      break;
    }
    case "START_WORKFLOW": {
      const start = input.startWorkflow as JsonMap | undefined;
      if (typeof start !== "object" || start === null || typeof start.name !== "string" || start.name.trim() === "") {
        add(where, "START_WORKFLOW has no workflow name (inputParameters.startWorkflow.name)");
      }
      break;
    }
    case "HTTP": {
      const req = input.http_request as JsonMap | undefined;
      const uri = req && typeof req === "object" ? req.uri : input.uri;
      if (typeof uri !== "string" || uri.trim() === "")
        add(where, "HTTP has no uri (inputParameters.http_request.uri)");
      break;
    }
    case "INLINE": {
      if (typeof input.expression !== "string" || input.expression.trim() === "")
        add(where, "INLINE has no script (inputParameters.expression)");
      if (typeof input.evaluatorType !== "string" || !INLINE_EVALUATORS.includes(input.evaluatorType)) {
        add(
          where,
          `INLINE evaluatorType must be one of ${INLINE_EVALUATORS.join(", ")}, got ${JSON.stringify(input.evaluatorType)}`,
        );
      }
      break;
    }
    case "JSON_JQ_TRANSFORM": {
      if (typeof input.queryExpression !== "string" || input.queryExpression.trim() === "")
        add(where, "JSON_JQ_TRANSFORM has no queryExpression");
      break;
    }
    case "TERMINATE": {
      if (!TERMINATION_STATUSES.includes(String(input.terminationStatus))) {
        add(
          where,
          `TERMINATE terminationStatus must be one of ${TERMINATION_STATUSES.join(", ")}, got ${JSON.stringify(input.terminationStatus)}`,
        );
      }
      if (t.optional === true) add(where, "TERMINATE cannot be optional");
      break;
    }
    case "WAIT": {
      if (input.duration !== undefined && input.until !== undefined)
        add(where, "WAIT has both duration and until; give one");
      break;
    }
    case "EVENT": {
      if (typeof t.sink !== "string" || !/^[^:\s]+(:.*)?$/.test(t.sink))
        add(where, "EVENT has no sink (e.g. conductor:<queue> or sqs:<queue>)");
      break;
    }
    case "KAFKA_PUBLISH": {
      const req = input.kafka_request as JsonMap | undefined;
      if (typeof req !== "object" || req === null) add(where, "KAFKA_PUBLISH has no kafka_request");
      else {
        if (typeof req.topic !== "string" || req.topic === "") add(where, "KAFKA_PUBLISH kafka_request has no topic");
        if (typeof req.bootStrapServers !== "string" || req.bootStrapServers === "")
          add(where, "KAFKA_PUBLISH kafka_request has no bootStrapServers");
      }
      break;
    }
    case "DYNAMIC": {
      if (!t.dynamicTaskNameParam) add(where, "DYNAMIC has no dynamicTaskNameParam");
      else if (!(t.dynamicTaskNameParam in input))
        add(where, `DYNAMIC reads input "${t.dynamicTaskNameParam}", which is not among its inputParameters`);
      break;
    }
    case "FORK_JOIN_DYNAMIC": {
      if (!("forkTaskInputs" in input) && !t.dynamicForkJoinTasksParam) {
        if (!t.dynamicForkTasksParam)
          add(where, "FORK_JOIN_DYNAMIC has no dynamicForkTasksParam (or forkTaskInputs input)");
        if (!t.dynamicForkTasksInputParamName) add(where, "FORK_JOIN_DYNAMIC has no dynamicForkTasksInputParamName");
      }
      break;
    }
  }

  for (const p of aiInputProblems(String(t.type), input)) add(where, `inputParameters.${p.field}: ${p.message}`);

  if (typeof t.startDelay === "number" && t.startDelay < 0) add(where, "startDelay must not be negative");
  if (typeof t.retryCount === "number" && t.retryCount < 0) add(where, "retryCount must not be negative");
  const def = t.taskDefinition;
  if (
    def &&
    typeof def.timeoutSeconds === "number" &&
    def.timeoutSeconds > 0 &&
    typeof def.responseTimeoutSeconds === "number" &&
    def.responseTimeoutSeconds > def.timeoutSeconds
  ) {
    add(
      where,
      `taskDefinition.responseTimeoutSeconds (${def.responseTimeoutSeconds}) must not exceed timeoutSeconds (${def.timeoutSeconds})`,
    );
  }
  // Scripts may legitimately contain JavaScript template literals, so an INLINE script is not scanned.
  checkExpressions(where, input, t.type === "INLINE" ? ["expression"] : []);
  if (t.cacheConfig?.key) checkExpressions(where, t.cacheConfig.key);
}

function* stringsIn(value: unknown, skipKeys: readonly string[] = []): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const v of value) yield* stringsIn(v);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) if (!skipKeys.includes(k)) yield* stringsIn(v);
  }
}

function excerpt(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
