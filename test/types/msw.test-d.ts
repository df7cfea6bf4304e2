// Type-level tests of `@conductor-ts/sdk/msw`: a mock is checked against the server's spec. tsc compiles this
// file strict twice: in `npm run typecheck` (src/ through tsconfig "paths") and in the package suite against the
// installed tarball (test/package/types.test.ts), where msw is the consumer's own install. Every line marked
// as an expected error must stay one (a mock of a field the server does not have, or without a required one,
// must not compile), and every positive case must compile.
import { expectTypeOf } from "expect-type";
import { HttpResponse, type HttpHandler } from "msw";
import {
  conductorErrorResponse,
  FakeConductor,
  metadataHandlers,
  taskHandlers,
  workflowHandlers,
  type FakeWorkflow,
} from "@conductor-ts/sdk/msw";

const workflow = {
  workflowId: "wf-1",
  workflowName: "orders",
  workflowVersion: 1,
  status: "RUNNING",
  createTime: 1,
} as const;

// Positive: a body with the required fields (and optional ones) compiles, sync or async, with a typed error answer.
workflowHandlers.getWorkflow(() => HttpResponse.json({ ...workflow, input: { id: 7 } }));
workflowHandlers.getWorkflow(async ({ params }) =>
  params.workflowId === "wf-1" ? HttpResponse.json(workflow) : conductorErrorResponse(404, "No such workflow"),
);
expectTypeOf(
  workflowHandlers.getWorkflowStatus(() => HttpResponse.json({ workflowId: "w", status: "COMPLETED" })),
).toEqualTypeOf<HttpHandler>();

// A field the server's Workflow does not have.
// @ts-expect-error 'removedField' does not exist in the spec's Workflow
workflowHandlers.getWorkflow(() => HttpResponse.json({ ...workflow, removedField: true }));

// A required field missing (workflowVersion).
workflowHandlers.getWorkflow(() =>
  // @ts-expect-error workflowVersion is required by the spec
  HttpResponse.json({ workflowId: "wf-1", workflowName: "orders", status: "RUNNING", createTime: 1 }),
);

// A value outside the spec's enum.
// @ts-expect-error "DONE" is not a workflow status
workflowHandlers.getWorkflowStatus(() => HttpResponse.json({ workflowId: "w", status: "DONE" }));

// Arrays are checked per element: a task without its required referenceTaskName.
taskHandlers.batchPollTasks(() =>
  // @ts-expect-error referenceTaskName is required by the spec's Task
  HttpResponse.json([{ taskId: "t", taskType: "greet", status: "SCHEDULED", workflowInstanceId: "w" }]),
);

// The body of a JSON response must be JSON for that operation, not some other Response.
// @ts-expect-error a text answer where the spec says Workflow
workflowHandlers.getWorkflow(() => HttpResponse.text("wf-1"));

// Request bodies are typed from the spec too.
metadataHandlers.registerTaskDefs(async ({ request }) => {
  const defs = await request.json();
  expectTypeOf(defs[0]!.name).toEqualTypeOf<string>();
  // @ts-expect-error TaskDef has no 'retries' field (it is retryCount)
  void defs[0]!.retries;
  return new HttpResponse(null, { status: 200 });
});

// The fake's handlers go to setupServer / setupWorker; what it reports is the spec's Workflow.
const fake = new FakeConductor({ baseUrl: "http://conductor.test" });
expectTypeOf(fake.handlers).toEqualTypeOf<readonly HttpHandler[]>();
expectTypeOf(fake.workflows()).toEqualTypeOf<FakeWorkflow[]>();
