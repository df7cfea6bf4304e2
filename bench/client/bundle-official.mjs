// Browser bundle test: start a workflow and read its status with the official JavaScript SDK.
import { orkesConductorClient, WorkflowExecutor } from "@io-orkes/conductor-javascript";

const client = await orkesConductorClient({ serverUrl: location.origin });
const executor = new WorkflowExecutor(client);
const workflowId = await executor.startWorkflow({ name: "hello", version: 1, input: {} });
const status = await executor.getWorkflowStatus(workflowId, false, false);
document.body.textContent = `${workflowId}: ${status.status}`;
