// What ConductorWorkflow needs from an executor. Structural on purpose: the clients' WorkflowExecutor
// satisfies it, and this module imports only types from the clients (keeps the builder free of
// transport code).
import type { SignalResult } from "../clients/run-result.js";
import type { ExecuteWorkflowOptions } from "../clients/workflow-client.js";
import type { StartWorkflowRequest, Task, Workflow, WorkflowDef, WorkflowTestRequest } from "./types.js";

/** The part of a synchronous run's result the builder relies on (the server sends a WorkflowRun). */
export interface WorkflowRunLike {
  workflowId?: string;
  correlationId?: string;
  requestId?: string;
  status?: string;
  input?: Record<string, unknown>;
  output?: Record<string, unknown>;
  tasks?: Task[];
  variables?: Record<string, unknown>;
  createTime?: number;
  updateTime?: number;
  priority?: number;
}

/** The WorkflowExecutor methods ConductorWorkflow calls, with the executor's names and signatures. */
export interface WorkflowExecutorPort {
  /** Registers the definition (`overwrite` replaces an existing name+version). */
  registerWorkflow(def: WorkflowDef, params?: { overwrite?: boolean }): Promise<void>;
  /** Starts a workflow and resolves to its id. */
  startWorkflow(request: StartWorkflowRequest): Promise<string>;
  /** Runs and waits (see WorkflowClient.executeWorkflow); resolves to the member `returnStrategy` selects. */
  executeWorkflow(
    request: StartWorkflowRequest,
    execution?: ExecuteWorkflowOptions,
  ): Promise<SignalResult | WorkflowRunLike>;
  /** Runs the definition in the server's test mode with mocked task outputs. */
  testWorkflow(request: WorkflowTestRequest): Promise<Workflow>;
}
