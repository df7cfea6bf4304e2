import type { FieldPath } from "../expressions.js";
import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/**
 * A task executed by a worker polling for `taskDefName`. `Out` (the worker's output type) checks
 * the paths given to `output()`: `new SimpleTask<{ total: number }>("price", "p").output("total")`.
 */
export class SimpleTask<Out extends object = Record<string, unknown>> extends BaseTask {
  constructor(
    taskDefName: string,
    taskReferenceName: string,
    inputParameters: JsonMap = {},
    options: TaskOptions = {},
  ) {
    super("SIMPLE", taskDefName, taskReferenceName, inputParameters, options);
  }

  /** Expression for this task's output, e.g. `${ref.output.total}`; the path is checked against `Out`. */
  override output(path?: FieldPath<Out>): string {
    return super.output(path);
  }

  static fromWorkflowTask(json: WorkflowTask): SimpleTask {
    return new SimpleTask("", "").restoreFrom(json);
  }
}
