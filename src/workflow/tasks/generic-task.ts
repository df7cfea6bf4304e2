import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/**
 * Any task type without a dedicated builder (legacy DECISION/LAMBDA, JDBC, custom system tasks).
 * fromWorkflowDef uses it so definitions with such tasks still round-trip unchanged.
 */
export class GenericTask extends BaseTask {
  constructor(
    type: string,
    name: string,
    taskReferenceName: string,
    inputParameters: JsonMap = {},
    options: TaskOptions = {},
  ) {
    super(type, name, taskReferenceName, inputParameters, options);
  }

  static fromWorkflowTask(json: WorkflowTask): GenericTask {
    return new GenericTask(json.type ?? "SIMPLE", "", "").restoreFrom(json);
  }
}
