// The generated resources return the named models of generated/models.ts, so an editor shows
// `Promise<Workflow>` rather than an index into `paths`; statuses are literal unions.
import { expectTypeOf } from "expect-type";
import {
  EventResource,
  HealthResource,
  MetadataResource,
  SchedulerResource,
  TaskResource,
  WorkflowResource,
  type EventHandler,
  type HealthCheckStatus,
  type PollData,
  type SearchResultWorkflowSummary,
  type StartWorkflowRequest,
  type Task,
  type TaskDef,
  type TaskResult,
  type TaskResultStatus,
  type TaskStatus,
  type Workflow,
  type WorkflowDef,
  type WorkflowSchedule,
  type WorkflowStatus,
  type WorkflowStatusSummary,
} from "@conductor-ts/sdk";
import type { Task as WorkerTask, TaskResult as WorkerTaskResult } from "@conductor-ts/sdk/worker";

type Method<C, K extends keyof C> = C[K] extends (...args: never[]) => infer R ? Awaited<R> : never;

expectTypeOf<Method<WorkflowResource, "getWorkflow">>().toEqualTypeOf<Workflow>();
expectTypeOf<Method<WorkflowResource, "testWorkflow">>().toEqualTypeOf<Workflow>();
expectTypeOf<Method<WorkflowResource, "getWorkflowStatus">>().toEqualTypeOf<WorkflowStatusSummary>();
expectTypeOf<Method<WorkflowResource, "search">>().toEqualTypeOf<SearchResultWorkflowSummary>();
expectTypeOf<Method<TaskResource, "getAllPollData">>().toEqualTypeOf<PollData[]>();
expectTypeOf<Method<MetadataResource, "getAllTaskDefs">>().toEqualTypeOf<TaskDef[]>();
expectTypeOf<Method<MetadataResource, "getLatestWorkflowDefs">>().toEqualTypeOf<WorkflowDef[]>();
expectTypeOf<Method<SchedulerResource, "saveSchedule">>().toEqualTypeOf<WorkflowSchedule>();
expectTypeOf<Method<EventResource, "getEventHandlers">>().toEqualTypeOf<EventHandler[]>();
expectTypeOf<Method<HealthResource, "health">>().toEqualTypeOf<HealthCheckStatus>();
expectTypeOf<Parameters<WorkflowResource["startWorkflow"]>[0]>().toEqualTypeOf<StartWorkflowRequest>();

// Enums are literal unions, not string.
expectTypeOf<NonNullable<Workflow["status"]>>().toEqualTypeOf<WorkflowStatus>();
expectTypeOf<"RUNNING">().toExtend<WorkflowStatus>();
expectTypeOf<string>().not.toExtend<WorkflowStatus>();
expectTypeOf<NonNullable<Task["status"]>>().toEqualTypeOf<TaskStatus>();
expectTypeOf<TaskResult["status"]>().toEqualTypeOf<TaskResultStatus>();

// One Task for the whole SDK: the worker's is the client's, and free-form maps hold any JSON.
expectTypeOf<WorkerTask>().toEqualTypeOf<Task>();
expectTypeOf<WorkerTaskResult>().toEqualTypeOf<TaskResult>();
expectTypeOf<NonNullable<Task["inputData"]>>().toEqualTypeOf<Record<string, unknown>>();
