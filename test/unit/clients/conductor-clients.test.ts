// ConductorClients: one property per API group over one transport, created on first use, the same instances as
// the getXClient() methods; and the small clients that extend their generated resources.
import { describe, expect, it } from "vitest";
import { createResources } from "../../../generated/resources/index.js";
import {
  AdminClient,
  ConductorClients,
  EnvironmentClient,
  HealthClient,
  MetadataClient,
  QueueAdminClient,
  SecretsClient,
  WorkflowExecutor,
} from "../../../src/clients/index.js";
import { Configuration, silentLogger } from "../../../src/config/index.js";
import { ConductorError, ConductorNetworkError, InvalidArgumentError } from "../../../src/errors/index.js";
import { RecordingTransport } from "./recording-transport.js";

function recordingConfiguration() {
  const urls: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    urls.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
    return Response.json({ healthy: true });
  }) as typeof fetch;
  return {
    urls,
    configuration: new Configuration({ serverUrl: "http://h:1", fetch: fetchImpl, logger: silentLogger, env: {} }),
  };
}

describe("ConductorClients", () => {
  it("has a property for every generated group, of that group's resource type (or its client)", () => {
    const clients = new ConductorClients(new Configuration({ serverUrl: "http://h:1", env: {} }));
    const resources = createResources(clients.transport);
    for (const [group, resource] of Object.entries(resources)) {
      const property = (clients as unknown as Record<string, unknown>)[group];
      expect(property, group).toBeInstanceOf(resource.constructor);
      expect((clients as unknown as Record<string, unknown>)[group], group).toBe(property);
    }
    expect(clients.executor).toBeInstanceOf(WorkflowExecutor);
    expect(clients.executor).toBe(clients.executor);
  });

  it("returns the property's instance from each getXClient()", () => {
    const clients = new ConductorClients(new Configuration({ serverUrl: "http://h:1", env: {} }));
    expect(clients.getWorkflowClient()).toBe(clients.workflow);
    expect(clients.getTaskClient()).toBe(clients.task);
    expect(clients.getMetadataClient()).toBe(clients.metadata);
    expect(clients.getEventClient()).toBe(clients.event);
    expect(clients.getSchedulerClient()).toBe(clients.scheduler);
    expect(clients.getWorkflowExecutor()).toBe(clients.executor);
    expect(clients.getAdminClient()).toBe(clients.admin);
    expect(clients.getQueueAdminClient()).toBe(clients.queueAdmin);
    expect(clients.getHealthClient()).toBe(clients.health);
    expect(clients.getEnvironmentClient()).toBe(clients.environment);
    expect(clients.getSecretsClient()).toBe(clients.secrets);
    expect(clients.metadata).toBeInstanceOf(MetadataClient);
    expect(clients.admin).toBeInstanceOf(AdminClient);
    expect(clients.queueAdmin).toBeInstanceOf(QueueAdminClient);
    expect(clients.health).toBeInstanceOf(HealthClient);
    expect(clients.environment).toBeInstanceOf(EnvironmentClient);
    expect(clients.secrets).toBeInstanceOf(SecretsClient);
  });

  it("sends every group's calls through the configuration it was given", async () => {
    const { urls, configuration } = recordingConfiguration();
    const clients = new ConductorClients(configuration);
    await clients.health.health();
    await clients.providers.getProviderStatus();
    await clients.metadata.getAllTaskDefs();
    expect(urls).toEqual(["/health", "/api/providers/status", "/api/metadata/taskdefs"]);
  });

  it("refuses to be reassigned a group", () => {
    const clients = new ConductorClients(new Configuration({ serverUrl: "http://h:1", env: {} }));
    expect(() => {
      (clients as unknown as Record<string, unknown>).metadata = {};
    }).toThrow(TypeError);
  });
});

describe("MetadataClient", () => {
  it("sends one definition as the list the server takes", async () => {
    const t = new RecordingTransport();
    const metadata = new MetadataClient(t);
    await metadata.registerTaskDef({ name: "send_email", retryCount: 3, timeoutSeconds: 60 }, { timeoutMs: 1_000 });
    await metadata.updateWorkflowDef({ name: "order_flow", version: 2, timeoutSeconds: 0, tasks: [] });
    expect(t.calls.map((c) => c.request)).toMatchObject([
      { operation: "metadata.registerTaskDefs", method: "POST", body: [{ name: "send_email", retryCount: 3 }] },
      { operation: "metadata.updateWorkflowDefs", method: "PUT", body: [{ name: "order_flow", version: 2 }] },
    ]);
    expect(t.calls[0]!.options).toEqual({ timeoutMs: 1_000 });
  });

  it("rejects a definition the server reports failed in its bulk answer (HTTP 200)", async () => {
    const t = new RecordingTransport(() => ({
      bulkSuccessfulResults: [],
      bulkErrorResults: { order_flow: "database unavailable" },
    }));
    const error = await new MetadataClient(t)
      .updateWorkflowDef({ name: "order_flow", version: 2, timeoutSeconds: 0, tasks: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorError);
    expect(error).toMatchObject({
      operation: "metadata.updateWorkflowDefs",
      serverMessage: "database unavailable",
      message: "metadata.updateWorkflowDefs: workflow definition order_flow failed: database unavailable",
    });
    const ok = new RecordingTransport(() => ({ bulkSuccessfulResults: ["order_flow"], bulkErrorResults: {} }));
    await expect(
      new MetadataClient(ok).updateWorkflowDef({ name: "order_flow", timeoutSeconds: 0, tasks: [] }),
    ).resolves.toBeUndefined();
  });

  it("refuses a missing definition before wrapping it (the server would get [null])", async () => {
    const t = new RecordingTransport();
    const metadata = new MetadataClient(t);
    for (const call of [
      () => metadata.registerTaskDef(undefined as never),
      () => metadata.updateWorkflowDef(null as never),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument: "def" });
    }
    expect(t.calls).toEqual([]);
  });

  it("inherits the generated operations under the SDK's names", async () => {
    const t = new RecordingTransport(() => []);
    const metadata = new MetadataClient(t);
    await metadata.getAllWorkflowDefs();
    await metadata.getAllTaskDefs();
    await metadata.registerWorkflowDef({ name: "order_flow", timeoutSeconds: 0, tasks: [] }, { overwrite: true });
    expect(t.calls.map((c) => [c.request.operation, c.request.path, c.request.query])).toEqual([
      ["metadata.getAllWorkflowDefs", "/api/metadata/workflow", undefined],
      ["metadata.getAllTaskDefs", "/api/metadata/taskdefs", undefined],
      ["metadata.registerWorkflowDef", "/api/metadata/workflow", { overwrite: true }],
    ]);
  });
});

describe("HealthClient.isHealthy", () => {
  it("is true only for a healthy answer and never rejects", async () => {
    const answer = (healthy: unknown) => new HealthClient(new RecordingTransport(() => ({ healthy })));
    expect(await answer(true).isHealthy()).toBe(true);
    expect(await answer(false).isHealthy()).toBe(false);
    expect(await answer(undefined).isHealthy()).toBe(false);
    const down = new HealthClient(
      new RecordingTransport(() => {
        throw new ConductorNetworkError("connection refused");
      }),
    );
    expect(await down.isHealthy()).toBe(false);
  });

  it("asks GET /health with the call options", async () => {
    const t = new RecordingTransport(() => ({ healthy: true }));
    await new HealthClient(t).isHealthy({ timeoutMs: 2_000 });
    expect(t.calls).toMatchObject([
      { request: { operation: "health.health", path: "/health" }, options: { timeoutMs: 2_000 } },
    ]);
  });
});
