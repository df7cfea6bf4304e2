// Hello world, as in the Python SDK's README: a `greetings` workflow with one `greet` worker.
// Registers the workflow, starts the worker, executes the workflow, prints the result, stops.
//
//   npm run example:hello                                   # starts a local Conductor server itself
//   CONDUCTOR_SERVER_URL=http://localhost:8080/api npm run example:hello
import { ConductorWorkflow, Configuration, createResources, Transport } from "../src/index.js";
import { LocalConductor } from "../src/testing/index.js";
import { TaskHandler, workerTask } from "../src/worker/index.js";

// The worker: a plain function. Its input type also checks `greet.task(...)` below.
export const greet = workerTask("greet", ({ name }: { name: string }) => `Hello ${name}`, {
  registerTaskDef: true,
});

async function main(): Promise<void> {
  let local: LocalConductor | undefined;
  let serverUrl = process.env.CONDUCTOR_SERVER_URL;
  if (!serverUrl) {
    console.log("CONDUCTOR_SERVER_URL is not set: starting a local Conductor server (the first run downloads it)...");
    local = await LocalConductor.start({ quiet: true });
    serverUrl = local.apiUrl;
  }
  const configuration = new Configuration({ serverUrl });
  const api = createResources(new Transport(configuration));
  const handler = new TaskHandler({ workers: [greet], configuration });
  try {
    // The workflow: one task, fed from the workflow input. Its output is the last task's output.
    const workflow = new ConductorWorkflow(undefined, "greetings", 1, "Sample greetings workflow")
      .add(greet.task("greet_ref", { name: "${workflow.input.name}" }))
      .timeout(60, "TIME_OUT_WF");
    await handler.start(); // registers the `greet` task definition, then polls
    await api.metadata.registerWorkflowDef({ body: workflow.toWorkflowDef(), query: { overwrite: true } });

    const run = await api.workflow.executeWorkflow({
      path: { name: "greetings", version: 1 },
      query: { waitForSeconds: 30 },
      body: { name: "greetings", version: 1, input: { name: "Orkes" } },
    });
    if (run.status !== "COMPLETED") throw new Error(`workflow ${run.workflowId} ended ${run.status}`);
    console.log(`\nworkflow result: ${String((run.output as Record<string, unknown> | undefined)?.["result"])}\n`);
    console.log(`workflow id: ${run.workflowId} (GET ${configuration.serverUrl}/workflow/${run.workflowId})\n`);
  } finally {
    await handler.stop();
    await local?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
