// Browser bundle test: start a workflow and read its status with our typed client.
import { Configuration, WorkflowClient } from "@conductor-ts/sdk";

const workflow = new WorkflowClient(new Configuration({ serverUrl: `${location.origin}/api` }));
const workflowId = await workflow.startWorkflow({ name: "hello", version: 1, input: {} });
const summary = await workflow.getWorkflowStatus(workflowId);
document.body.textContent = `${workflowId}: ${summary?.status}`;
