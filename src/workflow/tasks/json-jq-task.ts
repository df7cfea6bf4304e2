import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/** Transforms its input with a jq expression; output `result` (first value) and `resultList`. */
export class JsonJqTask extends BaseTask {
  constructor(taskReferenceName: string, queryExpression: string, inputs: JsonMap = {}, options: TaskOptions = {}) {
    super("JSON_JQ_TRANSFORM", taskReferenceName, taskReferenceName, { ...inputs, queryExpression }, options);
  }

  get queryExpression(): string | undefined {
    return this.inputParameters.queryExpression as string | undefined;
  }

  static fromWorkflowTask(json: WorkflowTask): JsonJqTask {
    return new JsonJqTask("", "").restoreFrom(json);
  }
}
