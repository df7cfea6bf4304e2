import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/**
 * Transforms its input with a jq expression; output `result` (first value) and `resultList`.
 *
 * @example
 * ```ts
 * const names = new JsonJqTask("names", "[.users[].name]", { users: wf.input("users") });
 * wf.add(names).outputParameters({ names: names.output("result") });
 * ```
 */
export class JsonJqTask extends BaseTask {
  constructor(taskReferenceName: string, queryExpression: string, inputs: JsonMap = {}, options: TaskOptions = {}) {
    super("JSON_JQ_TRANSFORM", taskReferenceName, taskReferenceName, { ...inputs, queryExpression }, options);
  }

  get queryExpression(): string | undefined {
    return this.inputParameters.queryExpression as string | undefined;
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const jq = JsonJqTask.fromWorkflowTask({
   *   name: "names",
   *   taskReferenceName: "names",
   *   type: "JSON_JQ_TRANSFORM",
   *   inputParameters: { queryExpression: "[.users[].name]" },
   * });
   * jq.queryExpression; // "[.users[].name]"
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): JsonJqTask {
    return new JsonJqTask("", "").restoreFrom(json);
  }
}
