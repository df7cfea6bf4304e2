// Clients for the smaller API groups: admin, queue admin, health, environment and secrets.
import { AdminResource } from "../../generated/resources/admin.js";
import { EnvironmentResource } from "../../generated/resources/environment.js";
import { HealthResource } from "../../generated/resources/health.js";
import { QueueAdminResource } from "../../generated/resources/queue-admin.js";
import { SecretsResource } from "../../generated/resources/secrets.js";
import type { CallOptions } from "../transport/operation.js";
import { type ClientSource, toTransport } from "./base.js";
import type { EnvironmentVariable, HealthCheckStatus, Task, TaskResultStatus } from "../../generated/models.js";

/** Server administration: configuration, event queues, pending tasks, sweeper and consistency repair. */
export class AdminClient {
  readonly #admin: AdminResource;

  constructor(source?: ClientSource) {
    this.#admin = new AdminResource(toTransport(source));
  }

  /** The server's effective configuration properties. */
  getAllConfig(options?: CallOptions): Promise<Record<string, unknown>> {
    return this.#admin.getAllConfig(options);
  }

  /** Event queues the server listens on (with sizes when `verbose`). */
  getEventQueues({ verbose }: { verbose?: boolean } = {}, options?: CallOptions): Promise<Record<string, unknown>> {
    return this.#admin.getEventQueues({ query: { verbose } }, options);
  }

  /** Tasks of a type that are scheduled or in progress. */
  getPendingTasks(
    taskType: string,
    { start, count }: { start?: number; count?: number } = {},
    options?: CallOptions,
  ): Promise<Task[]> {
    return this.#admin.getPendingTasks({ path: { tasktype: taskType }, query: { start, count } }, options);
  }

  /** Puts an execution back on the sweeper's queue; returns the server's message. */
  requeueSweep(workflowId: string, options?: CallOptions): Promise<string> {
    return this.#admin.requeueSweep({ path: { workflowId } }, options);
  }

  /** Checks an execution's queues against its state and repairs them; returns the server's answer. */
  verifyAndRepairWorkflowConsistency(workflowId: string, options?: CallOptions): Promise<string> {
    return this.#admin.verifyAndRepairWorkflowConsistency({ path: { workflowId } }, options);
  }
}

/** Low-level queue administration. */
export class QueueAdminClient {
  readonly #queue: QueueAdminResource;

  constructor(source?: ClientSource) {
    this.#queue = new QueueAdminResource(toTransport(source));
  }

  /** Names of the event queues, keyed by queue name. */
  getQueueNames(options?: CallOptions): Promise<Record<string, string>> {
    return this.#queue.getQueueNames(options);
  }

  /** Sizes of the event queues. */
  getQueueSizes(options?: CallOptions): Promise<Record<string, number>> {
    return this.#queue.getQueueSizes(options);
  }

  /** Publishes a task status update through the event queue, by task id. */
  updateByTaskId(
    workflowId: string,
    taskId: string,
    status: TaskResultStatus,
    output: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<void> {
    return this.#queue.updateByTaskId({ path: { workflowId, taskId, status }, body: output }, options);
  }

  /** Publishes a task status update through the event queue, by task reference name. */
  updateByTaskRefName(
    workflowId: string,
    taskRefName: string,
    status: TaskResultStatus,
    output: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<void> {
    return this.#queue.updateByTaskRefName({ path: { workflowId, taskRefName, status }, body: output }, options);
  }
}

/** Server health. */
export class HealthClient {
  readonly #health: HealthResource;

  constructor(source?: ClientSource) {
    this.#health = new HealthResource(toTransport(source));
  }

  /** GET /health (every server version). */
  health(options?: CallOptions): Promise<HealthCheckStatus> {
    return this.#health.health(options);
  }

  /** GET /api/health (server 3.32+; reachable through proxies that forward only /api). */
  apiHealth(options?: CallOptions): Promise<HealthCheckStatus> {
    return this.#health.apiHealth(options);
  }

  /** True when the server answers and reports itself healthy; false when it is down or unhealthy. */
  async isHealthy(options?: CallOptions): Promise<boolean> {
    try {
      return (await this.#health.health(options)).healthy === true;
    } catch {
      return false;
    }
  }
}

/** Environment variables defined on the server (readable from workflows as `${workflow.env.NAME}`). */
export class EnvironmentClient {
  readonly #environment: EnvironmentResource;

  constructor(source?: ClientSource) {
    this.#environment = new EnvironmentResource(toTransport(source));
  }

  getAllVariables(options?: CallOptions): Promise<EnvironmentVariable[]> {
    return this.#environment.getAllVariables(options);
  }

  /** One variable's value. */
  getVariable(key: string, options?: CallOptions): Promise<string> {
    return this.#environment.getVariable({ path: { key } }, options);
  }
}

/** Secrets stored on the server (names only; values never leave the server through this API). */
export class SecretsClient {
  readonly #secrets: SecretsResource;

  constructor(source?: ClientSource) {
    this.#secrets = new SecretsResource(toTransport(source));
  }

  listSecretNames(options?: CallOptions): Promise<string[]> {
    return this.#secrets.listSecretNames(options);
  }
}
