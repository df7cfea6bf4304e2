import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";
import { JoinTask } from "./join-task.js";

/**
 * Forks at run time. Two ways to say what runs:
 * - `new DynamicForkTask(ref, tasksExpr, inputsExpr)`: `tasksExpr` yields a list of WorkflowTask JSON
 *   and `inputsExpr` a map from each task's reference name to its input.
 * - `DynamicForkTask.forEachInput(ref, taskName, inputsExpr)`: one `taskName` task per element of the
 *   list `inputsExpr` yields.
 * Like FORK_JOIN it must be followed by a JOIN (use `join()`), whose output collects every branch.
 *
 * @example
 * ```ts
 * // One "resize" task per image in the workflow input:
 * const fork = DynamicForkTask.forEachInput("resize_all", "resize", wf.input("images"));
 * wf.add(fork, fork.join());
 * // Or tasks and inputs computed by an earlier task:
 * const planned = new DynamicForkTask("run_plan", plan.output("tasks"), plan.output("inputs"));
 * ```
 */
export class DynamicForkTask extends BaseTask {
  dynamicForkTasksParam: string | undefined;
  dynamicForkTasksInputParamName: string | undefined;

  constructor(taskReferenceName: string, tasksExpression: string, inputsExpression: string, options: TaskOptions = {}) {
    super(
      "FORK_JOIN_DYNAMIC",
      taskReferenceName,
      taskReferenceName,
      { dynamicTasks: tasksExpression, dynamicTasksInput: inputsExpression },
      options,
    );
    this.dynamicForkTasksParam = "dynamicTasks";
    this.dynamicForkTasksInputParamName = "dynamicTasksInput";
  }

  /**
   * One task of type/name `taskName` per element of the list `inputsExpression` evaluates to.
   *
   * @example
   * ```ts
   * const fork = DynamicForkTask.forEachInput("notify_all", "notify", [{ user: "ana" }, { user: "bo" }]);
   * wf.add(fork, fork.join()); // the join's output has one entry per branch
   * ```
   */
  static forEachInput(
    taskReferenceName: string,
    taskName: string,
    inputsExpression: string | unknown[],
    options: TaskOptions & { taskType?: string } = {},
  ): DynamicForkTask {
    const { taskType, ...rest } = options;
    const task = new DynamicForkTask(taskReferenceName, "", "", rest);
    task.dynamicForkTasksParam = undefined;
    task.dynamicForkTasksInputParamName = undefined;
    task.inputParameters = {
      forkTaskName: taskName,
      forkTaskInputs: inputsExpression,
      ...(taskType ? { forkTaskType: taskType } : {}),
      ...(rest.inputParameters ?? {}),
    };
    return task;
  }

  /**
   * A JOIN collecting every dynamically forked branch.
   *
   * @example
   * ```ts
   * const fork = DynamicForkTask.forEachInput("resize_all", "resize", wf.input("images"));
   * wf.add(fork, fork.join("resized"));
   * ```
   */
  join(taskReferenceName = `${this.taskReferenceName}_join`, options: TaskOptions = {}): JoinTask {
    return new JoinTask(taskReferenceName, [], options);
  }

  protected override typeFields(): JsonMap {
    const fields: JsonMap = {};
    if (this.dynamicForkTasksParam !== undefined) fields.dynamicForkTasksParam = this.dynamicForkTasksParam;
    if (this.dynamicForkTasksInputParamName !== undefined)
      fields.dynamicForkTasksInputParamName = this.dynamicForkTasksInputParamName;
    return fields;
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const fork = DynamicForkTask.fromWorkflowTask({
   *   name: "run_plan",
   *   taskReferenceName: "run_plan",
   *   type: "FORK_JOIN_DYNAMIC",
   *   inputParameters: { dynamicTasks: "${plan.output.tasks}", dynamicTasksInput: "${plan.output.inputs}" },
   *   dynamicForkTasksParam: "dynamicTasks",
   *   dynamicForkTasksInputParamName: "dynamicTasksInput",
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): DynamicForkTask {
    const task = new DynamicForkTask("", "", "").restoreFrom(json, [
      "dynamicForkTasksParam",
      "dynamicForkTasksInputParamName",
    ]);
    task.dynamicForkTasksParam = json.dynamicForkTasksParam;
    task.dynamicForkTasksInputParamName = json.dynamicForkTasksInputParamName;
    return task;
  }
}
