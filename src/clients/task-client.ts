import { TaskResource } from "../../generated/resources/task.js";
import { type ReturnStrategy, type RunResultFor, toRunResult } from "./run-result.js";
import type { CallOptions } from "../transport/operation.js";
import { type ClientSource, requireObject, requireText, toTransport } from "./base.js";
import type {
  PollData,
  Task,
  TaskExecLog,
  TaskResult,
  TaskResultStatus,
  TaskSummary,
  Workflow,
} from "../../generated/models.js";
import type { SearchParams, SearchResult } from "./search.js";

export interface PollOptions {
  /** Identifies the worker in poll data and task history. */
  workerId?: string;
  /** Poll tasks of this domain only. */
  domain?: string;
}

export interface BatchPollOptions extends PollOptions {
  /** Maximum number of tasks to take. Default 1. */
  count?: number;
  /** How long the server may wait for tasks to arrive (long poll), in milliseconds. Default 100. */
  timeoutMs?: number;
}

/** What a synchronous signal answers with. */
/** The name signalSync's strategy had first; same as ReturnStrategy. */
export type SignalReturnStrategy = ReturnStrategy;

/** Polling, completing and inspecting tasks (what workers and external systems use). */
export class TaskClient {
  readonly #task: TaskResource;

  constructor(source?: ClientSource) {
    this.#task = new TaskResource(toTransport(source));
  }

  /** Takes one task of a type, or undefined when none is waiting. */
  pollTask(taskType: string, { workerId, domain }: PollOptions = {}, options?: CallOptions): Promise<Task | undefined> {
    return this.#task.poll({ path: { tasktype: taskType }, query: { workerid: workerId, domain } }, options);
  }

  /** Takes up to `count` tasks, waiting up to `timeoutMs` on the server for them to arrive. */
  batchPollTasks(
    taskType: string,
    { workerId, domain, count, timeoutMs }: BatchPollOptions = {},
    options?: CallOptions,
  ): Promise<Task[]> {
    // The HTTP call must outlive the server-side long poll.
    const callOptions =
      timeoutMs !== undefined && options?.timeoutMs === undefined
        ? { ...options, timeoutMs: timeoutMs + 30_000 }
        : options;
    return this.#task.batchPoll(
      { path: { tasktype: taskType }, query: { workerid: workerId, domain, count, timeout: timeoutMs } },
      callOptions,
    );
  }

  /** Reports a task's result; returns the task id. */
  async updateTask(result: TaskResult, options?: CallOptions): Promise<string> {
    requireObject("result", result);
    requireText("result.taskId", result.taskId);
    requireText("result.workflowInstanceId", result.workflowInstanceId);
    return this.#task.updateTask({ body: result }, options);
  }

  /** Reports a result and takes the next task of the same type in one call (server 3.21.12+). */
  async updateTaskV2(result: TaskResult, options?: CallOptions): Promise<Task | undefined> {
    requireObject("result", result);
    return this.#task.updateTaskV2({ body: result }, options);
  }

  /** Completes (or fails) the task with this reference name in an execution; returns the task id. */
  updateTaskByRefName(
    workflowId: string,
    taskRefName: string,
    status: TaskResultStatus,
    output: Record<string, unknown> = {},
    { workerId }: { workerId?: string } = {},
    options?: CallOptions,
  ): Promise<string> {
    return this.#task.updateTaskByRefName(
      { path: { workflowId, taskRefName, status }, query: { workerid: workerId }, body: output },
      options,
    );
  }

  /** Like updateTaskByRefName, and answers with the execution after the update. */
  updateTaskByRefNameSync(
    workflowId: string,
    taskRefName: string,
    status: TaskResultStatus,
    output: Record<string, unknown> = {},
    { workerId }: { workerId?: string } = {},
    options?: CallOptions,
  ): Promise<Workflow> {
    return this.#task.updateTaskByRefNameSync(
      { path: { workflowId, taskRefName, status }, query: { workerid: workerId }, body: output },
      options,
    );
  }

  /** Completes the execution's currently blocking task (WAIT, HUMAN, ...) with `output` (server 3.32+). */
  signal(
    workflowId: string,
    status: TaskResultStatus,
    output: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<void> {
    return this.#task.signal({ path: { workflowId, status }, body: output }, options);
  }

  /**
   * Like signal, then waits (`timeoutMs`, server default 5000) until the run ends or blocks again and
   * answers per `returnStrategy`, discriminated on `responseType` (see WorkflowClient.executeWorkflow).
   */
  async signalSync<S extends ReturnStrategy = "TARGET_WORKFLOW">(
    workflowId: string,
    status: TaskResultStatus,
    output: Record<string, unknown> = {},
    { returnStrategy, timeoutMs }: { returnStrategy?: S; timeoutMs?: number } = {},
    options?: CallOptions,
  ): Promise<RunResultFor<S>> {
    const answer: unknown = await this.#task.signalSync(
      { path: { workflowId, status }, query: { returnStrategy, timeoutMillis: timeoutMs }, body: output },
      options,
    );
    return toRunResult(answer, returnStrategy ?? ("TARGET_WORKFLOW" as S), "task.signalSync");
  }

  getTask(taskId: string, options?: CallOptions): Promise<Task> {
    return this.#task.getTask({ path: { taskId } }, options);
  }

  /** Appends a log line to a task. */
  async addTaskLog(taskId: string, message: string, options?: CallOptions): Promise<void> {
    requireText("message", message);
    return this.#task.addTaskLog({ path: { taskId }, body: message }, options);
  }

  /** A task's log lines (empty when it has none). */
  async getTaskLogs(taskId: string, options?: CallOptions): Promise<TaskExecLog[]> {
    return (await this.#task.getTaskLogs({ path: { taskId } }, options)) ?? [];
  }

  /** Number of tasks waiting in one queue. */
  getQueueSize(
    taskType: string,
    {
      domain,
      isolationGroupId,
      executionNamespace,
    }: { domain?: string; isolationGroupId?: string; executionNamespace?: string } = {},
    options?: CallOptions,
  ): Promise<number> {
    return this.#task.getQueueSize({ query: { taskType, domain, isolationGroupId, executionNamespace } }, options);
  }

  /** Waiting tasks per task type. */
  getQueueSizes(taskTypes: string[], options?: CallOptions): Promise<Record<string, number>> {
    return this.#task.getQueueSizes({ query: { taskType: taskTypes } }, options);
  }

  /** Waiting tasks for every queue. */
  getAllQueueSizes(options?: CallOptions): Promise<Record<string, number>> {
    return this.#task.getAllQueueSizes(options);
  }

  /** Who polled a task type last, per domain. */
  getPollData(taskType: string, options?: CallOptions): Promise<PollData[]> {
    return this.#task.getPollData({ query: { taskType } }, options);
  }

  getAllPollData(options?: CallOptions): Promise<PollData[]> {
    return this.#task.getAllPollData(options);
  }

  /** Puts pending tasks of a type back into their queue; returns the server's count message. */
  requeuePendingTasks(taskType: string, options?: CallOptions): Promise<string> {
    return this.#task.requeuePendingTasks({ path: { taskType } }, options);
  }

  /** One page of task summaries. */
  search(params: SearchParams = {}, options?: CallOptions): Promise<SearchResult<TaskSummary>> {
    const { start, size, freeText, query, sort } = params;
    return this.#task.search({ query: { start, size, freeText, query, sort } }, options);
  }

  /** Keeps an IN_PROGRESS task's lease (response timeout) alive for a long-running worker. */
  extendLease(taskId: string, workflowInstanceId: string, options?: CallOptions): Promise<string> {
    return this.updateTask({ taskId, workflowInstanceId, status: "IN_PROGRESS", extendLease: true }, options);
  }
}
