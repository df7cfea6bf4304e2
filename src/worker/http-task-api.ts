import { MetadataResource } from "../../generated/resources/metadata.js";
import { TaskResource } from "../../generated/resources/task.js";
import { WorkflowResource } from "../../generated/resources/workflow.js";
import type { CallOptions, OperationTransport } from "../transport/operation.js";
import { DEFAULT_POLL_TIMEOUT_MARGIN_MS } from "./settings.js";
import type { BatchPollRequest, TaskApi } from "./task-api.js";
import type { Task, TaskDef, TaskResult } from "./types.js";

// The runtime does its own retrying (poll back-off, result delivery until the deadline), so the
// transport's retries are switched off for the hot-path calls.
function options(signal: AbortSignal | undefined, extra: CallOptions = {}): CallOptions {
  return signal === undefined ? extra : { ...extra, signal };
}

/** The task API over the generated resource clients: the production implementation of the worker's port. */
export class HttpTaskApi implements TaskApi {
  private readonly task: TaskResource;
  private readonly metadata: MetadataResource;
  private readonly workflow: WorkflowResource;

  constructor(transport: OperationTransport) {
    this.task = new TaskResource(transport);
    this.metadata = new MetadataResource(transport);
    this.workflow = new WorkflowResource(transport);
  }

  async batchPoll(taskType: string, request: BatchPollRequest, signal?: AbortSignal): Promise<Task[]> {
    const call = options(signal, {
      retry: false,
      // The long poll runs as long as its server-side wait, plus a bounded margin for the answer.
      timeoutMs: request.clientTimeoutMs ?? request.timeoutMs + DEFAULT_POLL_TIMEOUT_MARGIN_MS,
    });
    const query: { workerid: string; count: number; timeout: number; domain?: string } = {
      workerid: request.workerId,
      count: request.count,
      timeout: request.timeoutMs,
    };
    if (request.domain !== undefined) query.domain = request.domain;
    const tasks = await this.task.batchPollTasks(taskType, query, call);
    return tasks ?? [];
  }

  // The two update calls run once per task: no async wrapper (a promise each) and one options object per signal.
  updateTaskV2(result: TaskResult, signal?: AbortSignal): Promise<Task | undefined> {
    return this.task.updateTaskV2(result, this.updateOptions(signal));
  }

  updateTask(result: TaskResult, signal?: AbortSignal): Promise<unknown> {
    return this.task.updateTask(result, this.updateOptions(signal));
  }

  private lastUpdateOptions: { signal: AbortSignal | undefined; options: CallOptions } | undefined;

  private updateOptions(signal: AbortSignal | undefined): CallOptions {
    const last = this.lastUpdateOptions;
    if (last !== undefined && last.signal === signal) return last.options;
    const made = options(signal, { retry: false });
    this.lastUpdateOptions = { signal, options: made };
    return made;
  }

  async addTaskLog(taskId: string, message: string, signal?: AbortSignal): Promise<void> {
    await this.task.addTaskLog(taskId, message, options(signal));
  }

  async registerTaskDefs(defs: TaskDef[], signal?: AbortSignal): Promise<void> {
    await this.metadata.registerTaskDefs(defs, options(signal));
  }

  async getTask(taskId: string, signal?: AbortSignal): Promise<Task | undefined> {
    try {
      // No transport retries: the cancellation check simply asks again on its next sweep.
      const task = await this.task.getTask(taskId, options(signal, { retry: false }));
      return task ?? undefined;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  async getWorkflowInput(workflowId: string, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
    const workflow = await this.workflow.getWorkflow(workflowId, { includeTasks: false }, options(signal));
    return (workflow?.input ?? undefined) as Record<string, unknown> | undefined;
  }

  async getTaskDef(name: string, signal?: AbortSignal): Promise<TaskDef | undefined> {
    try {
      return await this.metadata.getTaskDef(name, options(signal));
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }
}
