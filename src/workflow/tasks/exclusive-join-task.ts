import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/**
 * Joins the branches of a SWITCH: completes with the output of whichever `joinOn` task ran,
 * or of `defaultExclusiveJoinTask` when none did.
 *
 * @example
 * ```ts
 * const route = new SwitchTask("route", wf.input("tier"))
 *   .switchCase("gold", new SimpleTask("gold_offer", "gold"))
 *   .defaultCase(new SimpleTask("basic_offer", "basic"));
 * wf.add(route, new ExclusiveJoinTask("offer", ["gold"], ["basic"]));
 * ```
 */
export class ExclusiveJoinTask extends BaseTask {
  joinOn: string[];
  defaultExclusiveJoinTask: string[] | undefined;

  constructor(
    taskReferenceName: string,
    joinOn: string[] = [],
    defaultExclusiveJoinTask?: string[],
    options: TaskOptions = {},
  ) {
    super("EXCLUSIVE_JOIN", taskReferenceName, taskReferenceName, {}, options);
    this.joinOn = [...joinOn];
    this.defaultExclusiveJoinTask = defaultExclusiveJoinTask ? [...defaultExclusiveJoinTask] : undefined;
  }

  protected override typeFields(): JsonMap {
    const fields: JsonMap = { joinOn: [...this.joinOn] };
    if (this.defaultExclusiveJoinTask !== undefined)
      fields.defaultExclusiveJoinTask = [...this.defaultExclusiveJoinTask];
    return fields;
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const join = ExclusiveJoinTask.fromWorkflowTask({
   *   name: "offer",
   *   taskReferenceName: "offer",
   *   type: "EXCLUSIVE_JOIN",
   *   joinOn: ["gold"],
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): ExclusiveJoinTask {
    const task = new ExclusiveJoinTask("").restoreFrom(json, ["joinOn", "defaultExclusiveJoinTask"]);
    task.joinOn = [...(json.joinOn ?? [])];
    task.defaultExclusiveJoinTask = json.defaultExclusiveJoinTask ? [...json.defaultExclusiveJoinTask] : undefined;
    return task;
  }
}
