import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

export interface StartWorkflowOptions extends TaskOptions {
  version?: number;
  correlationId?: string;
}

/**
 * Starts another workflow and completes at once with its `workflowId` (does not wait for it).
 *
 * @example
 * ```ts
 * const audit = new StartWorkflowTask("start_audit", "audit_order", { orderId: wf.input("orderId") }, { version: 2 });
 * wf.add(audit).outputParameters({ auditId: audit.output("workflowId") });
 * ```
 */
export class StartWorkflowTask extends BaseTask {
  constructor(
    taskReferenceName: string,
    workflowName: string,
    input: JsonMap = {},
    options: StartWorkflowOptions = {},
  ) {
    const { version, correlationId, ...rest } = options;
    const startWorkflow: JsonMap = { name: workflowName, input };
    if (version !== undefined) startWorkflow.version = version;
    if (correlationId !== undefined) startWorkflow.correlationId = correlationId;
    super("START_WORKFLOW", taskReferenceName, taskReferenceName, { startWorkflow }, rest);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const audit = StartWorkflowTask.fromWorkflowTask({
   *   name: "start_audit",
   *   taskReferenceName: "start_audit",
   *   type: "START_WORKFLOW",
   *   inputParameters: { startWorkflow: { name: "audit_order", input: {} } },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): StartWorkflowTask {
    return new StartWorkflowTask("", "").restoreFrom(json);
  }
}
