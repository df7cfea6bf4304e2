import { InvalidArgumentError } from "../../errors/conductor-error.js";
import { BaseTask, requireTasks, toWorkflowTasks, type ChildGroup, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/**
 * Runs `loopOver` at least once, then again while `loopCondition` (a javascript/graaljs script over
 * `$.<input>` and `$.<ref>` outputs, e.g. `$.loop['iteration'] < 3`) is true. Inside the loop the
 * server suffixes reference names with `__<iteration>`.
 *
 * @example
 * ```ts
 * const poll = new SimpleTask("check_status", "check");
 * const loop = new DoWhileTask("until_done", "$.check['done'] == false", [poll], { evaluatorType: "graaljs" });
 * wf.add(loop);
 * ```
 */
export class DoWhileTask extends BaseTask {
  loopCondition: string | undefined;
  loopOver: BaseTask[];
  evaluatorType: string | undefined;
  /** For list iteration: an expression yielding the list; each pass sees `item()` and `index()`. */
  items: string | undefined;

  constructor(
    taskReferenceName: string,
    loopCondition: string,
    loopOver: BaseTask[],
    options: TaskOptions & { evaluatorType?: "javascript" | "graaljs" } = {},
  ) {
    const { evaluatorType, ...rest } = options;
    super("DO_WHILE", taskReferenceName, taskReferenceName, {}, rest);
    this.loopCondition = loopCondition;
    this.loopOver = [...requireTasks(loopOver, "loopOver", `DoWhileTask "${taskReferenceName}"`)];
    this.evaluatorType = evaluatorType;
  }

  /**
   * Runs `loopOver` exactly `iterations` times.
   *
   * @example
   * ```ts
   * wf.add(DoWhileTask.times("retry_ping", 3, [new HttpTask("ping", "https://example.com/health")]));
   * ```
   */
  static times(
    taskReferenceName: string,
    iterations: number,
    loopOver: BaseTask[],
    options: TaskOptions = {},
  ): DoWhileTask {
    if (!Number.isInteger(iterations) || iterations < 1) {
      throw new InvalidArgumentError(
        `DoWhileTask.times: iterations must be a positive integer, got ${String(iterations)}`,
        { argument: "iterations" },
      );
    }
    const condition = `if ($.${taskReferenceName}['iteration'] < $.iterations) { true; } else { false; }`;
    const task = new DoWhileTask(taskReferenceName, condition, loopOver, options);
    task.inputParameters.iterations = iterations;
    return task;
  }

  /**
   * Runs `loopOver` once per element of the list `itemsExpression` yields (e.g. `wf.input("orders")`).
   * Inside the loop, `loop.item()` is the current element and `loop.index()` its 0-based position.
   * The condition also bounds the loop by the list's length, so it never runs past the end.
   *
   * @example
   * ```ts
   * const loop = DoWhileTask.forEach("each_order", wf.input("orders"), []);
   * loop.loopOver.push(new SimpleTask("ship", "ship", { order: loop.item(), position: loop.index() }));
   * wf.add(loop);
   * ```
   */
  static forEach(
    taskReferenceName: string,
    itemsExpression: string,
    loopOver: BaseTask[],
    options: TaskOptions = {},
  ): DoWhileTask {
    if (typeof itemsExpression !== "string" || itemsExpression.trim() === "") {
      throw new InvalidArgumentError(`DoWhileTask.forEach: itemsExpression must be a non-empty expression string`, {
        argument: "itemsExpression",
      });
    }
    const condition = `$.${taskReferenceName}['iteration'] < $.items.length`;
    const task = new DoWhileTask(taskReferenceName, condition, loopOver, options);
    task.inputParameters.items = itemsExpression;
    task.items = itemsExpression;
    return task;
  }

  /**
   * The current element of a `forEach` loop: `${ref.output.loopItem}` (or a path inside it).
   *
   * @example
   * ```ts
   * const loop = DoWhileTask.forEach("each_user", wf.input("users"), []);
   * loop.loopOver.push(new SimpleTask("greet", "greet", { name: loop.item("name") })); // ${each_user.output.loopItem.name}
   * ```
   */
  item(path?: string): string {
    return this.output(path === undefined || path === "" ? "loopItem" : `loopItem.${path}`);
  }

  /**
   * The 0-based position of the current element of a `forEach` loop.
   *
   * @example
   * ```ts
   * const loop = DoWhileTask.forEach("each_line", wf.input("lines"), []);
   * loop.loopOver.push(new SimpleTask("print", "print", { line: loop.item(), number: loop.index() }));
   * ```
   */
  index(): string {
    return this.output("loopIndex");
  }

  /**
   * The loop body, under the path `loopOver`.
   *
   * @example
   * ```ts
   * loop.childGroups(); // [{ path: "loopOver", tasks: [...] }]
   * ```
   */
  override childGroups(): ChildGroup[] {
    return [{ path: "loopOver", tasks: this.loopOver }];
  }

  protected override typeFields(): JsonMap {
    const fields: JsonMap = { loopOver: toWorkflowTasks(this.loopOver) };
    if (this.loopCondition !== undefined) fields.loopCondition = this.loopCondition;
    if (this.evaluatorType !== undefined) fields.evaluatorType = this.evaluatorType;
    if (this.items !== undefined) fields.items = this.items;
    return fields;
  }

  /**
   * Rebuilds the builder from WorkflowTask JSON; `parse` rebuilds the loop body.
   *
   * @example
   * ```ts
   * const loop = DoWhileTask.fromWorkflowTask(json, (tasks) => tasks.map((t) => taskFromJson(t, (def) => ConductorWorkflow.fromWorkflowDef(def))));
   * loop.loopCondition; // the script, as stored
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask, parse: (tasks: WorkflowTask[]) => BaseTask[]): DoWhileTask {
    const task = new DoWhileTask("", "", []).restoreFrom(json, ["loopCondition", "loopOver", "evaluatorType", "items"]);
    task.loopCondition = json.loopCondition;
    task.evaluatorType = json.evaluatorType;
    task.items = json.items;
    task.loopOver = parse(json.loopOver ?? []);
    return task;
  }
}
