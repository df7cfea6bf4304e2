import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/**
 * Any task type without a dedicated builder (legacy DECISION/LAMBDA, JDBC, custom system tasks).
 * fromWorkflowDef uses it so definitions with such tasks still round-trip unchanged.
 *
 * @example
 * ```ts
 * // A legacy LAMBDA task, for which there is no dedicated builder:
 * wf.add(new GenericTask("LAMBDA", "double", "double", { value: wf.input("n"), scriptExpression: "return $.value * 2;" }));
 * ```
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

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, keeping every field.
   *
   * @example
   * ```ts
   * const jdbc = GenericTask.fromWorkflowTask({ name: "query", taskReferenceName: "query", type: "JDBC" });
   * jdbc.type; // "JDBC"
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): GenericTask {
    return new GenericTask(json.type ?? "SIMPLE", "", "").restoreFrom(json);
  }
}
