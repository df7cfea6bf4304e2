import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/** Waits for a person: stays IN_PROGRESS until completed through the task API with its output. */
export class HumanTask extends BaseTask {
  constructor(taskReferenceName: string, inputParameters: JsonMap = {}, options: TaskOptions = {}) {
    super("HUMAN", taskReferenceName, taskReferenceName, inputParameters, options);
  }

  static fromWorkflowTask(json: WorkflowTask): HumanTask {
    return new HumanTask("").restoreFrom(json);
  }
}
