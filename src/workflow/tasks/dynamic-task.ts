import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/**
 * Runs the task whose name `taskNameExpression` evaluates to at run time.
 *
 * @example
 * ```ts
 * // Runs the worker task named by the workflow input, e.g. { handler: "pay_by_card" }.
 * wf.add(new DynamicTask("pay", wf.input("handler")));
 * ```
 */
export class DynamicTask extends BaseTask {
  dynamicTaskNameParam: string | undefined;

  constructor(taskReferenceName: string, taskNameExpression: string, options: TaskOptions = {}) {
    super("DYNAMIC", taskReferenceName, taskReferenceName, { taskToExecute: taskNameExpression }, options);
    this.dynamicTaskNameParam = "taskToExecute";
  }

  protected override typeFields(): JsonMap {
    return this.dynamicTaskNameParam === undefined ? {} : { dynamicTaskNameParam: this.dynamicTaskNameParam };
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const pay = DynamicTask.fromWorkflowTask({
   *   name: "pay",
   *   taskReferenceName: "pay",
   *   type: "DYNAMIC",
   *   inputParameters: { taskToExecute: "${workflow.input.handler}" },
   *   dynamicTaskNameParam: "taskToExecute",
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): DynamicTask {
    const task = new DynamicTask("", "").restoreFrom(json, ["dynamicTaskNameParam"]);
    task.dynamicTaskNameParam = json.dynamicTaskNameParam;
    return task;
  }
}
