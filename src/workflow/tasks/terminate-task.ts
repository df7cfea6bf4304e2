import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

export type TerminationStatus = "COMPLETED" | "FAILED" | "TERMINATED";

/**
 * Ends the workflow at once with the given status, reason and output.
 *
 * @example
 * ```ts
 * new SwitchTask("check_stock", stock.output("available"))
 *   .switchCase(false, new TerminateTask("out_of_stock", "FAILED", "no stock", { orderId: wf.input("orderId") }))
 *   .defaultCase(shipTask);
 * ```
 */
export class TerminateTask extends BaseTask {
  constructor(
    taskReferenceName: string,
    status: TerminationStatus,
    reason?: string,
    workflowOutput?: unknown,
    options: TaskOptions = {},
  ) {
    const input: JsonMap = { terminationStatus: status };
    if (reason !== undefined) input.terminationReason = reason;
    if (workflowOutput !== undefined) input.workflowOutput = workflowOutput;
    super("TERMINATE", taskReferenceName, taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const stop = TerminateTask.fromWorkflowTask({
   *   name: "stop",
   *   taskReferenceName: "stop",
   *   type: "TERMINATE",
   *   inputParameters: { terminationStatus: "FAILED", terminationReason: "no stock" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): TerminateTask {
    return new TerminateTask("", "COMPLETED").restoreFrom(json);
  }
}
