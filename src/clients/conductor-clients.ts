import { A2aResource } from "../../generated/resources/a2a.js";
import { AgentResource } from "../../generated/resources/agent.js";
import { BulkResource } from "../../generated/resources/bulk.js";
import type { ConductorResources } from "../../generated/resources/index.js";
import { ProvidersResource } from "../../generated/resources/providers.js";
import { Configuration } from "../config/configuration.js";
import { Transport } from "../transport/transport.js";
import { AdminClient, EnvironmentClient, HealthClient, QueueAdminClient, SecretsClient } from "./admin-clients.js";
import { EventClient } from "./event-client.js";
import { MetadataClient } from "./metadata-client.js";
import { SchedulerClient } from "./scheduler-client.js";
import { TaskClient } from "./task-client.js";
import { WorkflowClient } from "./workflow-client.js";
import { WorkflowExecutor } from "./workflow-executor.js";

/**
 * Every client over one Configuration and one transport (one token cache, one retry policy). Each API group is a
 * read-only property named like the group (`conductor.workflow`, `conductor.metadata`, `conductor.bulk`, ...):
 * the hand-written client where there is one, else the generated resource. Clients are created on first use and
 * then reused; the `getXClient()` methods (the Python SDK's `OrkesClients.get_workflow_client()`) return the same
 * instances. `implements ConductorResources` keeps every generated group reachable here.
 *
 * @example
 * const conductor = new ConductorClients(new Configuration({ serverUrl: "http://localhost:8080/api" }));
 * await conductor.metadata.registerTaskDef({ name: "send_email", timeoutSeconds: 60 });
 * const workflowId = await conductor.workflow.startWorkflow({ name: "order_flow", input: { orderId: 42 } });
 */
export class ConductorClients implements ConductorResources {
  readonly configuration: Configuration;
  readonly transport: Transport;
  #workflow?: WorkflowClient;
  #task?: TaskClient;
  #metadata?: MetadataClient;
  #event?: EventClient;
  #scheduler?: SchedulerClient;
  #executor?: WorkflowExecutor;
  #admin?: AdminClient;
  #queueAdmin?: QueueAdminClient;
  #health?: HealthClient;
  #environment?: EnvironmentClient;
  #secrets?: SecretsClient;
  #a2a?: A2aResource;
  #agent?: AgentResource;
  #bulk?: BulkResource;
  #providers?: ProvidersResource;

  /**
   * Uses the given Configuration, or one built from the environment (CONDUCTOR_SERVER_URL, ...).
   *
   * @example
   * const conductor = new ConductorClients(new Configuration({ serverUrl: "http://localhost:8080/api" }));
   */
  constructor(configuration: Configuration = new Configuration()) {
    this.configuration = configuration;
    this.transport = new Transport(configuration);
  }

  /**
   * Workflow executions: start, read, pause, resume, terminate, search, ...
   *
   * @example
   * const run = await conductor.workflow.getWorkflow(workflowId, { includeTasks: true });
   */
  get workflow(): WorkflowClient {
    return (this.#workflow ??= new WorkflowClient(this.transport));
  }

  /**
   * Tasks: poll, update, logs, queue sizes, ...
   *
   * @example
   * const task = await conductor.task.getTask(taskId);
   */
  get task(): TaskClient {
    return (this.#task ??= new TaskClient(this.transport));
  }

  /**
   * Workflow and task definitions.
   *
   * @example
   * const def = await conductor.metadata.getWorkflowDef("order_flow", { version: 2 });
   */
  get metadata(): MetadataClient {
    return (this.#metadata ??= new MetadataClient(this.transport));
  }

  /**
   * Event handlers.
   *
   * @example
   * const handlers = await conductor.event.getEventHandlers();
   */
  get event(): EventClient {
    return (this.#event ??= new EventClient(this.transport));
  }

  /**
   * Workflow schedules.
   *
   * @example
   * const schedules = await conductor.scheduler.getAllSchedules();
   */
  get scheduler(): SchedulerClient {
    return (this.#scheduler ??= new SchedulerClient(this.transport));
  }

  /**
   * Runs workflows and waits for them (execute, run-result unions, signals).
   *
   * @example
   * const workflowId = await conductor.executor.startWorkflow({ name: "order_flow", input: { orderId: 42 } });
   */
  get executor(): WorkflowExecutor {
    return (this.#executor ??= new WorkflowExecutor(this.transport));
  }

  /**
   * Server administration: configuration, event queues, pending tasks, sweeper.
   *
   * @example
   * const config = await conductor.admin.getAllConfig();
   */
  get admin(): AdminClient {
    return (this.#admin ??= new AdminClient(this.transport));
  }

  /**
   * Queue administration.
   *
   * @example
   * const sizes = await conductor.queueAdmin.getQueueSizes();
   */
  get queueAdmin(): QueueAdminClient {
    return (this.#queueAdmin ??= new QueueAdminClient(this.transport));
  }

  /**
   * Server health.
   *
   * @example
   * const up = await conductor.health.isHealthy();
   */
  get health(): HealthClient {
    return (this.#health ??= new HealthClient(this.transport));
  }

  /**
   * Server environment variables.
   *
   * @example
   * const variables = await conductor.environment.getAllVariables();
   */
  get environment(): EnvironmentClient {
    return (this.#environment ??= new EnvironmentClient(this.transport));
  }

  /**
   * Secrets.
   *
   * @example
   * const names = await conductor.secrets.listSecretNames();
   */
  get secrets(): SecretsClient {
    return (this.#secrets ??= new SecretsClient(this.transport));
  }

  /**
   * Bulk workflow operations (pause, resume, restart, retry, terminate many executions), the generated resource.
   *
   * @example
   * const result = await conductor.bulk.pauseWorkflows([workflowId1, workflowId2]);
   */
  get bulk(): BulkResource {
    return (this.#bulk ??= new BulkResource(this.transport));
  }

  /**
   * A2A (agent-to-agent) protocol operations, the generated resource.
   *
   * @example
   * const card = await conductor.a2a.getAgentCard({ agentUrl: "https://agents.example.com/support" });
   */
  get a2a(): A2aResource {
    return (this.#a2a ??= new A2aResource(this.transport));
  }

  /**
   * Agent operations (deploy, start, executions, ...), the generated resource.
   *
   * @example
   * const agents = await conductor.agent.listAgents();
   */
  get agent(): AgentResource {
    return (this.#agent ??= new AgentResource(this.transport));
  }

  /**
   * AI provider status, the generated resource.
   *
   * @example
   * const status = await conductor.providers.getProviderStatus();
   */
  get providers(): ProvidersResource {
    return (this.#providers ??= new ProvidersResource(this.transport));
  }

  /**
   * The same instance as `conductor.workflow`.
   *
   * @example
   * const workflows = conductor.getWorkflowClient();
   */
  getWorkflowClient(): WorkflowClient {
    return this.workflow;
  }

  /**
   * The same instance as `conductor.task`.
   *
   * @example
   * const tasks = conductor.getTaskClient();
   */
  getTaskClient(): TaskClient {
    return this.task;
  }

  /**
   * The same instance as `conductor.metadata`.
   *
   * @example
   * const metadata = conductor.getMetadataClient();
   */
  getMetadataClient(): MetadataClient {
    return this.metadata;
  }

  /**
   * The same instance as `conductor.event`.
   *
   * @example
   * const events = conductor.getEventClient();
   */
  getEventClient(): EventClient {
    return this.event;
  }

  /**
   * The same instance as `conductor.scheduler`.
   *
   * @example
   * const scheduler = conductor.getSchedulerClient();
   */
  getSchedulerClient(): SchedulerClient {
    return this.scheduler;
  }

  /**
   * The same instance as `conductor.executor`.
   *
   * @example
   * const executor = conductor.getWorkflowExecutor();
   */
  getWorkflowExecutor(): WorkflowExecutor {
    return this.executor;
  }

  /**
   * The same instance as `conductor.admin`.
   *
   * @example
   * const admin = conductor.getAdminClient();
   */
  getAdminClient(): AdminClient {
    return this.admin;
  }

  /**
   * The same instance as `conductor.queueAdmin`.
   *
   * @example
   * const queues = conductor.getQueueAdminClient();
   */
  getQueueAdminClient(): QueueAdminClient {
    return this.queueAdmin;
  }

  /**
   * The same instance as `conductor.health`.
   *
   * @example
   * const health = conductor.getHealthClient();
   */
  getHealthClient(): HealthClient {
    return this.health;
  }

  /**
   * The same instance as `conductor.environment`.
   *
   * @example
   * const environment = conductor.getEnvironmentClient();
   */
  getEnvironmentClient(): EnvironmentClient {
    return this.environment;
  }

  /**
   * The same instance as `conductor.secrets`.
   *
   * @example
   * const secrets = conductor.getSecretsClient();
   */
  getSecretsClient(): SecretsClient {
    return this.secrets;
  }
}
