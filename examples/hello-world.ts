// Hello world, as in the Python SDK's README: a `greetings` workflow with one `greet` worker.
// Registers the workflow, starts the worker, executes the workflow, prints the result, stops.
//
//   npm run example:hello                                   # starts a local Conductor server itself
//   CONDUCTOR_SERVER_URL=http://localhost:8080/api npm run example:hello
import { ConductorWorkflow, Configuration, WorkflowExecutor, workflowInput } from "@conductor-ts/sdk";
import { LocalConductor } from "@conductor-ts/sdk/testing";
import { TaskHandler, workerTask } from "@conductor-ts/sdk/worker";

// The worker: a plain function. Its input type also checks `greet.task(...)` below.
export const greet = workerTask("greet", ({ name }: { name: string }) => `Hello ${name}`, {
  registerTaskDef: true,
});

// The workflow: one task fed from the workflow input; the workflow's output is the last task's output.
export function greetingsWorkflow(executor: WorkflowExecutor): ConductorWorkflow {
  return new ConductorWorkflow(executor, "greetings", 1, "Sample greetings workflow")
    .add(greet.task("greet_ref", { name: workflowInput("name") }))
    .timeout(60, "TIME_OUT_WF");
}

async function main(): Promise<void> {
  let local: LocalConductor | undefined;
  if (!process.env.CONDUCTOR_SERVER_URL) {
    console.log("CONDUCTOR_SERVER_URL is not set: starting a local Conductor server (the first run downloads it)...");
    local = await LocalConductor.start({ quiet: true });
  }
  // Reads CONDUCTOR_SERVER_URL (and CONDUCTOR_AUTH_KEY/SECRET) unless given explicitly.
  const configuration = new Configuration(local ? { serverUrl: local.apiUrl } : {});
  const executor = new WorkflowExecutor(configuration);
  const handler = new TaskHandler({ workers: [greet], configuration });
  try {
    const workflow = greetingsWorkflow(executor);
    await workflow.register({ overwrite: true });
    await handler.start(); // registers the `greet` task definition, then polls

    const run = await workflow.execute({ name: "Orkes" }, { waitForSeconds: 30 });
    if (run.status !== "COMPLETED") throw new Error(`workflow ${run.workflowId} ended ${run.status}`);
    console.log(`\nworkflow result: ${String(run.output?.["result"])}\n`);
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
