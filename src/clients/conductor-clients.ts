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
 * Every client over one Configuration and one transport (one token cache, one retry policy).
 * Clients are created on first use and then reused.
 */
export class ConductorClients {
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

  /** Uses the given Configuration, or one built from the environment. */
  constructor(configuration: Configuration = new Configuration()) {
    this.configuration = configuration;
    this.transport = new Transport(configuration);
  }

  getWorkflowClient(): WorkflowClient {
    return (this.#workflow ??= new WorkflowClient(this.transport));
  }

  getTaskClient(): TaskClient {
    return (this.#task ??= new TaskClient(this.transport));
  }

  getMetadataClient(): MetadataClient {
    return (this.#metadata ??= new MetadataClient(this.transport));
  }

  getEventClient(): EventClient {
    return (this.#event ??= new EventClient(this.transport));
  }

  getSchedulerClient(): SchedulerClient {
    return (this.#scheduler ??= new SchedulerClient(this.transport));
  }

  getWorkflowExecutor(): WorkflowExecutor {
    return (this.#executor ??= new WorkflowExecutor(this.transport));
  }

  getAdminClient(): AdminClient {
    return (this.#admin ??= new AdminClient(this.transport));
  }

  getQueueAdminClient(): QueueAdminClient {
    return (this.#queueAdmin ??= new QueueAdminClient(this.transport));
  }

  getHealthClient(): HealthClient {
    return (this.#health ??= new HealthClient(this.transport));
  }

  getEnvironmentClient(): EnvironmentClient {
    return (this.#environment ??= new EnvironmentClient(this.transport));
  }

  getSecretsClient(): SecretsClient {
    return (this.#secrets ??= new SecretsClient(this.transport));
  }
}
