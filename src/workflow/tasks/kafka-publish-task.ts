import { BaseTask, type TaskOptions } from "../task.js";
import type { WorkflowTask } from "../types.js";

/** The `kafka_request` input the server's KAFKA_PUBLISH task reads. */
export interface KafkaRequest {
  topic: string;
  value: unknown;
  bootStrapServers: string;
  key?: string;
  keySerializer?: string;
  headers?: Record<string, unknown>;
  requestTimeoutMs?: number;
  maxBlockMs?: number;
  [extra: string]: unknown;
}

/**
 * Publishes a message to a Kafka topic (the server needs the Kafka module and a broker).
 *
 * @example
 * ```ts
 * wf.add(
 *   new KafkaPublishTask("publish_order", {
 *     topic: "orders",
 *     value: { orderId: wf.input("orderId") },
 *     bootStrapServers: "kafka:9092",
 *     key: wf.input("orderId"),
 *   }),
 * );
 * ```
 */
export class KafkaPublishTask extends BaseTask {
  constructor(taskReferenceName: string, request: KafkaRequest, options: TaskOptions = {}) {
    super("KAFKA_PUBLISH", taskReferenceName, taskReferenceName, { kafka_request: { ...request } }, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const publish = KafkaPublishTask.fromWorkflowTask({
   *   name: "publish_order",
   *   taskReferenceName: "publish_order",
   *   type: "KAFKA_PUBLISH",
   *   inputParameters: { kafka_request: { topic: "orders", value: {}, bootStrapServers: "kafka:9092" } },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): KafkaPublishTask {
    return new KafkaPublishTask("", { topic: "", value: null, bootStrapServers: "" }).restoreFrom(json);
  }
}
