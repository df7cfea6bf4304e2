import { MetadataResource } from "../../generated/resources/metadata.js";
import { TaskResource } from "../../generated/resources/task.js";
import type { CallOptions, OperationTransport } from "../transport/operation.js";
import type { BatchPollRequest, TaskApi } from "./task-api.js";
import type { Task, TaskDef, TaskResult } from "./types.js";

// The runtime does its own retrying (poll back-off, result delivery until the deadline), so the
// transport's retries are switched off for the hot-path calls.
const NO_RETRY: CallOptions = { retry: false };

/** The task API over the generated resource clients: the production implementation of the worker's port. */
export class HttpTaskApi implements TaskApi {
  private readonly task: TaskResource;
  private readonly metadata: MetadataResource;

  constructor(transport: OperationTransport) {
    this.task = new TaskResource(transport);
    this.metadata = new MetadataResource(transport);
  }

  async batchPoll(taskType: string, request: BatchPollRequest, signal?: AbortSignal): Promise<Task[]> {
    const options: CallOptions = {
      retry: false,
      // The long poll must be allowed to run longer than its server-side wait.
      timeoutMs: request.timeoutMs + 30_000,
    };
    if (signal) options.signal = signal;
    const query: { workerid: string; count: number; timeout: number; domain?: string } = {
      workerid: request.workerId,
      count: request.count,
      timeout: request.timeoutMs,
    };
    if (request.domain !== undefined) query.domain = request.domain;
    const tasks = await this.task.batchPoll({ path: { tasktype: taskType }, query }, options);
    return (tasks ?? []) as Task[];
  }

  async updateTaskV2(result: TaskResult): Promise<Task | undefined> {
    const next = await this.task.updateTaskV2({ body: result as never }, NO_RETRY);
    return (next ?? undefined) as Task | undefined;
  }

  async updateTask(result: TaskResult): Promise<void> {
    await this.task.updateTask({ body: result as never }, NO_RETRY);
  }

  async addTaskLog(taskId: string, message: string): Promise<void> {
    await this.task.addTaskLog({ path: { taskId }, body: message });
  }

  async registerTaskDefs(defs: TaskDef[]): Promise<void> {
    await this.metadata.registerTaskDefs({ body: defs });
  }

  async getTaskDef(name: string): Promise<TaskDef | undefined> {
    try {
      return (await this.metadata.getTaskDef({ path: { tasktype: name } })) as TaskDef;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }
}
