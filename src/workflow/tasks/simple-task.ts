import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/** A task executed by a worker polling for `taskDefName`. */
export class SimpleTask extends BaseTask {
  constructor(
    taskDefName: string,
    taskReferenceName: string,
    inputParameters: JsonMap = {},
    options: TaskOptions = {},
  ) {
    super("SIMPLE", taskDefName, taskReferenceName, inputParameters, options);
  }

  static fromWorkflowTask(json: WorkflowTask): SimpleTask {
    return new SimpleTask("", "").restoreFrom(json);
  }
}
