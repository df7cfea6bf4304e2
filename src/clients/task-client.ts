import { TaskResource } from "../../generated/resources/task.js";
import type { Task, TaskExecLog, TaskResultStatus } from "../../generated/models.js";
import type { CallOptions } from "../transport/operation.js";
import { type ClientSource, requireText, toTransport, withServerWait } from "./base.js";
import { type ReturnStrategy, type RunResultFor, toRunResult } from "./run-result.js";

/** Query of `batchPollTasks` (the server's parameter names). */
export interface BatchPollParams {
  /** Identifies the worker in poll data and task history. */
  workerid?: string;
  /** Poll tasks of this domain only. */
  domain?: string;
  /** Maximum number of tasks to take. Server default 1. */
  count?: number;
  /** How long the server may wait for tasks to arrive (long poll), in milliseconds. Server default 100. */
  timeout?: number;
}

/** Query of `signalSync`. */
export interface SignalSyncParams<S extends ReturnStrategy = ReturnStrategy> {
  /** What the answer describes (server default `TARGET_WORKFLOW`); selects the member of the run-result union. */
  returnStrategy?: S;
  /** How long the server waits for the run to end or block again, in milliseconds. Server default 5000. */
  timeoutMillis?: number;
}

/**
 * Polling, completing and inspecting tasks (what workers and external systems use). Every operation of
 * TaskResource is available as generated (`pollTask`, `updateTask`, `updateTaskV2`, `updateTaskByRefName`,
 * `updateTaskByRefNameSync`, `signal`, `getTask`, `getQueueSize`, `getPollData`, `search`, ...); the methods
 * below add what the bare operation lacks.
 *
 * @example
 * const tasks = new ConductorClients(configuration).getTaskClient();
 * const task = await tasks.pollTask("send_email", { workerid: "worker-1" });
 */
export class TaskClient extends TaskResource {
  constructor(source?: ClientSource) {
    super(toTransport(source));
  }

  /**
   * Takes up to `params.count` tasks of a type, letting the server wait up to `params.timeout` ms for them
   * to arrive (long poll). Unless `options.timeoutMs` is given, the HTTP call is allowed at least
   * `timeout` + 5 s (`CallOptions.serverWaitMs`), so a long poll is not cut short by the client's call timeout.
   *
   * @example
   * const batch = await tasks.batchPollTasks("send_email", { workerid: "worker-1", count: 10, timeout: 5000 });
   */
  override batchPollTasks(taskType: string, params: BatchPollParams = {}, options?: CallOptions): Promise<Task[]> {
    return super.batchPollTasks(taskType, params, withServerWait(options, params.timeout));
  }

  /**
   * Completes (or fails) the execution's currently blocking task (WAIT, HUMAN, ...) with `output`, then
   * waits (`params.timeoutMillis`, server default 5000) until the run ends or blocks again. The answer is
   * the run `params.returnStrategy` selects, typed per strategy and discriminated on `responseType` (see
   * `isTaskRunResult`); an answer of another shape is a ConductorError. Server 3.32.2+.
   *
   * @example
   * const run = await tasks.signalSync(workflowId, "COMPLETED", { approved: true }, { returnStrategy: "BLOCKING_TASK" });
   * if (run.responseType === "BLOCKING_TASK") console.log(run.referenceTaskName);
   */
  override async signalSync<S extends ReturnStrategy = "TARGET_WORKFLOW">(
    workflowId: string,
    status: TaskResultStatus,
    output: Record<string, unknown> = {},
    params: SignalSyncParams<S> = {},
    options?: CallOptions,
  ): Promise<RunResultFor<S>> {
    const answer: unknown = await super.signalSync(
      workflowId,
      status,
      output,
      params,
      withServerWait(options, params.timeoutMillis),
    );
    return toRunResult(answer, params.returnStrategy ?? ("TARGET_WORKFLOW" as S), "task.signalSync");
  }

  /**
   * Appends a log line to a task. An empty message is refused here (InvalidArgumentError naming `message`):
   * the server reads an empty text body as a missing one and answers with an internal error.
   *
   * @example
   * await tasks.addTaskLog(task.taskId, "charged card ending 4242");
   */
  override async addTaskLog(taskId: string, message: string, options?: CallOptions): Promise<void> {
    requireText("message", message);
    return super.addTaskLog(taskId, message, options);
  }

  /**
   * A task's log lines, oldest first. The server answers 204 without a body for a task without logs; that
   * is returned as `[]`, so the result is always an array.
   *
   * @example
   * const lines = (await tasks.getTaskLogs(task.taskId)).map((l) => l.log);
   */
  override async getTaskLogs(taskId: string, options?: CallOptions): Promise<TaskExecLog[]> {
    return (await super.getTaskLogs(taskId, options)) ?? [];
  }

  /**
   * Keeps an IN_PROGRESS task's lease (its response timeout) alive for a long-running worker: reports the
   * task IN_PROGRESS with `extendLease: true`, which restarts the timeout without changing output or status.
   * Returns the task id.
   *
   * @example
   * await tasks.extendLease(task.taskId, task.workflowInstanceId);
   */
  extendLease(taskId: string, workflowInstanceId: string, options?: CallOptions): Promise<string> {
    return this.updateTask({ taskId, workflowInstanceId, status: "IN_PROGRESS", extendLease: true }, options);
  }
}
