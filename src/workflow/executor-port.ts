// What ConductorWorkflow needs from an executor. Structural on purpose: the clients' WorkflowExecutor
// satisfies it without this module importing the clients (keeps the builder free of transport code).
import type { ReturnStrategy, SignalResult } from "../clients/run-result.js";
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

export type ExecuteWorkflowRequest = StartWorkflowRequest & {
  /** Also answer once a task with one of these reference names has ended (see WorkflowClient.executeWorkflow). */
  waitUntilTaskRef?: string | readonly string[];
  /** Which state the answer describes (server default TARGET_WORKFLOW). */
  returnStrategy?: ReturnStrategy;
  /** How long the server waits before answering with the current state (server default 10). */
  waitForSeconds?: number;
  requestId?: string;
};

export interface WorkflowExecutorPort {
  registerWorkflow(def: WorkflowDef, overwrite?: boolean): Promise<void>;
  /** Starts a workflow and resolves to its id. */
  startWorkflow(request: StartWorkflowRequest): Promise<string>;
  /** Resolves to the member of SignalResult that `request.returnStrategy` selects. */
  execute(request: ExecuteWorkflowRequest): Promise<SignalResult | WorkflowRunLike>;
  testWorkflow(request: WorkflowTestRequest): Promise<Workflow>;
}
