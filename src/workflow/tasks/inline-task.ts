import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/** Script evaluators the server's INLINE task supports. */
export type InlineEvaluator = "graaljs" | "javascript" | "python" | "value-param";

export interface InlineTaskOptions extends TaskOptions {
  /** Defaults to `graaljs` (ECMAScript 2021+); `javascript` is the older evaluator. */
  evaluatorType?: InlineEvaluator;
}

/**
 * Runs a script on the server. Bindings become `$.name` in the script; the task's output is
 * `{ result: <value of the script> }`.
 *
 * @example
 * ```ts
 * const total = new InlineTask("total", "$.items.reduce((sum, i) => sum + i.price, 0)", { items: wf.input("items") });
 * wf.add(total).outputParameters({ total: total.output("result") });
 * ```
 */
export class InlineTask extends BaseTask {
  constructor(taskReferenceName: string, script: string, bindings: JsonMap = {}, options: InlineTaskOptions = {}) {
    const { evaluatorType = "graaljs", ...rest } = options;
    super("INLINE", taskReferenceName, taskReferenceName, { ...bindings, evaluatorType, expression: script }, rest);
  }

  get evaluatorType(): string | undefined {
    return this.inputParameters.evaluatorType as string | undefined;
  }

  get script(): string | undefined {
    return this.inputParameters.expression as string | undefined;
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const inline = InlineTask.fromWorkflowTask({
   *   name: "total",
   *   taskReferenceName: "total",
   *   type: "INLINE",
   *   inputParameters: { evaluatorType: "graaljs", expression: "1 + 1" },
   * });
   * inline.script; // "1 + 1"
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): InlineTask {
    return new InlineTask("", "").restoreFrom(json);
  }
}

/** The same task under the name other Conductor SDKs use. */
export const JavascriptTask = InlineTask;
export type JavascriptTask = InlineTask;
