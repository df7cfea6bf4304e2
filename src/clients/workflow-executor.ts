import type { CallOptions, OperationTransport } from "../transport/operation.js";
import { type ClientSource, toTransport } from "./base.js";
import { MetadataClient } from "./metadata-client.js";
import type { ReturnStrategy, RunResultFor } from "./run-result.js";
import { TaskClient } from "./task-client.js";
import type {
  RerunWorkflowRequest,
  StartWorkflowRequest,
  Task,
  TaskResultStatus,
  Workflow,
  WorkflowDef,
  WorkflowStatusSummary,
  WorkflowSummary,
  WorkflowTestRequest,
} from "../../generated/models.js";
import type { SearchResult } from "./search.js";
import {
  type CorrelationOptions,
  type ExecuteWorkflowOptions,
  WorkflowClient,
  type WorkflowSearchParams,
} from "./workflow-client.js";

/** A start request plus how long to wait for the run, for {@link WorkflowExecutor.execute}. */
export type ExecuteRequest<S extends ReturnStrategy = ReturnStrategy> = StartWorkflowRequest &
  ExecuteWorkflowOptions<S>;

/**
 * The one object an application needs to register, run and steer workflows (the workflow builder
 * codes against it). Every method accepts a trailing CallOptions.
 */
export class WorkflowExecutor {
  readonly workflowClient: WorkflowClient;
  readonly metadataClient: MetadataClient;
  readonly taskClient: TaskClient;

  constructor(source?: ClientSource) {
    const transport: OperationTransport = toTransport(source);
    this.workflowClient = new WorkflowClient(transport);
    this.metadataClient = new MetadataClient(transport);
    this.taskClient = new TaskClient(transport);
  }

  /** Registers a workflow definition; `overwrite` replaces an existing name+version (else 409). */
  registerWorkflow(def: WorkflowDef, overwrite = false, options?: CallOptions): Promise<void> {
    return this.metadataClient.registerWorkflowDef(def, { overwrite }, options);
  }

  /** Starts an execution; resolves to its id. */
  startWorkflow(request: StartWorkflowRequest, options?: CallOptions): Promise<string> {
    return this.workflowClient.startWorkflow(request, options);
  }

  /** Starts several executions concurrently; resolves to their ids in request order. */
  startWorkflows(requests: StartWorkflowRequest[], options?: CallOptions): Promise<string[]> {
    return Promise.all(requests.map((request) => this.workflowClient.startWorkflow(request, options)));
  }

  /**
   * Starts an execution and waits for it on the server until it ends or blocks, or `waitForSeconds`
   * (server default 10) pass; answers per `returnStrategy` (see WorkflowClient.executeWorkflow for
   * what blocks and what each strategy returns).
   */
  execute<S extends ReturnStrategy = "TARGET_WORKFLOW">(
    request: ExecuteRequest<S>,
    options?: CallOptions,
  ): Promise<RunResultFor<S>> {
    const { waitUntilTaskRef, waitForSeconds, requestId, returnStrategy, ...start } = request;
    return this.workflowClient.executeWorkflow(
      start,
      { waitUntilTaskRef, waitForSeconds, requestId, returnStrategy },
      options,
    );
  }

  /** Runs a definition on the server with mocked task outputs; resolves to the finished execution. */
  testWorkflow(request: WorkflowTestRequest, options?: CallOptions): Promise<Workflow> {
    return this.workflowClient.testWorkflow(request, options);
  }

  getWorkflow(workflowId: string, includeTasks = true, options?: CallOptions): Promise<Workflow> {
    return this.workflowClient.getWorkflow(workflowId, { includeTasks }, options);
  }

  getWorkflowStatus(
    workflowId: string,
    include: { includeOutput?: boolean; includeVariables?: boolean } = {},
    options?: CallOptions,
  ): Promise<WorkflowStatusSummary> {
    return this.workflowClient.getWorkflowStatus(workflowId, include, options);
  }

  terminate(workflowId: string, reason?: string, options?: CallOptions): Promise<void> {
    return this.workflowClient.terminateWorkflow(workflowId, { reason }, options);
  }

  pause(workflowId: string, options?: CallOptions): Promise<void> {
    return this.workflowClient.pauseWorkflow(workflowId, options);
  }

  resume(workflowId: string, options?: CallOptions): Promise<void> {
    return this.workflowClient.resumeWorkflow(workflowId, options);
  }

  restart(workflowId: string, useLatestDefinitions = false, options?: CallOptions): Promise<void> {
    return this.workflowClient.restartWorkflow(workflowId, { useLatestDef: useLatestDefinitions }, options);
  }

  retry(workflowId: string, resumeSubworkflowTasks = false, options?: CallOptions): Promise<void> {
    return this.workflowClient.retryWorkflow(workflowId, { resumeSubworkflowTasks }, options);
  }

  /** Re-runs from a task (or the start); resolves to the execution id. */
  rerun(workflowId: string, request: RerunWorkflowRequest = {}, options?: CallOptions): Promise<string> {
    return this.workflowClient.rerunWorkflow(workflowId, request, options);
  }

  skipTaskFromWorkflow(workflowId: string, taskReferenceName: string, options?: CallOptions): Promise<void> {
    return this.workflowClient.skipTaskFromWorkflow(workflowId, taskReferenceName, options);
  }

  deleteWorkflow(workflowId: string, archiveWorkflow = true, options?: CallOptions): Promise<void> {
    return this.workflowClient.deleteWorkflow(workflowId, { archiveWorkflow }, options);
  }

  search(params: WorkflowSearchParams = {}, options?: CallOptions): Promise<SearchResult<WorkflowSummary>> {
    return this.workflowClient.search(params, options);
  }

  getByCorrelationIds(
    workflowName: string,
    correlationIds: string[],
    correlation: CorrelationOptions = {},
    options?: CallOptions,
  ): Promise<Record<string, Workflow[]>> {
    return this.workflowClient.getByCorrelationIds(workflowName, correlationIds, correlation, options);
  }

  /** Completes (or fails) a task by reference name, e.g. a WAIT or HUMAN task; resolves to the task id. */
  updateTaskByRefName(
    workflowId: string,
    taskRefName: string,
    status: TaskResultStatus,
    output: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<string> {
    return this.taskClient.updateTaskByRefName(workflowId, taskRefName, status, output, {}, options);
  }

  /** Like updateTaskByRefName, resolving to the execution after the update. */
  updateTaskByRefNameSync(
    workflowId: string,
    taskRefName: string,
    status: TaskResultStatus,
    output: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<Workflow> {
    return this.taskClient.updateTaskByRefNameSync(workflowId, taskRefName, status, output, {}, options);
  }

  getTask(taskId: string, options?: CallOptions): Promise<Task> {
    return this.taskClient.getTask(taskId, options);
  }
}
