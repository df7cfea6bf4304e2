// Runs in Chromium, bundled by esbuild for the browser from the SDK's source. The page's origin serves the API
// too (the test server proxies /api), as a real web app would: Conductor sends no CORS headers.
// Everything comes from the package's main entry, as an app importing "@conductor-ts/sdk" would get it.
// TODO(build): use ConductorClients (getMetadataClient/getWorkflowClient) once src/index.ts exports it.
import { Configuration, MetadataResource, Transport, WorkflowResource } from "../../../src/index.js";

export interface ScenarioResult {
  workflowId: string;
  /** Every status read back, in order, ending with the terminal one. */
  statuses: string[];
  output: Record<string, unknown> | undefined;
  /** Where the SDK sent its requests, as the Configuration resolved it. */
  serverUrl: string;
}

async function run(workflowName: string): Promise<ScenarioResult> {
  const configuration = new Configuration({ serverUrl: `${window.location.origin}/api` });
  const transport = new Transport(configuration);
  const metadata = new MetadataResource(transport);
  const workflows = new WorkflowResource(transport);

  // SET_VARIABLE runs inside the server's decider, so the workflow completes without any worker.
  await metadata.registerWorkflowDef({
    query: { overwrite: true },
    body: {
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
  });
  try {
    const workflowId = await workflows.startWorkflow({
      body: { name: workflowName, version: 1, input: { who: "chromium", answer: 42 } },
    });
    const statuses: string[] = [];
    const deadline = Date.now() + 30_000;
    for (;;) {
      const summary = await workflows.getWorkflowStatusSummary({
        path: { workflowId },
        query: { includeOutput: true },
      });
      statuses.push(String(summary.status));
      if (summary.status !== "RUNNING" && summary.status !== "PAUSED") {
        await workflows.deleteWorkflow({ path: { workflowId }, query: { archiveWorkflow: false } });
        return { workflowId, statuses, output: summary.output, serverUrl: configuration.serverUrl };
      }
      if (Date.now() > deadline) throw new Error(`workflow ${workflowId} still ${summary.status} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await metadata.unregisterWorkflowDef({ path: { name: workflowName, version: 1 } });
  }
}

declare global {
  interface Window {
    runConductorScenario: (workflowName: string) => Promise<ScenarioResult>;
  }
}

window.runConductorScenario = run;
