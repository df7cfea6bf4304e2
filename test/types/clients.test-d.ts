// Type-level tests of the clients' return types and the builder's typed surface, checked against src/ by
// `npm run typecheck` and against the installed package by the package suite.
import { expectTypeOf } from "expect-type";
import {
  BulkResource,
  ConductorClients,
  ConductorError,
  ConductorWorkflow,
  Configuration,
  MetadataClient,
  MetadataResource,
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
// Every group is a property: the hand-written client, or the generated resource where there is none.
expectTypeOf(clients.metadata).toEqualTypeOf<MetadataClient>();
expectTypeOf(clients.workflow).toEqualTypeOf<WorkflowClient>();
expectTypeOf(clients.executor).toEqualTypeOf<WorkflowExecutor>();
expectTypeOf(clients.bulk).toEqualTypeOf<BulkResource>();
// @ts-expect-error the group properties are read-only
clients.metadata = new MetadataClient(configuration);

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
// The generated operations are the client's own (inherited), under the Python SDK's names.
expectTypeOf(metadata).toExtend<MetadataResource>();
expectTypeOf(metadata.getAllTaskDefs).returns.resolves.toEqualTypeOf<TaskDef[]>();

const workflow = new ConductorWorkflow(new WorkflowExecutor(configuration), "typed", 1);
expectTypeOf(workflow.toWorkflowDef()).toEqualTypeOf<WorkflowDef>();
expectTypeOf(workflow.execute()).resolves.toEqualTypeOf<WorkflowRunResult<"TARGET_WORKFLOW">>();
expectTypeOf(workflow.input("name")).toEqualTypeOf<string>();

expectTypeOf(new ConductorError("boom").status).toEqualTypeOf<number | undefined>();
expectTypeOf<ConductorError>().toHaveProperty("retryable").toEqualTypeOf<boolean>();

// One argument style: optional and boolean parameters go in an options object, never positionally.
// @ts-expect-error includeTasks is an option, not a boolean argument
void workflows.getWorkflow("wf-1", true);
// @ts-expect-error useLatestDefinitions is an option
void workflows.restartWorkflow("wf-1", true);
// @ts-expect-error overwrite is an option of register()
void workflow.register(true);
// @ts-expect-error overwrite is an option of registerWorkflowDef
void metadata.registerWorkflowDef(workflow.toWorkflowDef(), true);
void workflows.getWorkflow("wf-1", { includeTasks: true });
void workflows.restartWorkflow("wf-1", { useLatestDefinitions: true });
void workflow.register({ overwrite: true });
void metadata.registerWorkflowDef(workflow.toWorkflowDef(), { overwrite: true });
