import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/**
 * Waits for a person: stays IN_PROGRESS until completed through the task API with its output.
 *
 * @example
 * ```ts
 * const review = new HumanTask("review", { document: wf.input("documentUrl") });
 * wf.add(review).outputParameters({ approved: review.output("approved") });
 * // Elsewhere: complete it through the task API with { approved: true }.
 * ```
 */
export class HumanTask extends BaseTask {
  constructor(taskReferenceName: string, inputParameters: JsonMap = {}, options: TaskOptions = {}) {
    super("HUMAN", taskReferenceName, taskReferenceName, inputParameters, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const review = HumanTask.fromWorkflowTask({ name: "review", taskReferenceName: "review", type: "HUMAN" });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): HumanTask {
    return new HumanTask("").restoreFrom(json);
  }
}
