import { BaseTask, requireTasks, toWorkflowTasks, type ChildGroup, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

export type SwitchEvaluator = "value-param" | "javascript" | "graaljs";

export interface SwitchTaskOptions extends TaskOptions {
  /**
   * `value-param` (default): the case is the value of `caseExpression` (any `${...}` expression or literal).
   * `javascript` / `graaljs`: `caseExpression` is a script over `$.<input>` whose result picks the case.
   */
  evaluatorType?: SwitchEvaluator;
}

// Input key the value-param evaluator reads when the builder wires the case expression itself.
const VALUE_PARAM_INPUT = "switchCaseValue";

/**
 * Chooses one list of tasks by the value of an expression; unmatched values run the default case.
 *
 * @example
 * ```ts
 * const route = new SwitchTask("route", wf.input("country"))
 *   .switchCase("US", new SimpleTask("ship_us", "ship_us"))
 *   .switchCase("DE", new SimpleTask("ship_eu", "ship_de"))
 *   .defaultCase(new SimpleTask("ship_intl", "ship_intl"));
 * wf.add(route);
 * // A script picks the case instead: new SwitchTask("size", "$.amount > 100 ? 'big' : 'small'", { evaluatorType: "graaljs" })
 * ```
 */
export class SwitchTask extends BaseTask {
  evaluatorType: string | undefined;
  expression: string | undefined;
  cases: Record<string, BaseTask[]> = {};
  defaultTasks: BaseTask[] = [];

  constructor(taskReferenceName: string, caseExpression: string, options: SwitchTaskOptions = {}) {
    const { evaluatorType = "value-param", ...rest } = options;
    const valueParam = evaluatorType === "value-param";
    super(
      "SWITCH",
      taskReferenceName,
      taskReferenceName,
      valueParam ? { [VALUE_PARAM_INPUT]: caseExpression } : {},
      rest,
    );
    this.evaluatorType = evaluatorType;
    this.expression = valueParam ? VALUE_PARAM_INPUT : caseExpression;
  }

  /**
   * Adds (or extends) the tasks run when the expression equals `value` (chainable).
   *
   * @example
   * ```ts
   * new SwitchTask("approval", review.output("decision"))
   *   .switchCase("approved", new SimpleTask("fulfil", "fulfil"))
   *   .switchCase("rejected", new SimpleTask("notify_rejection", "notify"), new TerminateTask("stop", "COMPLETED"));
   * ```
   */
  switchCase(value: string | number | boolean, ...tasks: BaseTask[]): this {
    const key = String(value);
    requireTasks(tasks, "tasks", `SwitchTask "${this.taskReferenceName}".switchCase`);
    this.cases[key] = [...(this.cases[key] ?? []), ...tasks];
    return this;
  }

  /**
   * Sets the tasks run when no case matches (chainable).
   *
   * @example
   * ```ts
   * new SwitchTask("route", wf.input("country"))
   *   .switchCase("US", usTask)
   *   .defaultCase(new NoopTask("no_route"));
   * ```
   */
  defaultCase(...tasks: BaseTask[]): this {
    requireTasks(tasks, "tasks", `SwitchTask "${this.taskReferenceName}".defaultCase`);
    this.defaultTasks = [...this.defaultTasks, ...tasks];
    return this;
  }

  /**
   * The case lists, with their paths: `decisionCases.<value>` and `defaultCase`.
   *
   * @example
   * ```ts
   * for (const group of route.childGroups()) console.log(group.path, group.tasks.length); // "decisionCases.US" 1, ...
   * ```
   */
  override childGroups(): ChildGroup[] {
    return [
      ...Object.entries(this.cases).map(([value, tasks]) => ({ path: `decisionCases.${value}`, tasks })),
      { path: "defaultCase", tasks: this.defaultTasks },
    ];
  }

  protected override typeFields(): JsonMap {
    const fields: JsonMap = {};
    if (this.evaluatorType !== undefined) fields.evaluatorType = this.evaluatorType;
    if (this.expression !== undefined) fields.expression = this.expression;
    return {
      ...fields,
      decisionCases: Object.fromEntries(
        Object.entries(this.cases).map(([value, tasks]) => [value, toWorkflowTasks(tasks)]),
      ),
      defaultCase: toWorkflowTasks(this.defaultTasks),
    };
  }

  /**
   * Rebuilds the builder from WorkflowTask JSON; `parse` rebuilds each case's task list.
   *
   * @example
   * ```ts
   * const route = SwitchTask.fromWorkflowTask(json, (tasks) => tasks.map((t) => taskFromJson(t, (def) => ConductorWorkflow.fromWorkflowDef(def))));
   * Object.keys(route.cases); // ["US", "DE"]
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask, parse: (tasks: WorkflowTask[]) => BaseTask[]): SwitchTask {
    const task = new SwitchTask("", "").restoreFrom(json, [
      "evaluatorType",
      "expression",
      "decisionCases",
      "defaultCase",
    ]);
    task.evaluatorType = json.evaluatorType;
    task.expression = json.expression;
    for (const [value, tasks] of Object.entries(json.decisionCases ?? {})) task.cases[value] = parse(tasks);
    task.defaultTasks = parse(json.defaultCase ?? []);
    return task;
  }
}
