// Admin, queue admin, health, environment and secrets clients, plus configuration and transport
// behaviour (no-auth path, network errors, timeouts) against the real server.
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ConductorClients, WorkflowClient } from "../../src/clients/index.js";
import { Configuration, silentLogger } from "../../src/config/index.js";
import { ConductorError, ConductorNetworkError, ConductorTimeoutError } from "../../src/errors/index.js";
import { eventually } from "../support/eventually.js";

const id = randomUUID().slice(0, 8);
const taskType = `ca_task_${id}`;
const wfName = `ca_wf_${id}`;
let clients: ConductorClients;

beforeAll(async () => {
  clients = new ConductorClients(new Configuration({ serverUrl: inject("conductorApiUrl"), logger: silentLogger }));
  await clients.getMetadataClient().registerTaskDef({
    name: taskType,
    timeoutSeconds: 120,
    responseTimeoutSeconds: 60,
    ownerEmail: "sdk@example.com",
  });
  await clients.getMetadataClient().registerWorkflowDef(
    {
      name: wfName,
      version: 1,
      timeoutSeconds: 600,
      ownerEmail: "sdk@example.com",
      tasks: [
        { name: taskType, taskReferenceName: "a_ref", type: "SIMPLE" },
        { name: taskType, taskReferenceName: "b_ref", type: "SIMPLE" },
      ],
    },
    { overwrite: true },
  );
});

describe("AdminClient", () => {
  it("reads configuration, event queues and pending tasks, requeues and repairs executions", async () => {
    const admin = clients.getAdminClient();
    const config = await admin.getAllConfig();
    expect(Object.keys(config).length).toBeGreaterThan(0);
    expect(await admin.getEventQueues({ verbose: true })).toBeTypeOf("object");

    const workflowId = await clients.getWorkflowClient().startWorkflow({ name: wfName });
    const pending = await admin.getPendingTasks(taskType, { start: 0, count: 10 });
    expect(pending.map((t) => t.workflowInstanceId)).toContain(workflowId);
    expect(await admin.requeueSweep(workflowId)).toBeTypeOf("string");
    // The repair service is off in the default server configuration; the server's reason must come through.
    const repaired = await admin.verifyAndRepairWorkflowConsistency(workflowId).catch((e: unknown) => e);
    if (typeof repaired !== "string") {
      expect(repaired).toBeInstanceOf(ConductorError);
      expect((repaired as ConductorError).serverMessage).toBe("WorkflowRepairService is disabled.");
    }
    await clients.getWorkflowClient().terminateWorkflow(workflowId);
  });
});

describe("QueueAdminClient", () => {
  it("lists queues and completes tasks through the event queue", async () => {
    const queues = clients.getQueueAdminClient();
    const workflows = clients.getWorkflowClient();
    const names = await queues.getQueueNames();
    expect(names).toBeTypeOf("object");
    expect(await queues.getQueueSizes()).toBeTypeOf("object");

    const workflowId = await workflows.startWorkflow({ name: wfName });
    // These publish to the server's status queues, which exist only when a queue provider for task
    // status updates is configured; the default server answers 400 with its reason.
    const byRef = await queues
      .updateByTaskRefName(workflowId, "a_ref", "COMPLETED", { via: "ref" })
      .catch((e: unknown) => e);
    if (byRef !== undefined) {
      expect(byRef).toMatchObject({ status: 400, serverMessage: "There is no queue for handling COMPLETED status" });
      const first = (await workflows.getWorkflow(workflowId)).tasks![0]!;
      await expect(queues.updateByTaskId(workflowId, first.taskId!, "COMPLETED", { via: "id" })).rejects.toMatchObject({
        status: 400,
        operation: "queueAdmin.updateByTaskId",
      });
      await workflows.terminateWorkflow(workflowId);
      return;
    }
    const second = await eventually(
      () => workflows.getWorkflow(workflowId),
      (w) => w.tasks?.find((t) => t.referenceTaskName === "b_ref") !== undefined,
      "a_ref to complete through the queue",
    );
    expect(second.tasks!.find((t) => t.referenceTaskName === "a_ref")).toMatchObject({
      status: "COMPLETED",
      outputData: { via: "ref" },
    });
    const b = second.tasks!.find((t) => t.referenceTaskName === "b_ref")!;
    await queues.updateByTaskId(workflowId, b.taskId!, "COMPLETED", { via: "id" });
    const done = await eventually(
      () => workflows.getWorkflow(workflowId),
      (w) => w.status === "COMPLETED",
      "completion through the queue",
    );
    expect(done.tasks!.find((t) => t.referenceTaskName === "b_ref")!.outputData).toEqual({ via: "id" });
  });
});

describe("HealthClient, EnvironmentClient, SecretsClient", () => {
  it("reports health", async () => {
    const health = clients.getHealthClient();
    expect((await health.health()).healthy).toBe(true);
    expect((await health.apiHealth()).healthy).toBe(true);
    expect(await health.isHealthy()).toBe(true);
    const down = new ConductorClients(
      new Configuration({ serverUrl: `http://127.0.0.1:${await closedPort()}`, retry: false, logger: silentLogger }),
    );
    expect(await down.getHealthClient().isHealthy()).toBe(false);
  });

  it("lists environment variables and secret names", async () => {
    const environment = clients.getEnvironmentClient();
    const all = await environment.getAllVariables();
    expect(Array.isArray(all)).toBe(true);
    // An unknown key has no value.
    expect(await environment.getVariable(`CA_UNSET_${id}`)).toBe("");
    expect(Array.isArray(await clients.getSecretsClient().listSecretNames())).toBe(true);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("configuration and transport on the real server", () => {
  it("works without auth even when credentials are configured (server has no /api/token)", async () => {
    const infos: string[] = [];
    const logger = { ...silentLogger, info: (m: string) => infos.push(m) };
    const withKeys = new ConductorClients(
      new Configuration({ serverUrl: inject("conductorServerUrl"), authKey: "key", authSecret: "secret-xyz", logger }),
    );
    expect(withKeys.configuration.serverUrl).toBe(inject("conductorApiUrl"));
    const metadata = withKeys.getMetadataClient();
    const [a, b] = await Promise.all([metadata.getWorkflowNames(), metadata.getWorkflowNames()]);
    expect(a).toContain(wfName);
    expect(b).toContain(wfName);
    expect(withKeys.transport.tokens?.disabled).toBe(true);
    expect(infos.filter((m) => m.includes("/api/token"))).toHaveLength(1);
    expect(infos.join(" ")).not.toContain("secret-xyz");
  });

  it("reads CONDUCTOR_SERVER_URL from the environment", async () => {
    const names = await new WorkflowClient(
      new Configuration({ env: { CONDUCTOR_SERVER_URL: inject("conductorApiUrl") }, logger: silentLogger }),
    ).search({ size: 1 });
    expect(names.totalHits).toBeGreaterThanOrEqual(0);
  });

  it("raises ConductorNetworkError when nothing listens, after retrying safe requests", async () => {
    const warnings: string[] = [];
    const port = await closedPort();
    const client = new WorkflowClient(
      new Configuration({
        serverUrl: `http://127.0.0.1:${port}`,
        retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 10 },
        logger: { ...silentLogger, warn: (m: string) => warnings.push(m) },
      }),
    );
    const error = await client.getWorkflow("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorNetworkError);
    expect(error).toBeInstanceOf(ConductorError);
    expect((error as ConductorNetworkError).code).toBe("NETWORK");
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect(warnings).toHaveLength(2);
    // Starting a workflow is not safe to repeat: it fails at once.
    warnings.length = 0;
    await expect(client.startWorkflow({ name: "x" })).rejects.toBeInstanceOf(ConductorNetworkError);
    expect(warnings).toHaveLength(0);
  });

  it("raises ConductorTimeoutError when the server takes longer than the timeout", async () => {
    const workflows = new WorkflowClient(
      new Configuration({ serverUrl: inject("conductorApiUrl"), logger: silentLogger }),
    );
    // A long poll on an empty queue keeps the server busy for 2 s; the call allows 300 ms.
    const tasks = clients.getTaskClient();
    const error = await tasks
      .batchPollTasks(`ca_empty_${id}`, { count: 1, timeout: 2_000 }, { timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorTimeoutError);
    expect((error as ConductorTimeoutError).timeoutMs).toBe(300);
    expect((await workflows.search({ size: 1 })).totalHits).toBeGreaterThanOrEqual(0);
  });
});
