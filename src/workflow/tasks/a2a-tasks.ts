// Agent-to-agent (A2A) tasks: call, describe and cancel a remote agent.
import type { TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";
import { AiTask } from "./ai-task.js";

interface AgentEndpoint {
  /** `a2a` (the server's default) or a Conductor agent client's type. */
  agentType?: string;
  /** The remote agent's URL (needed for `a2a`). */
  agentUrl?: string;
  headers?: Record<string, string> | string;
}

/** The input of AGENT (the server's A2ACallRequest). */
export interface A2aAgentInput extends AgentEndpoint {
  agentName?: string;
  agentVersion?: number | string;
  /** The message: `text`, or A2A `parts`, or a whole A2A `message`. */
  text?: string;
  parts?: JsonMap[] | string;
  message?: JsonMap | string;
  contextId?: string;
  taskId?: string;
  sessionId?: string;
  runId?: string;
  executionId?: string;
  context?: JsonMap | string;
  historyLength?: number | string;
  pollIntervalSeconds?: number | string;
  maxDurationSeconds?: number | string;
  maxPollFailures?: number | string;
  streaming?: boolean | string;
  pushNotification?: boolean | string;
  pushBackstopPollSeconds?: number | string;
  metadata?: JsonMap | string;
}

/**
 * Sends a message to a remote agent and waits for its answer (AGENT). Output: `state`, `text`, `artifacts`, ...
 *
 * @example
 * ```ts
 * const ask = new A2aAgentTask("ask_planner", { agentUrl: "https://agents.example.com/planner", text: wf.input("goal") });
 * wf.add(ask).outputParameters({ plan: ask.output("text") });
 * ```
 */
export class A2aAgentTask extends AiTask {
  constructor(taskReferenceName: string, input: A2aAgentInput, options: TaskOptions = {}) {
    super("AGENT", "A2aAgentTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = A2aAgentTask.fromWorkflowTask({
   *   name: "ask_planner",
   *   taskReferenceName: "ask_planner",
   *   type: "AGENT",
   *   inputParameters: { agentUrl: "https://agents.example.com/planner", text: "Plan a trip" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): A2aAgentTask {
    return AiTask.restore(json, () => new A2aAgentTask("", {}));
  }
}

/** The input of GET_AGENT_CARD (the server's A2AAgentCardRequest). */
export interface GetAgentCardInput extends AgentEndpoint {
  agentUrl: string;
}

/**
 * Fetches a remote agent's card (GET_AGENT_CARD). Output: `{ agentCard }`.
 *
 * @example
 * ```ts
 * const card = new GetAgentCardTask("planner_card", { agentUrl: "https://agents.example.com/planner" });
 * wf.add(card).outputParameters({ skills: card.output("agentCard.skills") });
 * ```
 */
export class GetAgentCardTask extends AiTask {
  constructor(taskReferenceName: string, input: GetAgentCardInput, options: TaskOptions = {}) {
    super("GET_AGENT_CARD", "GetAgentCardTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = GetAgentCardTask.fromWorkflowTask({
   *   name: "planner_card",
   *   taskReferenceName: "planner_card",
   *   type: "GET_AGENT_CARD",
   *   inputParameters: { agentUrl: "https://agents.example.com/planner" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): GetAgentCardTask {
    return AiTask.restore(json, () => new GetAgentCardTask("", {} as GetAgentCardInput));
  }
}

/** The input of CANCEL_AGENT (the server's A2ACancelRequest). */
export interface CancelAgentInput extends AgentEndpoint {
  agentUrl: string;
  taskId?: string;
  executionId?: string;
  reason?: string;
}

/**
 * Cancels a remote agent's task (CANCEL_AGENT). Output: `{ executionId, canceled, task }`.
 *
 * @example
 * ```ts
 * wf.add(
 *   new CancelAgentTask("stop_planner", {
 *     agentUrl: "https://agents.example.com/planner",
 *     taskId: ask.output("taskId"),
 *     reason: "user cancelled",
 *   }),
 * );
 * ```
 */
export class CancelAgentTask extends AiTask {
  constructor(taskReferenceName: string, input: CancelAgentInput, options: TaskOptions = {}) {
    super("CANCEL_AGENT", "CancelAgentTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = CancelAgentTask.fromWorkflowTask({
   *   name: "stop_planner",
   *   taskReferenceName: "stop_planner",
   *   type: "CANCEL_AGENT",
   *   inputParameters: { agentUrl: "https://agents.example.com/planner", taskId: "t-1" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): CancelAgentTask {
    return AiTask.restore(json, () => new CancelAgentTask("", {} as CancelAgentInput));
  }
}
