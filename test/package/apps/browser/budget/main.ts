// The app README's bundle-size figure is measured on: configure, start a workflow, read its status, show it.
// Vite builds it from the installed package (scripts/bundle-size.ts); the package suite also runs it in Chromium.
import { Configuration, WorkflowClient } from "@conductor-ts/sdk";

const workflows = new WorkflowClient(new Configuration({ serverUrl: location.origin + "/api" }));
const id = await workflows.startWorkflow({ name: "hello_browser", version: 1, input: { who: "browser" } });
const status = await workflows.getWorkflowStatus(id);
document.body.textContent = id + " " + JSON.stringify(status);
