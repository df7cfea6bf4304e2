import { BulkResource } from "../../generated/resources/bulk.js";
import { WorkflowResource } from "../../generated/resources/workflow.js";
import { ConductorError, UnsupportedOperationError } from "../errors/conductor-error.js";
import type { CallOptions } from "../transport/operation.js";
import { type ClientSource, requireList, requireObject, requireText, toTransport } from "./base.js";
import { type ReturnStrategy, type RunResultFor, toRunResult } from "./run-result.js";
import type { StartWorkflowRequest, Workflow, WorkflowSummary } from "../../generated/models.js";
import type { SearchParams } from "./search.js";

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

export interface WorkflowSearchParams extends SearchParams {
  /** Only top-level executions (no sub-workflows). */
  topLevelOnly?: boolean;
}

/**
 * Starting, inspecting and steering workflow executions: every operation of `/api/workflow`
 * (inherited from the generated WorkflowResource: startWorkflow, getWorkflow, getWorkflowStatus,
 * pauseWorkflow, resumeWorkflow, retryWorkflow, restartWorkflow, rerunWorkflow, skipTaskFromWorkflow,
 * deleteWorkflow, terminateAndDeleteWorkflow, getByCorrelationId(s), search, getRunningWorkflows,
 * getWorkflowTasks, testWorkflow, decide, resetCallbacks, ...) plus the methods below, and the bulk
 * operations of `/api/workflow/bulk` as `bulk`.
 *
 * `startWorkflow`'s `idempotencyKey` and `idempotencyStrategy` are sent as given, but Conductor OSS
 * (3.32) does not read them: every call starts a new run. Deduplicate on the caller's side (for example
 * search by `correlationId` first) when a retry must not start a second run.
 *
 * @example
 * const workflows = new WorkflowClient(new Configuration({ serverUrl: "http://localhost:8080/api" }));
 * const workflowId = await workflows.startWorkflow({ name: "greet", input: { name: "Ada" } });
 * await workflows.pauseWorkflow(workflowId);
 */
export class WorkflowClient extends WorkflowResource {
  /**
   * The bulk operations (`/api/workflow/bulk`, at most 1000 ids per call): each answers which ids
   * succeeded and why the others failed.
   *
   * @example
   * const { bulkErrorResults } = await workflows.bulk.terminateWorkflows(ids, { reason: "cleanup" });
   */
  readonly bulk: BulkResource;

  constructor(source?: ClientSource) {
    super(toTransport(source));
    this.bulk = new BulkResource(this.transport);
  }

  /**
   * Starts an execution and waits on the server (`POST /api/workflow/execute/{name}/{version}`,
   * version 0 or none = latest) until the run ends or blocks, or `waitForSeconds` (server default
   * 10) pass. Read in the server source (conductor-oss v3.32.1, WorkflowSignalResponder): the server
   * polls every 100 ms; the run "blocks" when a WAIT task without duration/until waits, or a task
   * named in `waitUntilTaskRef` has ended, in the workflow or any running sub-workflow. A SIMPLE task
   * waiting for a worker does not block: the call waits out `waitForSeconds`; neither does a HUMAN task
   * until it completes. The HTTP timeout is raised to outlive the server-side wait (unless
   * `options.timeoutMs` is given).
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
   * The raw operation, without the timeout and the typed answer, is `executeWorkflowByName`.
   *
   * @example
   * const run = await workflows.executeWorkflow({ name: "order" }, { returnStrategy: "BLOCKING_TASK" });
   * run.referenceTaskName; // typed as the task run
   */
  async executeWorkflow<S extends ReturnStrategy = "TARGET_WORKFLOW">(
    request: StartWorkflowRequest,
    execution: ExecuteWorkflowOptions<S> = {},
    options?: CallOptions,
  ): Promise<RunResultFor<S>> {
    requireObject("request", request);
    // The name travels as a path parameter: name the caller's field, not the path's.
    requireText("request.name", request.name);
    const answer: unknown = await this.executeWorkflowByName(
      request.name,
      request.version ?? 0,
      request,
      // Several refs go comma-separated, as the server splits them.
      { ...execution, waitUntilTaskRef: [execution.waitUntilTaskRef].flat().join(",") || undefined },
      // The server waits up to waitForSeconds (0 or absent: 10) before answering.
      { ...options, serverWaitMs: (execution.waitForSeconds || 10) * 1000 },
    );
    return toRunResult(answer, execution.returnStrategy ?? ("TARGET_WORKFLOW" as S), "workflow.executeWorkflowByName");
  }

  /**
   * Sets workflow variables of a running execution. Orkes Conductor offers this
   * (`POST /api/workflow/{id}/variables`); Conductor OSS has no such endpoint, so on OSS this throws
   * UnsupportedOperationError. Inside a workflow, use a SET_VARIABLE task instead.
   *
   * @example
   * await workflows.updateVariables(workflowId, { approved: true });
   */
  async updateVariables(
    workflowId: string,
    variables: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<Workflow | undefined> {
    requireObject("variables", variables);
    try {
      return await this.transport.call<Workflow | undefined>(
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
   * Every matching execution summary, fetching pages of `size` (default 100) with `search` as you
   * iterate.
   *
   * @example
   * for await (const summary of workflows.searchAll({ query: "workflowType = 'order' AND status = 'FAILED'" })) {
   *   console.log(summary.workflowId);
   * }
   */
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

  /**
   * Several executions by id in one call (`POST /api/workflow/bulk/search`): the executions found,
   * in the server's order; ids it cannot find are left out (`bulk.searchWorkflows` tells why).
   *
   * @example
   * const runs = await workflows.getWorkflows([firstId, secondId], { includeTasks: false });
   */
  async getWorkflows(
    workflowIds: string[],
    params?: { includeTasks?: boolean },
    options?: CallOptions,
  ): Promise<Workflow[]> {
    const response = await this.bulk.searchWorkflows(requireList("workflowIds", workflowIds), params, options);
    return (response.bulkSuccessfulResults ?? []) as unknown as Workflow[];
  }
}
