// Testing level 1: typed msw mocks. Your code calls Conductor through the SDK; the test answers each call with
// a generated handler whose response type is the server's spec, so the mock breaks at compile time when the
// spec changes. Runs in Node (msw/node) and, with setupWorker from msw/browser, in a page.
import { ConductorClients, ConductorError, Configuration } from "@conductor-ts/sdk";
import { conductorErrorResponse, workflowHandlers } from "@conductor-ts/sdk/msw";
import { HttpResponse } from "msw";
import { setupServer } from "msw/node";

// The code under test: a summary line for an order's workflow.
export async function orderSummary(clients: ConductorClients, workflowId: string): Promise<string> {
  try {
    const run = await clients.getWorkflowClient().getWorkflowStatus(workflowId, { includeOutput: true });
    return run.status === "COMPLETED" ? `order total ${String(run.output?.["total"])}` : `order ${run.status}`;
  } catch (error) {
    if (error instanceof ConductorError && error.status === 404) return "no such order";
    throw error;
  }
}

const server = setupServer(
  workflowHandlers.getWorkflowStatus(
    ({ params }) =>
      params.workflowId === "wf-1"
        ? HttpResponse.json({ workflowId: "wf-1", status: "COMPLETED", output: { total: 42 } })
        : conductorErrorResponse(404, `No such workflow found by id: ${params.workflowId}`),
    "http://conductor.test",
  ),
);

server.listen({ onUnhandledRequest: "error" });
try {
  const clients = new ConductorClients(new Configuration({ serverUrl: "http://conductor.test/api" }));
  console.log(await orderSummary(clients, "wf-1"));
  console.log(await orderSummary(clients, "wf-2"));
} finally {
  server.close();
}
