// The supported-server table, proven: on each server version besides the default (which the integration
// suite covers in full), a smoke subset through the SDK as users call it: hello world with a worker,
// start/get/terminate, and capability detection. One LocalConductor per version, started one after the
// other (this file runs alone) and stopped after its tests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConductorClients,
  ConductorError,
  Configuration,
  createResources,
  ServerVersionError,
  Transport,
  UnsupportedOperationError,
} from "../../src/index.js";
import { LocalConductor } from "../../src/testing/index.js";
import { TaskHandler, workerTask } from "../../src/worker/index.js";
import { eventually } from "../support/eventually.js";

/** README's supported-server table, without the default (3.32.3). */
export const COMPAT_VERSIONS = ["3.32.2", "3.21.14"] as const;
const suffix = Math.random().toString(36).slice(2, 8);

describe.each(COMPAT_VERSIONS)("Conductor %s", (version) => {
  let server: LocalConductor;
  let configuration: Configuration;
  let clients: ConductorClients;
  const started = performance.now();

  beforeAll(async () => {
    server = await LocalConductor.start({ version, quiet: true });
    configuration = new Configuration({ serverUrl: server.apiUrl });
    clients = new ConductorClients(configuration);
    console.log(`compat ${version}: server up after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
  afterAll(async () => {
    await server?.stop();
    console.log(`compat ${version}: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  });

  it("runs hello world: a worker's task in a registered workflow", async () => {
    const taskName = `compat_greet_${suffix}`;
    const greet = workerTask(taskName, ({ name }: { name: string }) => `Hello ${name}`, {
      registerTaskDef: true,
      taskDef: { ownerEmail: "compat@example.com" }, // 3.21.14 requires an owner on definitions
    });
    const workflowName = `compat_hello_${suffix}`;
    await clients.getMetadataClient().registerWorkflowDef(
      {
        name: workflowName,
        version: 1,
        schemaVersion: 2,
        ownerEmail: "compat@example.com", // required by 3.21.14
        tasks: [
          {
            name: taskName,
            taskReferenceName: "greet_ref",
            type: "SIMPLE",
            inputParameters: { name: "${workflow.input.name}" },
          },
        ],
        outputParameters: { result: "${greet_ref.output.result}" },
        timeoutSeconds: 60,
        timeoutPolicy: "TIME_OUT_WF",
      },
      { overwrite: true },
    );
    const handler = new TaskHandler({ workers: [greet], configuration });
    await handler.start();
    try {
      const id = await clients
        .getWorkflowClient()
        .startWorkflow({ name: workflowName, version: 1, input: { name: "Orkes" } });
      const done = await eventually(
        () => clients.getWorkflowClient().getWorkflow(id),
        (w) => w.status !== "RUNNING",
        `workflow ${id} to finish on ${version}`,
        60_000,
      );
      expect(done.status).toBe("COMPLETED");
      expect(done.output?.["result"]).toBe("Hello Orkes");
    } finally {
      await handler.stop();
    }
  });

  it("starts, reads and terminates an execution", async () => {
    const workflowName = `compat_wait_${suffix}`;
    await clients.getMetadataClient().registerWorkflowDef(
      {
        name: workflowName,
        version: 1,
        schemaVersion: 2,
        ownerEmail: "compat@example.com", // required by 3.21.14
        timeoutSeconds: 300,
        tasks: [{ name: "wait", taskReferenceName: "wait_ref", type: "WAIT" }],
      },
      { overwrite: true },
    );
    const workflows = clients.getWorkflowClient();
    const id = await workflows.startWorkflow({ name: workflowName, version: 1, correlationId: `compat-${suffix}` });
    const running = await workflows.getWorkflow(id, { includeTasks: true });
    expect(running).toMatchObject({ workflowId: id, status: "RUNNING", correlationId: `compat-${suffix}` });
    await workflows.terminateWorkflow(id, { reason: "compat smoke" });
    const terminated = await workflows.getWorkflow(id);
    expect(terminated.status).toBe("TERMINATED");
    expect(terminated.reasonForIncompletion).toBe("compat smoke");
    const missing = await workflows.getWorkflow("no-such-workflow-id").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConductorError);
    expect((missing as ConductorError).status).toBe(404);
  });

  it("says which operations need a newer server, and only those", async () => {
    const api = createResources(new Transport(configuration));
    const error = await api.agent.listAgents().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorError);
    if (version === "3.21.14") {
      expect(error).toBeInstanceOf(ServerVersionError);
      expect(error).toMatchObject({ minimumVersion: "3.32.2", serverVersion: "3.21.14", status: 404 });
    } else {
      // 3.32.2 has the agent API; LocalConductor starts it with AI off, so the 404 is not about the version.
      expect(error).not.toBeInstanceOf(UnsupportedOperationError);
      expect((error as ConductorError).status).toBe(404);
    }
  });
});
