import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/**
 * Sets workflow variables (read back with `wf.variable('name')` / `${workflow.variables.name}`).
 *
 * @example
 * ```ts
 * wf.add(new SetVariableTask("remember_user", { userId: lookup.output("id") }));
 * wf.add(new SimpleTask("greet", "greet", { userId: wf.variable("userId") }));
 * ```
 */
export class SetVariableTask extends BaseTask {
  constructor(taskReferenceName: string, variables: JsonMap, options: TaskOptions = {}) {
    super("SET_VARIABLE", taskReferenceName, taskReferenceName, variables, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const set = SetVariableTask.fromWorkflowTask({
   *   name: "remember_user",
   *   taskReferenceName: "remember_user",
   *   type: "SET_VARIABLE",
   *   inputParameters: { userId: "${lookup.output.id}" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): SetVariableTask {
    return new SetVariableTask("", {}).restoreFrom(json);
  }
}
