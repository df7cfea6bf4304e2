import { BulkResource } from "../../generated/resources/bulk.js";
import { WorkflowResource } from "../../generated/resources/workflow.js";
import { ConductorError, UnsupportedOperationError } from "../errors/conductor-error.js";
import type { CallOptions, OperationTransport } from "../transport/operation.js";
import { type ClientSource, requireList, requireObject, requireText, toTransport } from "./base.js";
import { type ReturnStrategy, type RunResultFor, toRunResult } from "./run-result.js";
import type {
  BulkResponse,
  RerunWorkflowRequest,
  StartWorkflowRequest,
  Task,
  Workflow,
  WorkflowStatusSummary,
  WorkflowSummary,
  WorkflowTestRequest,
} from "../../generated/models.js";
import type { SearchParams, SearchResult } from "./search.js";

export interface ExecuteWorkflowOptions<S extends ReturnStrategy = ReturnStrategy> {
  /**
   * Also answer once a task with one of these reference names has ended (server 3.32: the ref
   * counts only when the task is terminal, not when it is scheduled; a WAIT without a duration
   * always counts while it waits). Several refs: an array or a comma-separated string.
   */
  waitUntilTaskRef?: string | readonly string[];
  /** Which state the answer describes (server default TARGET_WORKFLOW); see executeWorkflow. */
  returnStrategy?: S;
  /** How long the server waits for completion before answering with the current state. Server default 10. */
  waitForSeconds?: number;
  /** Idempotency key for the synchronous execution. */
  requestId?: string;
}

export interface CorrelationOptions {
  /** Include completed, failed and terminated executions. Default false. */
  includeClosed?: boolean;
  /** Include each execution's tasks. Default false. */
  includeTasks?: boolean;
}

export interface WorkflowSearchParams extends SearchParams {
  /** Only top-level executions (no sub-workflows). */
  topLevelOnly?: boolean;
}

/** Starting, inspecting and steering workflow executions. */
export class WorkflowClient {
  readonly #workflow: WorkflowResource;
  readonly #bulk: BulkResource;
  readonly #transport: OperationTransport;

  constructor(source?: ClientSource) {
    this.#transport = toTransport(source);
    this.#workflow = new WorkflowResource(this.#transport);
    this.#bulk = new BulkResource(this.#transport);
  }

  /**
   * Starts an execution and returns its id as soon as it is created.
   *
   * `idempotencyKey` and `idempotencyStrategy` are sent as given, but Conductor OSS (3.32) does not read
   * them: every call starts a new run. Deduplicate on the caller's side (for example search by
   * `correlationId` first) when a retry must not start a second run.
   *
   * @example
   * const workflowId = await workflows.startWorkflow({ name: "greet", input: { name: "Ada" } });
   */
  async startWorkflow(request: StartWorkflowRequest, options?: CallOptions): Promise<string> {
    requireObject("request", request);
    requireText("request.name", request.name);
    return this.#workflow.startWorkflow({ body: request }, options);
  }

  /**
   * Starts an execution and waits on the server (`POST /api/workflow/execute/{name}/{version}`,
   * version 0 or none = latest) until the run ends or blocks, or `waitForSeconds` (server default
   * 10) pass. Read in the server source (conductor-oss v3.32.1, WorkflowSignalResponder): the server
   * polls every 100 ms; the run "blocks" when a WAIT task without duration/until waits, or a task
   * named in `waitUntilTaskRef` has ended, in the workflow or any running sub-workflow. A SIMPLE task
   * waiting for a worker does not block: the call waits out `waitForSeconds`; neither does a HUMAN task
   * until it completes.
   *
   * The answer by `returnStrategy` (discriminated on `responseType`):
   * - `TARGET_WORKFLOW` (default): the started workflow's run.
   * - `BLOCKING_WORKFLOW`: the run of the workflow holding the blocking task (a sub-workflow's own id).
   * - `BLOCKING_TASK`: the blocking task's run (type, ref, status, input, output).
   * - `BLOCKING_TASK_INPUT`: the same task run (the server fills the same fields), tagged BLOCKING_TASK_INPUT.
   * On timeout both workflow strategies answer the started workflow with `signalTimeout: true`. When no
   * task blocks (the run ended, or the wait ran out) the task strategies get an HTTP 500 from the
   * server (its mapper returns null), thrown as ConductorError.
   *
   * @example
   * const run = await client.executeWorkflow({ name: "order" }, { returnStrategy: "BLOCKING_TASK" });
   * run.referenceTaskName; // typed as the task run
   */
  async executeWorkflow<S extends ReturnStrategy = "TARGET_WORKFLOW">(
    request: StartWorkflowRequest,
    execution: ExecuteWorkflowOptions<S> = {},
    options?: CallOptions,
  ): Promise<RunResultFor<S>> {
    requireObject("request", request);
    requireText("request.name", request.name);
    // The HTTP call must outlive the server-side wait.
    const serverWaitMs = (execution.waitForSeconds ?? 10) * 1000;
    const callOptions =
      options?.timeoutMs === undefined && serverWaitMs + 5_000 > this.#configuredTimeout()
        ? { ...options, timeoutMs: serverWaitMs + 5_000 }
        : options;
    const answer: unknown = await this.#workflow.executeWorkflow(
      {
        path: { name: request.name, version: request.version ?? 0 },
        // Several refs go comma-separated, as the server splits them.
        query: { ...execution, waitUntilTaskRef: [execution.waitUntilTaskRef].flat().join(",") || undefined },
        body: request,
      },
      callOptions,
    );
    return toRunResult(answer, execution.returnStrategy ?? ("TARGET_WORKFLOW" as S), "workflow.executeWorkflow");
  }

  #configuredTimeout(): number {
    const configured = (this.#transport as { configuration?: { timeoutMs?: number } }).configuration?.timeoutMs;
    return typeof configured === "number" ? configured : 60_000;
  }

  /** One execution with its tasks (set `includeTasks: false` for a lighter answer). */
  getWorkflow(
    workflowId: string,
    { includeTasks }: { includeTasks?: boolean } = {},
    options?: CallOptions,
  ): Promise<Workflow> {
    return this.#workflow.getWorkflow({ path: { workflowId }, query: { includeTasks } }, options);
  }

  /** Status (and optionally output and variables) of one execution. */
  async getWorkflowStatus(
    workflowId: string,
    { includeOutput, includeVariables }: { includeOutput?: boolean; includeVariables?: boolean } = {},
    options?: CallOptions,
  ): Promise<WorkflowStatusSummary> {
    return this.#workflow.getWorkflowStatusSummary(
      { path: { workflowId }, query: { includeOutput, includeVariables } },
      options,
    );
  }

  /**
   * Sets workflow variables of a running execution. Orkes Conductor offers this
   * (`POST /api/workflow/{id}/variables`); Conductor OSS has no such endpoint, so on OSS this throws
   * UnsupportedOperationError. Inside a workflow, use a SET_VARIABLE task instead.
   */
  async updateVariables(
    workflowId: string,
    variables: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<Workflow | undefined> {
    requireObject("variables", variables);
    try {
      return await this.#transport.call<Workflow | undefined>(
        {
          operation: "workflow.updateVariables",
          method: "POST",
          path: "/api/workflow/{workflowId}/variables",
          pathParams: { workflowId },
          body: variables,
          parseAs: "json",
          idempotent: true,
        },
        options,
      );
    } catch (error) {
      // Spring answers an unmapped path with 404 "No static resource ..." (and 405 for a method clash).
      if (
        error instanceof ConductorError &&
        (error.status === 405 ||
          (error.status === 404 && /no static resource|no handler/i.test(error.serverMessage ?? "")))
      ) {
        throw new UnsupportedOperationError(
          "workflow.updateVariables: this server has no such endpoint (Orkes Conductor has; OSS does not): use a SET_VARIABLE task",
          {
            status: error.status,
            operation: "workflow.updateVariables",
            method: "POST",
            path: error.path,
            cause: error,
          },
        );
      }
      throw error;
    }
  }

  /**
   * Terminates a running execution. `triggerFailureWorkflow` is passed to the server (Orkes honours
   * it; Conductor OSS never starts the failure workflow on an API termination).
   */
  async terminateWorkflow(
    workflowId: string,
    { reason, triggerFailureWorkflow }: { reason?: string; triggerFailureWorkflow?: boolean } = {},
    options?: CallOptions,
  ): Promise<void> {
    requireText("workflowId", workflowId);
    return this.#transport.call<void>(
      {
        operation: "workflow.terminateWorkflow",
        method: "DELETE",
        path: "/api/workflow/{workflowId}",
        pathParams: { workflowId },
        query: { reason, triggerFailureWorkflow },
        parseAs: "empty",
        idempotent: false,
      },
      options,
    );
  }

  /** Retries the last failed task of a failed execution (optionally resuming failed sub-workflows). */
  retryWorkflow(
    workflowId: string,
    { resumeSubworkflowTasks }: { resumeSubworkflowTasks?: boolean } = {},
    options?: CallOptions,
  ): Promise<void> {
    return this.#workflow.retryWorkflow({ path: { workflowId }, query: { resumeSubworkflowTasks } }, options);
  }

  /** Restarts a finished execution from the beginning (optionally with the latest definition). */
  restartWorkflow(
    workflowId: string,
    { useLatestDef }: { useLatestDef?: boolean } = {},
    options?: CallOptions,
  ): Promise<void> {
    return this.#workflow.restartWorkflow(
      { path: { workflowId }, query: { useLatestDefinitions: useLatestDef } },
      options,
    );
  }

  /** Re-runs an execution from a given task (or the start), optionally with new input; returns its id. */
  async rerunWorkflow(workflowId: string, request: RerunWorkflowRequest = {}, options?: CallOptions): Promise<string> {
    requireObject("request", request);
    return this.#workflow.rerunWorkflow({ path: { workflowId }, body: request }, options);
  }

  /** Pauses: running tasks finish, nothing new is scheduled until resumed. */
  pauseWorkflow(workflowId: string, options?: CallOptions): Promise<void> {
    return this.#workflow.pauseWorkflow({ path: { workflowId } }, options);
  }

  resumeWorkflow(workflowId: string, options?: CallOptions): Promise<void> {
    return this.#workflow.resumeWorkflow({ path: { workflowId } }, options);
  }

  /** Marks a scheduled task as skipped so the execution moves on. */
  skipTaskFromWorkflow(workflowId: string, taskReferenceName: string, options?: CallOptions): Promise<void> {
    return this.#workflow.skipTask({ path: { workflowId, taskReferenceName } }, options);
  }

  /** Removes an execution (archiving it by default). */
  deleteWorkflow(
    workflowId: string,
    { archiveWorkflow }: { archiveWorkflow?: boolean } = {},
    options?: CallOptions,
  ): Promise<void> {
    return this.#workflow.deleteWorkflow({ path: { workflowId }, query: { archiveWorkflow } }, options);
  }

  /** Terminates a running execution and removes it in one call. */
  terminateAndDeleteWorkflow(
    workflowId: string,
    { reason, archiveWorkflow }: { reason?: string; archiveWorkflow?: boolean } = {},
    options?: CallOptions,
  ): Promise<void> {
    return this.#workflow.terminateRemoveWorkflow(
      { path: { workflowId }, query: { reason, archiveWorkflow } },
      options,
    );
  }

  /** Executions of one workflow per correlation id. */
  async getByCorrelationIds(
    workflowName: string,
    correlationIds: string[],
    { includeClosed, includeTasks }: CorrelationOptions = {},
    options?: CallOptions,
  ): Promise<Record<string, Workflow[]>> {
    requireList("correlationIds", correlationIds);
    return this.#workflow.getWorkflowsByCorrelationIds(
      { path: { name: workflowName }, query: { includeClosed, includeTasks }, body: correlationIds },
      options,
    );
  }

  /** Executions of one workflow with one correlation id. */
  getByCorrelationId(
    workflowName: string,
    correlationId: string,
    { includeClosed, includeTasks }: CorrelationOptions = {},
    options?: CallOptions,
  ): Promise<Workflow[]> {
    return this.#workflow.getWorkflowsByCorrelationId(
      { path: { name: workflowName, correlationId }, query: { includeClosed, includeTasks } },
      options,
    );
  }

  /** One page of execution summaries. */
  search(params: WorkflowSearchParams = {}, options?: CallOptions): Promise<SearchResult<WorkflowSummary>> {
    const { start, size, freeText, query, sort, topLevelOnly } = params;
    return this.#workflow.search({ query: { start, size, freeText, query, sort, topLevelOnly } }, options);
  }

  /** Every matching execution summary, fetching pages of `size` (default 100) as you iterate. */
  async *searchAll(
    params: Omit<WorkflowSearchParams, "start"> = {},
    options?: CallOptions,
  ): AsyncGenerator<WorkflowSummary, void, undefined> {
    const size = params.size ?? 100;
    for (let start = 0; ;) {
      const page = await this.search({ ...params, start, size }, options);
      const results = page.results ?? [];
      for (const summary of results) yield summary;
      start += results.length;
      if (results.length < size || results.length === 0 || start >= (page.totalHits ?? 0)) return;
    }
  }

  /** Ids of running executions of a workflow (optionally one version and a start-time window). */
  getRunningWorkflows(
    workflowName: string,
    { version, startTime, endTime }: { version?: number; startTime?: number; endTime?: number } = {},
    options?: CallOptions,
  ): Promise<string[]> {
    return this.#workflow.getRunningWorkflows(
      { path: { name: workflowName }, query: { version, startTime, endTime } },
      options,
    );
  }

  /** A page of an execution's tasks, optionally filtered by status. */
  async getWorkflowTasks(
    workflowId: string,
    { start, count, status }: { start?: number; count?: number; status?: string[] } = {},
    options?: CallOptions,
  ): Promise<SearchResult<Task>> {
    return this.#workflow.getWorkflowTasks({ path: { workflowId }, query: { start, count, status } }, options);
  }

  /** Runs a workflow on the server with mocked task outputs (POST /api/workflow/test). */
  async testWorkflow(request: WorkflowTestRequest, options?: CallOptions): Promise<Workflow> {
    requireObject("request", request);
    requireText("request.name", request.name);
    return this.#workflow.testWorkflow({ body: request }, options);
  }

  /** Re-evaluates an execution now (the decider). */
  decide(workflowId: string, options?: CallOptions): Promise<void> {
    return this.#workflow.decide({ path: { workflowId } }, options);
  }

  /** Resets callbackAfterSeconds of the execution's SIMPLE tasks so they can be polled at once. */
  resetCallbacks(workflowId: string, options?: CallOptions): Promise<void> {
    return this.#workflow.resetCallbacks({ path: { workflowId } }, options);
  }

  // Bulk operations: each answers which ids succeeded and why the others failed.

  async pauseWorkflows(workflowIds: string[], options?: CallOptions): Promise<BulkResponse> {
    return this.#bulk.pauseWorkflows({ body: requireList("workflowIds", workflowIds) }, options);
  }

  async resumeWorkflows(workflowIds: string[], options?: CallOptions): Promise<BulkResponse> {
    return this.#bulk.resumeWorkflows({ body: requireList("workflowIds", workflowIds) }, options);
  }

  async restartWorkflows(
    workflowIds: string[],
    { useLatestDef }: { useLatestDef?: boolean } = {},
    options?: CallOptions,
  ): Promise<BulkResponse> {
    return this.#bulk.restartWorkflows(
      { body: requireList("workflowIds", workflowIds), query: { useLatestDefinitions: useLatestDef } },
      options,
    );
  }

  async retryWorkflows(workflowIds: string[], options?: CallOptions): Promise<BulkResponse> {
    return this.#bulk.retryWorkflows({ body: requireList("workflowIds", workflowIds) }, options);
  }

  async terminateWorkflows(
    workflowIds: string[],
    { reason }: { reason?: string } = {},
    options?: CallOptions,
  ): Promise<BulkResponse> {
    return this.#bulk.terminateWorkflows({ body: requireList("workflowIds", workflowIds), query: { reason } }, options);
  }

  async deleteWorkflows(
    workflowIds: string[],
    { archiveWorkflow }: { archiveWorkflow?: boolean } = {},
    options?: CallOptions,
  ): Promise<BulkResponse> {
    return this.#bulk.deleteWorkflows(
      { body: requireList("workflowIds", workflowIds), query: { archiveWorkflow } },
      options,
    );
  }

  async terminateAndDeleteWorkflows(
    workflowIds: string[],
    { reason, archiveWorkflow }: { reason?: string; archiveWorkflow?: boolean } = {},
    options?: CallOptions,
  ): Promise<BulkResponse> {
    return this.#bulk.terminateRemoveWorkflows(
      { body: requireList("workflowIds", workflowIds), query: { reason, archiveWorkflow } },
      options,
    );
  }

  /** Several executions by id in one call. */
  async getWorkflows(
    workflowIds: string[],
    { includeTasks }: { includeTasks?: boolean } = {},
    options?: CallOptions,
  ): Promise<Workflow[]> {
    const response = await this.#bulk.searchWorkflows(
      { body: requireList("workflowIds", workflowIds), query: { includeTasks } },
      options,
    );
    return (response.bulkSuccessfulResults ?? []) as unknown as Workflow[];
  }
}
