// Runs in Chromium, built by Vite from the installed package. The page's origin serves the API too (the test
// server proxies /api), as a real web app would: Conductor sends no CORS headers.
// The clients a browser app uses, all from the package's main entry.
import { ConductorClients, ConductorError, Configuration } from "@conductor-ts/sdk";

export interface ScenarioResult {
  workflowId: string;
  /** Every status read back, in order, ending with the terminal one. */
  statuses: string[];
  output: Record<string, unknown> | undefined;
  /** Where the SDK sent its requests, as the Configuration resolved it. */
  serverUrl: string;
  /** What reading an unknown execution threw, as seen in the page. */
  notFound: { isConductorError: boolean; status: number | undefined; message: string };
}

async function readUnknown(workflows: ReturnType<ConductorClients["getWorkflowClient"]>, id: string) {
  try {
    await workflows.getWorkflowStatus(id);
  } catch (error) {
    const status = error instanceof ConductorError ? error.status : undefined;
    return { isConductorError: error instanceof ConductorError, status, message: String(error) };
  }
  throw new Error(`reading the unknown workflow ${id} did not fail`);
}

async function run(workflowName: string, unknownWorkflowId: string): Promise<ScenarioResult> {
  const configuration = new Configuration({ serverUrl: `${window.location.origin}/api` });
  const clients = new ConductorClients(configuration);
  const metadata = clients.getMetadataClient();
  const workflows = clients.getWorkflowClient();

  // SET_VARIABLE runs inside the server's decider, so the workflow completes without any worker.
  await metadata.registerWorkflowDef(
    {
      name: workflowName,
      version: 1,
      schemaVersion: 2,
      ownerEmail: "sdk-tests@example.com",
      timeoutSeconds: 60,
      tasks: [
        {
          name: "set_greeting",
          taskReferenceName: "set_greeting",
          type: "SET_VARIABLE",
          inputParameters: { greeting: "hello ${workflow.input.who}", answer: "${workflow.input.answer}" },
        },
      ],
      outputParameters: { greeting: "${workflow.variables.greeting}", answer: "${workflow.variables.answer}" },
    },
    { overwrite: true },
  );
  try {
    const workflowId = await workflows.startWorkflow({
      name: workflowName,
      version: 1,
      input: { who: "chromium", answer: 42 },
    });
    const statuses: string[] = [];
    const deadline = Date.now() + 30_000;
    for (;;) {
      const summary = await workflows.getWorkflowStatus(workflowId, { includeOutput: true });
      statuses.push(String(summary.status));
      if (summary.status !== "RUNNING" && summary.status !== "PAUSED") {
        await workflows.deleteWorkflow(workflowId, { archiveWorkflow: false });
        const notFound = await readUnknown(workflows, unknownWorkflowId);
        return { workflowId, statuses, output: summary.output, serverUrl: configuration.serverUrl, notFound };
      }
      if (Date.now() > deadline) throw new Error(`workflow ${workflowId} still ${summary.status} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await metadata.unregisterWorkflowDef(workflowName, 1);
  }
}

declare global {
  interface Window {
    runConductorScenario: (workflowName: string, unknownWorkflowId: string) => Promise<ScenarioResult>;
  }
}

window.runConductorScenario = run;
