// Type-level tests of the clients' return types and the builder's typed surface, checked against src/ by
// `npm run typecheck` and against the installed package by the package suite.
import { expectTypeOf } from "expect-type";
import {
  ConductorClients,
  ConductorError,
  ConductorWorkflow,
  Configuration,
  MetadataClient,
  TaskClient,
  WorkflowClient,
  WorkflowExecutor,
  type TaskDef,
  type Workflow,
  type WorkflowDef,
  type WorkflowRunResult,
  type WorkflowStatusSummary,
} from "@conductor-ts/sdk";

const configuration = new Configuration({ serverUrl: "http://localhost:8080/api" });
const clients = new ConductorClients(configuration);
expectTypeOf(clients.getWorkflowClient()).toEqualTypeOf<WorkflowClient>();
expectTypeOf(clients.getMetadataClient()).toEqualTypeOf<MetadataClient>();
expectTypeOf(clients.getTaskClient()).toEqualTypeOf<TaskClient>();

const workflows = new WorkflowClient(configuration);
expectTypeOf(workflows.startWorkflow).returns.resolves.toEqualTypeOf<string>();
expectTypeOf(workflows.getWorkflow).returns.resolves.toEqualTypeOf<Workflow>();
expectTypeOf(workflows.getWorkflowStatus).returns.resolves.toEqualTypeOf<WorkflowStatusSummary>();
expectTypeOf(workflows.startWorkflow).parameter(0).toHaveProperty("name");
// @ts-expect-error a workflow id is a string
void workflows.getWorkflow(42);

const metadata = new MetadataClient(configuration);
expectTypeOf(metadata.getTaskDef).returns.resolves.toEqualTypeOf<TaskDef>();
expectTypeOf(metadata.registerTaskDef).parameter(0).toEqualTypeOf<TaskDef>();

const workflow = new ConductorWorkflow(new WorkflowExecutor(configuration), "typed", 1);
expectTypeOf(workflow.toWorkflowDef()).toEqualTypeOf<WorkflowDef>();
expectTypeOf(workflow.execute()).resolves.toEqualTypeOf<WorkflowRunResult<"TARGET_WORKFLOW">>();
expectTypeOf(workflow.input("name")).toEqualTypeOf<string>();

expectTypeOf(new ConductorError("boom").status).toEqualTypeOf<number | undefined>();
expectTypeOf<ConductorError>().toHaveProperty("retryable").toEqualTypeOf<boolean>();
