import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

export type TerminationStatus = "COMPLETED" | "FAILED" | "TERMINATED";

/** Ends the workflow at once with the given status, reason and output. */
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

  static fromWorkflowTask(json: WorkflowTask): TerminateTask {
    return new TerminateTask("", "COMPLETED").restoreFrom(json);
  }
}
