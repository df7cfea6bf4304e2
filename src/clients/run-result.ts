// What a synchronous execute or signal answers, per `returnStrategy`: a workflow run or a task run,
// told apart by `responseType`. The spec's SignalResponse is abstract, so the union is written here
// from the server's NotificationResult (conductor-oss v3.32.1) and narrowed on arrival.
import type { components } from "../../generated/types.js";
import { ConductorError } from "../errors/conductor-error.js";

type Schemas = components["schemas"];

/** What a synchronous execute or signal answers with (server default `TARGET_WORKFLOW`). */
export type ReturnStrategy = "TARGET_WORKFLOW" | "BLOCKING_WORKFLOW" | "BLOCKING_TASK" | "BLOCKING_TASK_INPUT";
/** Strategies answered with a workflow run. */
export type WorkflowReturnStrategy = "TARGET_WORKFLOW" | "BLOCKING_WORKFLOW";
/** Strategies answered with a task run. */
export type TaskReturnStrategy = "BLOCKING_TASK" | "BLOCKING_TASK_INPUT";

interface SignalFields<S extends ReturnStrategy> {
  /** The strategy that shaped this answer (echoed by the server). */
  responseType: S;
  /** Id of the workflow the request named (the run may describe a sub-workflow or one of its tasks). */
  targetWorkflowId?: string;
  targetWorkflowStatus?: string;
  /** True when the wait ran out before the workflow ended or blocked: the state is the one at that moment. */
  signalTimeout?: boolean;
}

/**
 * A workflow's state (`TARGET_WORKFLOW`: the requested one, `Output` typed; `BLOCKING_WORKFLOW`: the
 * one holding the blocking task, possibly a sub-workflow). `output` is complete only once `status`
 * is `COMPLETED`.
 */
export type WorkflowRunResult<
  S extends WorkflowReturnStrategy = WorkflowReturnStrategy,
  Output = Record<string, unknown>,
> = Omit<Schemas["WorkflowRun"], "responseType" | "output" | "targetWorkflowId" | "targetWorkflowStatus"> &
  SignalFields<S> & { output?: "TARGET_WORKFLOW" extends S ? Output : Record<string, unknown> };

/** The blocking task's state: its type, reference name, status, input and output. */
export type TaskRunResult<S extends TaskReturnStrategy = TaskReturnStrategy> = Omit<
  Schemas["TaskRun"],
  "responseType" | "targetWorkflowId" | "targetWorkflowStatus"
> &
  SignalFields<S>;

/** Any answer of execute/signalSync; narrow on `responseType` (or with `isTaskRunResult`). */
export type SignalResult<Output = Record<string, unknown>> =
  | WorkflowRunResult<"TARGET_WORKFLOW", Output>
  | WorkflowRunResult<"BLOCKING_WORKFLOW">
  | TaskRunResult<"BLOCKING_TASK">
  | TaskRunResult<"BLOCKING_TASK_INPUT">;

/** The member of SignalResult a given strategy (or union of strategies) answers with. */
export type RunResultFor<S extends ReturnStrategy, Output = Record<string, unknown>> = S extends "TARGET_WORKFLOW"
  ? WorkflowRunResult<"TARGET_WORKFLOW", Output>
  : S extends "BLOCKING_WORKFLOW"
    ? WorkflowRunResult<"BLOCKING_WORKFLOW">
    : S extends TaskReturnStrategy
      ? TaskRunResult<S>
      : never;

/**
 * True for the task-run members (BLOCKING_TASK, BLOCKING_TASK_INPUT).
 *
 * @example
 * const answer = await wf.execute({ orderId: "o-1" }, { returnStrategy: strategy }); // strategy: ReturnStrategy
 * if (isTaskRunResult(answer)) console.log(answer.referenceTaskName, answer.status); // the blocking task
 * else console.log(answer.workflowId, answer.status); // a workflow run
 */
export function isTaskRunResult<Output>(result: SignalResult<Output>): result is TaskRunResult {
  return result.responseType === "BLOCKING_TASK" || result.responseType === "BLOCKING_TASK_INPUT";
}

/**
 * Checks that the answer is the member the requested strategy selects. A server without
 * returnStrategy (before 3.32) sends a plain WorkflowRun: accepted as TARGET_WORKFLOW.
 */
export function toRunResult<S extends ReturnStrategy, Output = Record<string, unknown>>(
  answer: unknown,
  requested: S,
  operation: string,
): RunResultFor<S, Output> {
  const run = answer as Record<string, unknown> | null;
  const responseType = run?.responseType ?? requested;
  if (typeof run !== "object" || run === null || responseType !== requested) {
    throw new ConductorError(`${operation}: the answer is not a ${requested} run`, { operation, body: answer });
  }
  return { ...run, responseType } as RunResultFor<S, Output>;
}
