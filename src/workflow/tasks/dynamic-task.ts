import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/** Runs the task whose name `taskNameExpression` evaluates to at run time. */
export class DynamicTask extends BaseTask {
  dynamicTaskNameParam: string | undefined;

  constructor(taskReferenceName: string, taskNameExpression: string, options: TaskOptions = {}) {
    super("DYNAMIC", taskReferenceName, taskReferenceName, { taskToExecute: taskNameExpression }, options);
    this.dynamicTaskNameParam = "taskToExecute";
  }

  protected override typeFields(): JsonMap {
    return this.dynamicTaskNameParam === undefined ? {} : { dynamicTaskNameParam: this.dynamicTaskNameParam };
  }

  static fromWorkflowTask(json: WorkflowTask): DynamicTask {
    const task = new DynamicTask("", "").restoreFrom(json, ["dynamicTaskNameParam"]);
    task.dynamicTaskNameParam = json.dynamicTaskNameParam;
    return task;
  }
}
