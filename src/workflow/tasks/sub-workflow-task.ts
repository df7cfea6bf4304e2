import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowDef, WorkflowTask } from "../types.js";

/** What SubWorkflowTask needs from an inline workflow (ConductorWorkflow satisfies it). */
export interface InlineWorkflow {
  readonly name: string;
  readonly version: number | undefined;
  toWorkflowDef(): WorkflowDef;
}

export interface SubWorkflowOptions extends TaskOptions {
  taskToDomain?: Record<string, string>;
  idempotencyKey?: string;
  idempotencyStrategy?: "FAIL" | "RETURN_EXISTING" | "FAIL_ON_RUNNING";
  priority?: number | string;
}

/**
 * Runs another workflow and waits for it: by name (and version; latest when omitted), or an inline
 * ConductorWorkflow whose definition is sent along, so it need not be registered.
 *
 * @example
 * ```ts
 * // A registered workflow, by name and version:
 * wf.add(new SubWorkflowTask("charge", "payment_flow", 3).withInput("amount", wf.input("amount")));
 * // Or an inline one, sent with the definition:
 * const child = new ConductorWorkflow(executor, "notify_flow").add(new SimpleTask("notify", "notify"));
 * wf.add(new SubWorkflowTask("notify_customer", child));
 * ```
 */
export class SubWorkflowTask extends BaseTask {
  workflowName: string;
  version: number | undefined;
  inlineWorkflow: InlineWorkflow | undefined;
  /** Sub-workflow params this builder does not model (kept for lossless round trips). */
  private extraParams: JsonMap = {};
  private nameless = false;

  constructor(
    taskReferenceName: string,
    workflow: string | InlineWorkflow,
    version?: number,
    options: SubWorkflowOptions = {},
  ) {
    const { taskToDomain, idempotencyKey, idempotencyStrategy, priority, ...rest } = options;
    const name = typeof workflow === "string" ? workflow : workflow.name;
    super("SUB_WORKFLOW", name, taskReferenceName, {}, rest);
    this.workflowName = name;
    this.inlineWorkflow = typeof workflow === "string" ? undefined : workflow;
    this.version = version ?? (typeof workflow === "string" ? undefined : workflow.version);
    for (const [key, value] of Object.entries({ taskToDomain, idempotencyKey, idempotencyStrategy, priority })) {
      if (value !== undefined) this.extraParams[key] = value;
    }
  }

  protected override typeFields(): JsonMap {
    const params: JsonMap = { ...this.extraParams };
    // Rebuilt from params without a name: keep it out until one is set.
    if (this.workflowName !== "" || !this.nameless) params.name = this.workflowName;
    if (this.version !== undefined) params.version = this.version;
    if (this.inlineWorkflow !== undefined) params.workflowDefinition = this.inlineWorkflow.toWorkflowDef();
    return { subWorkflowParam: params };
  }

  /**
   * Rebuilds the builder from WorkflowTask JSON; `parseWorkflow` rebuilds an inline definition.
   *
   * @example
   * ```ts
   * const charge = SubWorkflowTask.fromWorkflowTask(json, (def) => ConductorWorkflow.fromWorkflowDef(def));
   * charge.workflowName; // e.g. "payment_flow"
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask, parseWorkflow: (def: WorkflowDef) => InlineWorkflow): SubWorkflowTask {
    const task = new SubWorkflowTask("", "").restoreFrom(json, ["subWorkflowParam"]);
    const { name, version, workflowDefinition, ...extra } = (json.subWorkflowParam ?? {}) as JsonMap;
    task.workflowName = typeof name === "string" ? name : "";
    task.version = typeof version === "number" ? version : undefined;
    task.nameless = name === undefined;
    // A string is an expression naming the definition at run time: carried through as it is.
    const inline = typeof workflowDefinition === "object" && workflowDefinition !== null;
    task.inlineWorkflow = inline ? parseWorkflow(workflowDefinition as WorkflowDef) : undefined;
    task.extraParams = inline || workflowDefinition === undefined ? extra : { ...extra, workflowDefinition };
    return task;
  }
}
