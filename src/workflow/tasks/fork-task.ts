import { BaseTask, requireTasks, toWorkflowTasks, type ChildGroup, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";
import { JoinTask } from "./join-task.js";

/**
 * Runs branches in parallel. The server requires a JOIN right after it: add one with `join()`,
 * or let `ConductorWorkflow.add([[...], [...]])` add both.
 */
export class ForkTask extends BaseTask {
  branches: BaseTask[][];

  constructor(taskReferenceName: string, branches: BaseTask[][], options: TaskOptions = {}) {
    super("FORK_JOIN", taskReferenceName, taskReferenceName, {}, options);
    const where = `ForkTask "${taskReferenceName}"`;
    if (!Array.isArray(branches)) requireTasks(branches, "branches", where);
    this.branches = branches.map((b, i) => [...requireTasks(b, `branches[${i}]`, where)]);
  }

  /** A JOIN waiting for the last task of every branch (or the given references). */
  join(taskReferenceName = `${this.taskReferenceName}_join`, joinOn?: string[], options: TaskOptions = {}): JoinTask {
    const refs = joinOn ?? this.branches.flatMap((b) => (b.length > 0 ? [b[b.length - 1]!.taskReferenceName] : []));
    return new JoinTask(taskReferenceName, refs, options);
  }

  override childGroups(): ChildGroup[] {
    return this.branches.map((tasks, i) => ({ path: `forkTasks[${i}]`, tasks }));
  }

  protected override typeFields(): JsonMap {
    return { forkTasks: this.branches.map((b) => toWorkflowTasks(b)) };
  }

  static fromWorkflowTask(json: WorkflowTask, parse: (tasks: WorkflowTask[]) => BaseTask[]): ForkTask {
    const task = new ForkTask("", []).restoreFrom(json, ["forkTasks"]);
    task.branches = (json.forkTasks ?? []).map((b) => parse(b));
    return task;
  }
}
