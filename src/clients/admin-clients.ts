// Clients for the smaller API groups: admin, queue admin, health, environment and secrets. Their operations are
// the generated resources' (inherited); only HealthClient adds logic of its own.
import { AdminResource } from "../../generated/resources/admin.js";
import { EnvironmentResource } from "../../generated/resources/environment.js";
import { HealthResource } from "../../generated/resources/health.js";
import { QueueAdminResource } from "../../generated/resources/queue-admin.js";
import { SecretsResource } from "../../generated/resources/secrets.js";
import type { CallOptions } from "../transport/operation.js";
import { type ClientSource, toTransport } from "./base.js";

/**
 * Server administration: configuration, event queues, pending tasks, sweeper and consistency repair.
 *
 * @example
 * const admin = new AdminClient(new Configuration({ serverUrl: "http://localhost:8080/api" }));
 * const pending = await admin.getPendingTasks("send_email", { start: 0, count: 10 });
 */
export class AdminClient extends AdminResource {
  /** Uses the given Configuration (own transport) or a shared transport; without one, the environment's. */
  constructor(source?: ClientSource) {
    super(toTransport(source));
  }
}

/**
 * Low-level queue administration (queue names and sizes; completing a WAIT task through the queue).
 *
 * @example
 * const queues = new QueueAdminClient(new Configuration({ serverUrl: "http://localhost:8080/api" }));
 * await queues.updateByTaskRefName(workflowId, "wait_for_approval", "COMPLETED", { approved: true });
 */
export class QueueAdminClient extends QueueAdminResource {
  /** Uses the given Configuration (own transport) or a shared transport; without one, the environment's. */
  constructor(source?: ClientSource) {
    super(toTransport(source));
  }
}

/**
 * Server health: `health()` (GET /health, every server version), `apiHealth()` (GET /api/health, server 3.32+)
 * and `isHealthy()`.
 *
 * @example
 * const health = new HealthClient(new Configuration({ serverUrl: "http://localhost:8080/api" }));
 * if (!(await health.isHealthy())) console.warn("Conductor is down");
 */
export class HealthClient extends HealthResource {
  /** Uses the given Configuration (own transport) or a shared transport; without one, the environment's. */
  constructor(source?: ClientSource) {
    super(toTransport(source));
  }

  /**
   * True when the server answers and reports itself healthy; false when it is down, unreachable or unhealthy
   * (never rejects).
   *
   * @example
   * const up = await health.isHealthy({ timeoutMs: 2_000 });
   */
  async isHealthy(options?: CallOptions): Promise<boolean> {
    try {
      return (await this.health(options)).healthy === true;
    } catch {
      return false;
    }
  }
}

/**
 * Environment variables defined on the server (readable from workflows as `${workflow.env.NAME}`).
 *
 * @example
 * const environment = new EnvironmentClient(new Configuration({ serverUrl: "http://localhost:8080/api" }));
 * const region = await environment.getVariable("REGION");
 */
export class EnvironmentClient extends EnvironmentResource {
  /** Uses the given Configuration (own transport) or a shared transport; without one, the environment's. */
  constructor(source?: ClientSource) {
    super(toTransport(source));
  }
}

/**
 * Secrets stored on the server (names, metadata, existence, and values where the server allows it).
 *
 * @example
 * const secrets = new SecretsClient(new Configuration({ serverUrl: "http://localhost:8080/api" }));
 * const names = await secrets.listSecretNames();
 */
export class SecretsClient extends SecretsResource {
  /** Uses the given Configuration (own transport) or a shared transport; without one, the environment's. */
  constructor(source?: ClientSource) {
    super(toTransport(source));
  }
}
