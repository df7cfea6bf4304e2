import type { TaskOptions } from "../task.js";
import type { WorkflowTask } from "../types.js";
import { AiTask } from "./ai-task.js";

/** The input of PULL_WORKFLOW_MESSAGES. */
export interface PullWorkflowMessagesInput {
  /** Most messages to take per run (default 1; the server caps it, 100 by default). */
  batchSize?: number | string;
  /** When false the task completes at once with no messages if the queue is empty (default true). */
  blocking?: boolean | string;
}

/**
 * Takes messages from the workflow's own message queue (PULL_WORKFLOW_MESSAGES; the server needs
 * `conductor.workflow-message-queue.enabled=true`). Output: `{ messages, count }`.
 *
 * @example
 * ```ts
 * const inbox = new PullWorkflowMessagesTask("inbox", { batchSize: 10, blocking: true });
 * wf.add(inbox, new SimpleTask("handle", "handle", { messages: inbox.messages() }));
 * ```
 */
export class PullWorkflowMessagesTask extends AiTask {
  constructor(taskReferenceName: string, input: PullWorkflowMessagesInput = {}, options: TaskOptions = {}) {
    super("PULL_WORKFLOW_MESSAGES", "PullWorkflowMessagesTask", taskReferenceName, input, options);
  }

  /**
   * `${ref.output.messages}`.
   *
   * @example
   * ```ts
   * const inbox = new PullWorkflowMessagesTask("inbox");
   * inbox.messages(); // "${inbox.output.messages}"
   * ```
   */
  messages(): string {
    return this.output("messages");
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const inbox = PullWorkflowMessagesTask.fromWorkflowTask({
   *   name: "inbox",
   *   taskReferenceName: "inbox",
   *   type: "PULL_WORKFLOW_MESSAGES",
   *   inputParameters: { batchSize: 10 },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): PullWorkflowMessagesTask {
    return AiTask.restore(json, () => new PullWorkflowMessagesTask(""));
  }
}
