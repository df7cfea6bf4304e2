// Runs in Chromium, built by Vite from the installed package: docs/testing.md's msw level in a page. msw's
// service worker (setupWorker from msw/browser) answers the SDK's requests with the typed handlers of
// `@conductor-ts/sdk/msw` and with FakeConductor, for an origin that does not exist: nothing reaches a network.
import { ConductorClients, ConductorError, Configuration } from "@conductor-ts/sdk";
import { conductorErrorResponse, FakeConductor, workflowHandlers } from "@conductor-ts/sdk/msw";
import { HttpResponse } from "msw";
import { setupWorker } from "msw/browser";

export const MOCKED_ORIGIN = "http://conductor.mocked.test";

export interface MswPageResult {
  /** A typed mock's answer, read through the SDK. */
  mockedStatus: string;
  mockedOutput: Record<string, unknown> | undefined;
  /** The typed error answer, as the page's code sees it. */
  notFound: { isConductorError: boolean; status: number | undefined };
  /** A SIMPLE-task workflow run on FakeConductor by hand: statuses read back after each step. */
  fakeStatuses: string[];
  fakeOutput: Record<string, unknown> | undefined;
}

async function run(): Promise<MswPageResult> {
  const fake = new FakeConductor({ baseUrl: `${MOCKED_ORIGIN}/fake` });
  const worker = setupWorker(
    workflowHandlers.getWorkflowStatus(
      ({ params }) =>
        params.workflowId === "wf-1"
          ? HttpResponse.json({ workflowId: "wf-1", status: "COMPLETED", output: { total: 42 } })
          : conductorErrorResponse(404, `No such workflow found by id: ${params.workflowId}`),
      MOCKED_ORIGIN,
    ),
    ...fake.handlers,
  );
  await worker.start({ onUnhandledRequest: "error", quiet: true });
  try {
    const mocked = new ConductorClients(new Configuration({ serverUrl: `${MOCKED_ORIGIN}/api` })).getWorkflowClient();
    const status = await mocked.getWorkflowStatus("wf-1", { includeOutput: true });
    let notFound: MswPageResult["notFound"] = { isConductorError: false, status: undefined };
    try {
      await mocked.getWorkflowStatus("wf-2");
    } catch (error) {
      notFound = { isConductorError: error instanceof ConductorError, status: (error as ConductorError).status };
    }

    const clients = new ConductorClients(new Configuration({ serverUrl: `${MOCKED_ORIGIN}/fake/api` }));
    const workflows = clients.getWorkflowClient();
    const tasks = clients.getTaskClient();
    await clients.getMetadataClient().registerWorkflowDef({
      name: "browser_fake",
      version: 1,
      timeoutSeconds: 0,
      tasks: [
        {
          name: "pack",
          taskReferenceName: "pack_ref",
          type: "SIMPLE",
          inputParameters: { item: "${workflow.input.item}" },
        },
      ],
      outputParameters: { packed: "${pack_ref.output.packed}" },
    });
    const id = await workflows.startWorkflow({ name: "browser_fake", version: 1, input: { item: "book" } });
    const fakeStatuses = [(await workflows.getWorkflowStatus(id)).status];
    const [task] = await tasks.batchPollTasks("pack", { workerid: "page", count: 1, timeout: 100 });
    await tasks.updateTask({
      taskId: task!.taskId,
      workflowInstanceId: id,
      status: "COMPLETED",
      outputData: { packed: `boxed ${String(task!.inputData?.["item"])}` },
    });
    const done = await workflows.getWorkflowStatus(id, { includeOutput: true });
    fakeStatuses.push(done.status);
    return {
      mockedStatus: status.status,
      mockedOutput: status.output,
      notFound,
      fakeStatuses,
      fakeOutput: done.output,
    };
  } finally {
    worker.stop();
  }
}

declare global {
  interface Window {
    runMswPage: () => Promise<MswPageResult>;
  }
}

window.runMswPage = run;
