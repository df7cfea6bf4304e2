import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/**
 * Publishes its input to an event sink. The server (Conductor OSS 3.32) resolves the sink as follows:
 * - `conductor` publishes to `conductor:<workflowName>:<taskReferenceName>`;
 * - `conductor:<queue>` publishes to `conductor:<workflowName>:<queue>`, so an event handler listens on that
 *   full name, not on `conductor:<queue>`;
 * - `<type>:<queue>` goes to that queue provider: `sqs`, `kafka`, `nats`, `nats_stream`, `jsm`, `amqp_queue`,
 *   `amqp_exchange` exist only when the server enables the module; an unknown type fails the task.
 *
 * The sink may contain `${...}` expressions. The message is the task's input plus `workflowInstanceId`,
 * `workflowType`, `workflowVersion`, `correlationId` and `taskToDomain`.
 *
 * @example
 * ```ts
 * // In workflow "order", a handler on "conductor:order:order_done" receives { orderId }.
 * wf.add(new EventTask("notify", "conductor:order_done", { orderId: "${workflow.input.orderId}" }));
 * ```
 */
export class EventTask extends BaseTask {
  sink: string;

  constructor(taskReferenceName: string, sink: string, inputParameters: JsonMap = {}, options: TaskOptions = {}) {
    super("EVENT", taskReferenceName, taskReferenceName, inputParameters, options);
    this.sink = sink;
  }

  protected override typeFields(): JsonMap {
    return { sink: this.sink };
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const notify = EventTask.fromWorkflowTask({ name: "notify", taskReferenceName: "notify", type: "EVENT", sink: "conductor:order_done" });
   * notify.sink; // "conductor:order_done"
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): EventTask {
    const task = new EventTask("", "").restoreFrom(json, ["sink"]);
    task.sink = json.sink ?? "";
    return task;
  }
}
