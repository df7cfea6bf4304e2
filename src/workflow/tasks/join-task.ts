import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

export interface JoinTaskOptions extends TaskOptions {
  /** Optional script deciding when the join completes (evaluated with `evaluatorType`). */
  expression?: string;
  evaluatorType?: "javascript" | "graaljs";
}

/**
 * Waits for the named tasks of the preceding fork; output maps each reference to its output.
 *
 * @example
 * ```ts
 * const fork = new ForkTask("fan_out", [[emailTask], [smsTask]]);
 * wf.add(fork, new JoinTask("wait_all", [emailTask.taskReferenceName, smsTask.taskReferenceName]));
 * ```
 */
export class JoinTask extends BaseTask {
  joinOn: string[];
  expression: string | undefined;
  evaluatorType: string | undefined;

  constructor(taskReferenceName: string, joinOn: string[] = [], options: JoinTaskOptions = {}) {
    const { expression, evaluatorType, ...rest } = options;
    super("JOIN", taskReferenceName, taskReferenceName, {}, rest);
    this.joinOn = [...joinOn];
    this.expression = expression;
    this.evaluatorType = evaluatorType ?? (expression !== undefined ? "graaljs" : undefined);
  }

  protected override typeFields(): JsonMap {
    const fields: JsonMap = { joinOn: [...this.joinOn] };
    if (this.expression !== undefined) fields.expression = this.expression;
    if (this.evaluatorType !== undefined) fields.evaluatorType = this.evaluatorType;
    return fields;
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const join = JoinTask.fromWorkflowTask({ name: "wait_all", taskReferenceName: "wait_all", type: "JOIN", joinOn: ["email", "sms"] });
   * join.joinOn; // ["email", "sms"]
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): JoinTask {
    const task = new JoinTask("").restoreFrom(json, ["joinOn", "expression", "evaluatorType"]);
    task.joinOn = [...(json.joinOn ?? [])];
    task.expression = json.expression;
    task.evaluatorType = json.evaluatorType;
    return task;
  }
}
