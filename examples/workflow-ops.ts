// Managing workflow executions, as in the Python SDK's workflow_ops example: start, inspect, update
// variables, pause, resume, terminate, retry, complete a waiting task, restart, rerun, and search by
// correlation id and by status.
//
//   CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/workflow-ops.ts
import { pathToFileURL } from "node:url";
import { ConductorClients, Configuration, UnsupportedOperationError, type WorkflowDef } from "@conductor-ts/sdk";

const WORKFLOW = "workflow_ops_example";

// A workflow that waits for an external signal (a WAIT task), then builds a greeting.
const definition: WorkflowDef = {
  name: WORKFLOW,
  version: 1,
  description: "waits for approval, then greets",
  ownerEmail: "examples@example.com",
  timeoutSeconds: 3600,
  tasks: [
    { name: "wait_for_approval", taskReferenceName: "approval", type: "WAIT" },
    {
      name: "greet",
      taskReferenceName: "greet",
      type: "INLINE",
      inputParameters: {
        evaluatorType: "graaljs",
        expression: "'Hello ' + $.name + ', approved by ' + $.approver",
        name: "${workflow.input.name}",
        approver: "${approval.output.approver}",
      },
    },
  ],
  outputParameters: { greeting: "${greet.output.result}" },
};

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function main(apiUrl?: string): Promise<string> {
  // Reads CONDUCTOR_SERVER_URL (and CONDUCTOR_AUTH_KEY/SECRET) unless a URL is given.
  const clients = new ConductorClients(new Configuration(apiUrl ? { serverUrl: apiUrl } : {}));
  const metadata = clients.getMetadataClient();
  const workflows = clients.getWorkflowClient();
  const tasks = clients.getTaskClient();

  await metadata.registerWorkflowDef(definition, { overwrite: true });
  console.log(`registered workflow ${WORKFLOW}`);

  const correlationId = `workflow-ops-${Date.now()}`;
  const workflowId = await workflows.startWorkflow({
    name: WORKFLOW,
    version: 1,
    input: { name: "Orkes" },
    correlationId,
  });
  console.log(`started workflow ${workflowId}`);
  const status = async () => (await workflows.getWorkflowStatus(workflowId)).status;

  const workflow = await workflows.getWorkflow(workflowId, { includeTasks: true });
  console.log(`status: ${workflow.status}, current task: ${workflow.tasks?.at(-1)?.referenceTaskName}`);

  try {
    await workflows.updateVariables(workflowId, { stage: "review" });
    console.log("updated variables");
  } catch (error) {
    if (!(error instanceof UnsupportedOperationError)) throw error;
    console.log("update variables: not supported by this server (use a SET_VARIABLE task)");
  }

  await workflows.pauseWorkflow(workflowId);
  console.log(`after pause: ${await status()}`);
  await workflows.resumeWorkflow(workflowId);
  console.log(`after resume: ${await status()}`);

  await workflows.terminateWorkflow(workflowId, { reason: "changed my mind" });
  const terminated = await workflows.getWorkflow(workflowId, { includeTasks: false });
  console.log(`after terminate: ${terminated.status} (${terminated.reasonForIncompletion})`);

  await workflows.retryWorkflow(workflowId);
  console.log(`after retry: ${await status()}`);

  // Complete the WAIT task from outside, as an approval system would.
  await tasks.updateTaskByRefName(workflowId, "approval", "COMPLETED", { approver: "alice" });
  await waitUntil(async () => (await status()) === "COMPLETED", "completion");
  const completed = await workflows.getWorkflow(workflowId, { includeTasks: false });
  console.log(`after approval: ${completed.status}, output: ${JSON.stringify(completed.output)}`);

  await workflows.restartWorkflow(workflowId);
  console.log(`after restart: ${await status()}`);

  // Rerun from the start with new input (rerun needs a finished execution).
  await workflows.terminateWorkflow(workflowId, { reason: "rerun with new input" });
  await workflows.rerunWorkflow(workflowId, { workflowInput: { name: "Conductor" } });
  const rerun = await workflows.getWorkflow(workflowId, { includeTasks: false });
  console.log(`after rerun: ${rerun.status}, input: ${JSON.stringify(rerun.input)}`);

  const byCorrelation = await workflows.getByCorrelationIds(WORKFLOW, [correlationId], { includeClosed: true });
  console.log(`found by correlation id: ${byCorrelation[correlationId]?.map((w) => w.workflowId).join(", ")}`);

  // The search index may trail the execution store by a moment.
  const query = `workflowType = '${WORKFLOW}' AND status IN (RUNNING)`;
  let running: string[] = [];
  await waitUntil(async () => {
    running = [];
    for await (const summary of workflows.searchAll({ query, size: 50 })) running.push(summary.workflowId!);
    return running.includes(workflowId);
  }, "the search index");
  console.log(`running ${WORKFLOW} executions found by search include ${workflowId}: ${running.includes(workflowId)}`);

  await workflows.terminateWorkflow(workflowId, { reason: "example done" });
  console.log(`final status: ${await status()}`);
  return workflowId;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
