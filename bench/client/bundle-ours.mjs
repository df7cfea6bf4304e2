// Browser bundle test: start a workflow and read its status with our typed client.
import { Configuration, Transport, WorkflowResource } from "@conductor-ts/sdk";

const workflow = new WorkflowResource(new Transport(new Configuration({ serverUrl: `${location.origin}/api` })));
const workflowId = await workflow.startWorkflow({ body: { name: "hello", version: 1, input: {} } });
const summary = await workflow.getWorkflowStatusSummary({ path: { workflowId } });
document.body.textContent = `${workflowId}: ${summary?.status}`;
