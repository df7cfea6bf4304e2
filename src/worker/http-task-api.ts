import type { OperationTransport } from "../transport/operation.js";
import type { BatchPollRequest, TaskApi } from "./task-api.js";
import type { Task, TaskDef, TaskResult } from "./types.js";

/** The task API over the SDK transport: the production implementation of the worker's port. */
export class HttpTaskApi implements TaskApi {
  constructor(private readonly transport: OperationTransport) {}

  async batchPoll(taskType: string, request: BatchPollRequest, signal?: AbortSignal): Promise<Task[]> {
    const tasks = await this.transport.call<Task[] | undefined>(
      {
        operation: "task.batchPoll",
        method: "GET",
        path: "/api/tasks/poll/batch/{tasktype}",
        pathParams: { tasktype: taskType },
        query: {
          workerid: request.workerId,
          domain: request.domain,
          count: request.count,
          timeout: request.timeoutMs,
        },
        parseAs: "json",
        // A poll hands tasks out: repeating it after a lost response is harmless (the server
        // re-queues unacknowledged tasks), but the runtime does its own back-off, so no retries here.
        idempotent: false,
      },
      // The long poll must be allowed to run longer than its server-side wait.
      { timeoutMs: request.timeoutMs + 30_000, retry: false, ...(signal ? { signal } : {}) },
    );
    return tasks ?? [];
  }

  async updateTaskV2(result: TaskResult): Promise<Task | undefined> {
    return this.transport.call<Task | undefined>(
      { operation: "task.updateTaskV2", method: "POST", path: "/api/tasks/update-v2", body: result, parseAs: "json", idempotent: false },
      { retry: false },
    );
  }

  async updateTask(result: TaskResult): Promise<void> {
    await this.transport.call<string>(
      { operation: "task.updateTask", method: "POST", path: "/api/tasks", body: result, parseAs: "text", idempotent: false },
      { retry: false },
    );
  }

  async addTaskLog(taskId: string, message: string): Promise<void> {
    await this.transport.call<void>({
      operation: "task.addTaskLog",
      method: "POST",
      path: "/api/tasks/{taskId}/log",
      pathParams: { taskId },
      body: message,
      bodyType: "text",
      parseAs: "empty",
      idempotent: false,
    });
  }

  async registerTaskDefs(defs: TaskDef[]): Promise<void> {
    await this.transport.call<void>({
      operation: "metadata.registerTaskDefs",
      method: "POST",
      path: "/api/metadata/taskdefs",
      body: defs,
      parseAs: "empty",
      idempotent: true,
    });
  }

  async getTaskDef(name: string): Promise<TaskDef | undefined> {
    try {
      return await this.transport.call<TaskDef>({
        operation: "metadata.getTaskDef",
        method: "GET",
        path: "/api/metadata/taskdefs/{tasktype}",
        pathParams: { tasktype: name },
        parseAs: "json",
        idempotent: true,
      });
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }
}
