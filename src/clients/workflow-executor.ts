import type { CallOptions } from "../transport/operation.js";
import type { ClientSource } from "./base.js";
import { MetadataClient } from "./metadata-client.js";
import { TaskClient } from "./task-client.js";
import type { StartWorkflowRequest, Task, TaskResultStatus, Workflow, WorkflowDef } from "../../generated/models.js";
import { WorkflowClient } from "./workflow-client.js";

/**
 * The one object an application needs to register, run and steer workflows (the workflow builder,
 * ConductorWorkflow, codes against it). It is a WorkflowClient (every workflow operation, same names
 * and signatures) plus registering definitions, starting several runs, and completing tasks by
 * reference name. Every method accepts a trailing CallOptions.
 *
 * @example
 * const executor = new WorkflowExecutor(new Configuration({ serverUrl: "http://localhost:8080/api" }));
 * const run = await executor.executeWorkflow({ name: "greet", version: 1, input: { name: "Ada" } });
 */
export class WorkflowExecutor extends WorkflowClient {
  /** Workflow and task definitions, on the same transport. */
  readonly metadataClient: MetadataClient;
  /** Task operations, on the same transport. */
  readonly taskClient: TaskClient;

  constructor(source?: ClientSource) {
    super(source);
    this.metadataClient = new MetadataClient(this.transport);
    this.taskClient = new TaskClient(this.transport);
  }

  /**
   * Registers a workflow definition; `overwrite` replaces an existing name+version (else the server
   * answers 409, thrown as ConflictError).
   *
   * @example
   * await executor.registerWorkflow(definition, { overwrite: true });
   */
  registerWorkflow(def: WorkflowDef, params?: { overwrite?: boolean }, options?: CallOptions): Promise<void> {
    return this.metadataClient.registerWorkflowDef(def, params, options);
  }

  /**
   * Starts several executions concurrently; resolves to their ids in request order (rejects with the
   * first failure; the runs already started keep running).
   *
   * @example
   * const [first, second] = await executor.startWorkflows([{ name: "greet" }, { name: "greet", version: 2 }]);
   */
  startWorkflows(requests: StartWorkflowRequest[], options?: CallOptions): Promise<string[]> {
    return Promise.all(requests.map((request) => this.startWorkflow(request, options)));
  }

  /**
   * Completes (or fails) a task by reference name, e.g. a WAIT or HUMAN task; resolves to the task id.
   *
   * @example
   * await executor.updateTaskByRefName(workflowId, "approval", "COMPLETED", { approved: true });
   */
  updateTaskByRefName(
    workflowId: string,
    taskRefName: string,
    status: TaskResultStatus,
    output: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<string> {
    return this.taskClient.updateTaskByRefName(workflowId, taskRefName, status, output, {}, options);
  }

  /**
   * Like updateTaskByRefName, resolving to the execution after the update.
   *
   * @example
   * const run = await executor.updateTaskByRefNameSync(workflowId, "approval", "COMPLETED", { approved: true });
   */
  updateTaskByRefNameSync(
    workflowId: string,
    taskRefName: string,
    status: TaskResultStatus,
    output: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<Workflow> {
    return this.taskClient.updateTaskByRefNameSync(workflowId, taskRefName, status, output, {}, options);
  }

  /**
   * One task run by id.
   *
   * @example
   * const task = await executor.getTask(taskId);
   */
  getTask(taskId: string, options?: CallOptions): Promise<Task> {
    return this.taskClient.getTask(taskId, options);
  }
}
