import { BaseTask, type TaskOptions } from "../task.js";
import type { WorkflowTask } from "../types.js";

/**
 * Does nothing and completes at once (a placeholder, e.g. an empty switch case).
 *
 * @example
 * ```ts
 * new SwitchTask("route", wf.input("kind")).switchCase("skip", new NoopTask("nothing_to_do")).defaultCase(workTask);
 * ```
 */
export class NoopTask extends BaseTask {
  constructor(taskReferenceName: string, options: TaskOptions = {}) {
    super("NOOP", taskReferenceName, taskReferenceName, {}, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const noop = NoopTask.fromWorkflowTask({ name: "nothing_to_do", taskReferenceName: "nothing_to_do", type: "NOOP" });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): NoopTask {
    return new NoopTask("").restoreFrom(json);
  }
}
