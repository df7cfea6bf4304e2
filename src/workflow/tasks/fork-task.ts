import { BaseTask, requireTasks, toWorkflowTasks, type ChildGroup, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";
import { JoinTask } from "./join-task.js";

/**
 * Runs branches in parallel. The server requires a JOIN right after it: add one with `join()`,
 * or let `ConductorWorkflow.add([[...], [...]])` add both.
 *
 * @example
 * ```ts
 * const fork = new ForkTask("fan_out", [
 *   [new SimpleTask("send_email", "email")],
 *   [new SimpleTask("send_sms", "sms")],
 * ]);
 * wf.add(fork, fork.join()); // the JOIN waits for "email" and "sms"
 * ```
 */
export class ForkTask extends BaseTask {
  branches: BaseTask[][];

  constructor(taskReferenceName: string, branches: BaseTask[][], options: TaskOptions = {}) {
    super("FORK_JOIN", taskReferenceName, taskReferenceName, {}, options);
    const where = `ForkTask "${taskReferenceName}"`;
    if (!Array.isArray(branches)) requireTasks(branches, "branches", where);
    this.branches = branches.map((b, i) => [...requireTasks(b, `branches[${i}]`, where)]);
  }

  /**
   * A JOIN waiting for the last task of every branch (or the given references).
   *
   * @example
   * ```ts
   * const fork = new ForkTask("fan_out", [[emailTask], [smsTask]]);
   * wf.add(fork, fork.join("fan_out_join"));
   * // Or wait for some branches only: fork.join("first_done", [emailTask.taskReferenceName])
   * ```
   */
  join(taskReferenceName = `${this.taskReferenceName}_join`, joinOn?: string[], options: TaskOptions = {}): JoinTask {
    const refs = joinOn ?? this.branches.flatMap((b) => (b.length > 0 ? [b[b.length - 1]!.taskReferenceName] : []));
    return new JoinTask(taskReferenceName, refs, options);
  }

  /**
   * The branches, with their paths: `forkTasks[<i>]`.
   *
   * @example
   * ```ts
   * const fork = new ForkTask("fan_out", [[new SimpleTask("email", "email_ref")], [new SimpleTask("sms", "sms_ref")]]);
   * fork.childGroups().map((g) => g.path); // ["forkTasks[0]", "forkTasks[1]"]
   * ```
   */
  override childGroups(): ChildGroup[] {
    return this.branches.map((tasks, i) => ({ path: `forkTasks[${i}]`, tasks }));
  }

  protected override typeFields(): JsonMap {
    return { forkTasks: this.branches.map((b) => toWorkflowTasks(b)) };
  }

  /**
   * Rebuilds the builder from WorkflowTask JSON; `parse` rebuilds each branch's task list.
   *
   * @example
   * ```ts
   * const fork = ForkTask.fromWorkflowTask(json, (tasks) => tasks.map((t) => taskFromJson(t, (def) => ConductorWorkflow.fromWorkflowDef(def))));
   * fork.branches.length; // one entry per branch
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask, parse: (tasks: WorkflowTask[]) => BaseTask[]): ForkTask {
    const task = new ForkTask("", []).restoreFrom(json, ["forkTasks"]);
    task.branches = (json.forkTasks ?? []).map((b) => parse(b));
    return task;
  }
}
