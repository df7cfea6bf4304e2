import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/** Publishes its input to an event sink such as `conductor:<queue>`, `sqs:<queue>`, `kafka:<topic>`. */
export class EventTask extends BaseTask {
  sink: string;

  constructor(taskReferenceName: string, sink: string, inputParameters: JsonMap = {}, options: TaskOptions = {}) {
    super("EVENT", taskReferenceName, taskReferenceName, inputParameters, options);
    this.sink = sink;
  }

  protected override typeFields(): JsonMap {
    return { sink: this.sink };
  }

  static fromWorkflowTask(json: WorkflowTask): EventTask {
    const task = new EventTask("", "").restoreFrom(json, ["sink"]);
    task.sink = json.sink ?? "";
    return task;
  }
}
