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

/** Publishes a message to a Kafka topic (the server needs the Kafka module and a broker). */
export class KafkaPublishTask extends BaseTask {
  constructor(taskReferenceName: string, request: KafkaRequest, options: TaskOptions = {}) {
    super("KAFKA_PUBLISH", taskReferenceName, taskReferenceName, { kafka_request: { ...request } }, options);
  }

  static fromWorkflowTask(json: WorkflowTask): KafkaPublishTask {
    return new KafkaPublishTask("", { topic: "", value: null, bootStrapServers: "" }).restoreFrom(json);
  }
}
