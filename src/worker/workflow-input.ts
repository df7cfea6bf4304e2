import type { TaskApi } from "./task-api.js";

const MAX_ENTRIES = 1000;

/**
 * Workflow inputs fetched on demand (`ExecuteCall.workflowInput()`), one request per workflow and
 * process: the tasks of one workflow share it. Bounded; the oldest entry goes first.
 */
export class WorkflowInputCache {
  private readonly entries = new Map<string, Promise<Record<string, unknown> | undefined>>();

  constructor(
    private readonly api: TaskApi,
    private readonly signal: AbortSignal,
  ) {}

  get(workflowId: string): Promise<Record<string, unknown> | undefined> {
    if (!workflowId || !this.api.getWorkflowInput) return Promise.resolve(undefined);
    let entry = this.entries.get(workflowId);
    if (!entry) {
      entry = this.api.getWorkflowInput(workflowId, this.signal).catch(() => {
        // A failed lookup is not cached: the next task of the workflow asks again.
        this.entries.delete(workflowId);
        return undefined;
      });
      this.entries.set(workflowId, entry);
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }
}
