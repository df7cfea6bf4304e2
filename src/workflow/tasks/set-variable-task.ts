import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/** Sets workflow variables (read back with `wf.variable('name')` / `${workflow.variables.name}`). */
export class SetVariableTask extends BaseTask {
  constructor(taskReferenceName: string, variables: JsonMap, options: TaskOptions = {}) {
    super("SET_VARIABLE", taskReferenceName, taskReferenceName, variables, options);
  }

  static fromWorkflowTask(json: WorkflowTask): SetVariableTask {
    return new SetVariableTask("", {}).restoreFrom(json);
  }
}
