import type { FieldPath } from "../expressions.js";
import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/**
 * A task executed by a worker polling for `taskDefName`. `Out` (the worker's output type) checks
 * the paths given to `output()`: `new SimpleTask<{ total: number }>("price", "p").output("total")`.
 *
 * @example
 * ```ts
 * const price = new SimpleTask<{ total: number }>("price_order", "price", { orderId: wf.input("orderId") });
 * wf.add(price).outputParameters({ total: price.output("total") });
 * ```
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

  /**
   * Expression for this task's output, e.g. `${ref.output.total}`; the path is checked against `Out`.
   *
   * @example
   * ```ts
   * new SimpleTask<{ user: { id: string } }>("lookup", "lookup").output("user.id"); // "${lookup.output.user.id}"
   * ```
   */
  override output(path?: FieldPath<Out>): string {
    return super.output(path);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const task = SimpleTask.fromWorkflowTask({ name: "price_order", taskReferenceName: "price" });
   * task.withInput("orderId", "o-1");
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): SimpleTask {
    return new SimpleTask("", "").restoreFrom(json);
  }
}
