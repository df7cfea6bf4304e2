import { BaseTask, type TaskOptions } from "../task.js";
import type { WorkflowTask } from "../types.js";

/** Does nothing and completes at once (a placeholder, e.g. an empty switch case). */
export class NoopTask extends BaseTask {
  constructor(taskReferenceName: string, options: TaskOptions = {}) {
    super("NOOP", taskReferenceName, taskReferenceName, {}, options);
  }

  static fromWorkflowTask(json: WorkflowTask): NoopTask {
    return new NoopTask("").restoreFrom(json);
  }
}
