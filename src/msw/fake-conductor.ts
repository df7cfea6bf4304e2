// FakeConductor: a small stateful stand-in for a Conductor server, made of the generated, spec-typed msw
// handlers, for users' unit tests. It keeps definitions, workflows and task queues in memory and runs the
// common flows (register definitions, start a workflow or start-and-wait, read its status, poll and complete
// SIMPLE tasks), so a worker or a WorkflowExecutor runs against it in milliseconds without a Java server.
//
//   const fake = new FakeConductor({ baseUrl: "http://conductor.test" });
//   const server = setupServer(...fake.handlers); // msw/node; setupWorker(...) from msw/browser in a page
//   server.listen({ onUnhandledRequest: "error" });
//   new Configuration({ serverUrl: "http://conductor.test/api" }) ...
//
// It is a fake: what it models and what it does not is in fake-state.ts's header and docs/testing.md. An
// operation it does not implement answers 501 naming itself, so a test never mistakes silence for success.
// test/scenario runs one scenario against this fake and against the real server and expects the same results.
import { http, HttpResponse, type HttpHandler } from "msw";
import { metadataHandlers } from "../../generated/msw/metadata.js";
import { taskHandlers } from "../../generated/msw/task.js";
import { workflowHandlers } from "../../generated/msw/workflow.js";
import { operations } from "../../generated/operations.js";
import type { TaskResultStatus, WorkflowRun } from "../../generated/models.js";
import { conductorErrorResponse } from "./error-response.js";
import {
  FakeConductorError,
  FakeConductorState,
  isTerminalWorkflow,
  type FakeTask,
  type FakeTaskDef,
  type FakeWorkflow,
  type FakeWorkflowDef,
} from "./fake-state.js";

export interface FakeConductorOptions {
  /** The origin the handlers answer for, e.g. "http://conductor.test" (default: any origin). */
  readonly baseUrl?: string;
  /** Upper bound of a long poll's wait, in ms, whatever the worker asks for (default 1,000). */
  readonly maxPollWaitMs?: number;
}

/**
 * Wraps a typed resolver so a FakeConductorError it throws becomes the server's error answer. Generic over the
 * resolver, so the generated factory's types still check what the resolver returns.
 */
function guarded<Info, Result>(resolver: (info: Info) => Result): (info: Info) => Result {
  return (async (info: Info) => {
    try {
      return await resolver(info);
    } catch (error) {
      if (error instanceof FakeConductorError) {
        return conductorErrorResponse(error.status, error.message, { instance: "fake-conductor" });
      }
      throw error;
    }
  }) as unknown as (info: Info) => Result;
}

const empty = () => new HttpResponse(null, { status: 200 });

function query(request: Request): URLSearchParams {
  return new URL(request.url).searchParams;
}

function flag(value: string | null, fallback: boolean): boolean {
  return value === null ? fallback : value === "true";
}

/**
 * An in-memory Conductor served through msw handlers, for tests without a server.
 *
 * @example
 * ```ts
 * const fake = new FakeConductor({ baseUrl: "http://conductor.test" });
 * const server = setupServer(...fake.handlers); // from "msw/node"
 * server.listen({ onUnhandledRequest: "error" });
 * const configuration = new Configuration({ serverUrl: "http://conductor.test/api" });
 * ```
 */
export class FakeConductor {
  readonly #state = new FakeConductorState();
  readonly #baseUrl: string;
  readonly #maxPollWaitMs: number;
  /** The msw handlers; pass them to setupServer (msw/node) or setupWorker (msw/browser). */
  readonly handlers: readonly HttpHandler[];

  constructor(options: FakeConductorOptions = {}) {
    this.#baseUrl = (options.baseUrl ?? "*").replace(/\/+$/, "");
    this.#maxPollWaitMs = options.maxPollWaitMs ?? 1000;
    this.handlers = this.#handlers();
  }

  /**
   * Forgets every definition, workflow and task (e.g. in afterEach).
   *
   * @example
   * ```ts
   * afterEach(() => fake.reset());
   * ```
   */
  reset(): void {
    this.#state.reset();
  }

  /**
   * Every workflow started so far, with its tasks (copies).
   *
   * @example
   * ```ts
   * expect(fake.workflows().map((run) => run.status)).toEqual(["COMPLETED"]);
   * ```
   */
  workflows(): FakeWorkflow[] {
    return this.#state.workflows();
  }

  /**
   * One workflow with its tasks (a copy); throws FakeConductorError (404) for an unknown id.
   *
   * @example
   * ```ts
   * const id = await workflow.start({ name: "Ada" });
   * const tasks = fake.workflow(id).tasks;
   * ```
   */
  workflow(workflowId: string): FakeWorkflow {
    return this.#state.getWorkflow(workflowId);
  }

  /**
   * The registered task definitions (copies).
   *
   * @example
   * ```ts
   * expect(fake.taskDefs().map((def) => def.name)).toContain("greet");
   * ```
   */
  taskDefs(): FakeTaskDef[] {
    return this.#state.taskDefs();
  }

  #handlers(): HttpHandler[] {
    const base = this.#baseUrl;
    const state = this.#state;
    const pollWait = (request: Request) =>
      Math.min(Number(query(request).get("timeout") ?? 100) || 0, this.#maxPollWaitMs);
    const pollOnce = (taskType: string, request: Request, count: number) =>
      state.poll(taskType, query(request).get("workerid") ?? undefined, count);
    const longPoll = (taskType: string, request: Request, count: number) =>
      state.waitFor(
        () => {
          const tasks = pollOnce(taskType, request, count);
          return tasks.length ? tasks : undefined;
        },
        pollWait(request),
        request.signal,
      );
    const run = (workflow: FakeWorkflow, requestId: string): WorkflowRun => ({
      workflowId: workflow.workflowId,
      requestId,
      responseType: "TARGET_WORKFLOW",
      targetWorkflowId: workflow.workflowId,
      targetWorkflowStatus: workflow.status,
      status: workflow.status,
      input: workflow.input ?? {},
      output: workflow.output ?? {},
      variables: workflow.variables ?? {},
      priority: workflow.priority ?? 0,
      createTime: workflow.createTime,
      ...(workflow.updateTime === undefined ? {} : { updateTime: workflow.updateTime }),
      ...(workflow.correlationId === undefined ? {} : { correlationId: workflow.correlationId }),
      tasks: workflow.tasks ?? [],
    });
    const implemented: Record<string, HttpHandler> = {
      // Metadata.
      "metadata.registerTaskDefs": metadataHandlers.registerTaskDefs(
        guarded(async ({ request }) => {
          state.registerTaskDefs(await request.json());
          return empty();
        }),
        base,
      ),
      "metadata.updateTaskDef": metadataHandlers.updateTaskDef(
        guarded(async ({ request }) => {
          state.registerTaskDefs([await request.json()]);
          return empty();
        }),
        base,
      ),
      "metadata.getAllTaskDefs": metadataHandlers.getAllTaskDefs(
        guarded(() => HttpResponse.json(state.taskDefs())),
        base,
      ),
      "metadata.getTaskDef": metadataHandlers.getTaskDef(
        guarded(({ params }) => HttpResponse.json(state.getTaskDef(params.tasktype))),
        base,
      ),
      "metadata.registerWorkflowDef": metadataHandlers.registerWorkflowDef(
        guarded(async ({ request }) => {
          state.registerWorkflowDef(await request.json(), flag(query(request).get("overwrite"), false));
          return empty();
        }),
        base,
      ),
      "metadata.updateWorkflowDefs": metadataHandlers.updateWorkflowDefs(
        guarded(async ({ request }) => {
          const defs = await request.json();
          for (const def of defs) state.registerWorkflowDef(def, true);
          return HttpResponse.json({ bulkSuccessfulResults: defs.map((d) => d.name), bulkErrorResults: {} });
        }),
        base,
      ),
      "metadata.getWorkflowDef": metadataHandlers.getWorkflowDef(
        guarded(({ params, request }) => {
          const version = query(request).get("version");
          return HttpResponse.json(state.getWorkflowDef(params.name, version === null ? undefined : Number(version)));
        }),
        base,
      ),

      // Workflows.
      "workflow.startWorkflow": workflowHandlers.startWorkflow(
        guarded(async ({ request }) => HttpResponse.text(state.startWorkflow(await request.json()))),
        base,
      ),
      "workflow.executeWorkflowByName": workflowHandlers.executeWorkflowByName(
        guarded(async ({ request, params }) => {
          const body = await request.json();
          const q = query(request);
          const version = Number(params.version) || undefined;
          const id = state.startWorkflow({ ...body, name: params.name, ...(version ? { version } : {}) });
          const waitUntil = (q.get("waitUntilTaskRef") ?? "").split(",").filter(Boolean);
          const reached = (w: FakeWorkflow) =>
            isTerminalWorkflow(w.status) || (w.tasks ?? []).some((t) => waitUntil.includes(t.referenceTaskName));
          await state.waitFor(
            () => (reached(state.getWorkflow(id)) ? true : undefined),
            Number(q.get("waitForSeconds") ?? 10) * 1000,
            request.signal,
          );
          return HttpResponse.json(run(state.getWorkflow(id), q.get("requestId") ?? crypto.randomUUID()));
        }),
        base,
      ),
      "workflow.startWorkflowByName": workflowHandlers.startWorkflowByName(
        guarded(async ({ request, params }) => {
          const q = query(request);
          const version = Number(q.get("version")) || undefined;
          const correlationId = q.get("correlationId");
          const id = state.startWorkflow({
            name: params.name,
            input: (await request.json()) ?? {},
            ...(version ? { version } : {}),
            ...(correlationId === null ? {} : { correlationId }),
          });
          return HttpResponse.text(id);
        }),
        base,
      ),
      "workflow.getWorkflowStatus": workflowHandlers.getWorkflowStatus(
        guarded(({ params, request }) => {
          const q = query(request);
          const workflow = state.getWorkflow(params.workflowId, false);
          return HttpResponse.json({
            workflowId: workflow.workflowId,
            status: workflow.status,
            ...(workflow.correlationId === undefined ? {} : { correlationId: workflow.correlationId }),
            ...(flag(q.get("includeOutput"), false) ? { output: workflow.output ?? {} } : {}),
            ...(flag(q.get("includeVariables"), false) ? { variables: workflow.variables ?? {} } : {}),
          });
        }),
        base,
      ),
      "workflow.getWorkflow": workflowHandlers.getWorkflow(
        guarded(({ params, request }) =>
          HttpResponse.json(state.getWorkflow(params.workflowId, flag(query(request).get("includeTasks"), true))),
        ),
        base,
      ),
      "workflow.terminateWorkflow": workflowHandlers.terminateWorkflow(
        guarded(({ params, request }) => {
          state.terminateWorkflow(params.workflowId, query(request).get("reason") ?? undefined);
          return empty();
        }),
        base,
      ),

      // Tasks.
      "task.batchPollTasks": taskHandlers.batchPollTasks(
        guarded(async ({ params, request }) => {
          const count = Math.max(1, Number(query(request).get("count") ?? 1) || 1);
          return HttpResponse.json((await longPoll(params.tasktype, request, count)) ?? []);
        }),
        base,
      ),
      "task.pollTask": taskHandlers.pollTask(
        guarded(({ params, request }) => {
          const [task] = pollOnce(params.tasktype, request, 1);
          return task ? HttpResponse.json(task) : new HttpResponse<FakeTask>(null, { status: 204 });
        }),
        base,
      ),
      "task.updateTaskV2": taskHandlers.updateTaskV2(
        guarded(async ({ request }) => {
          const result = await request.json();
          const task = state.getTask(state.updateTask(result));
          // The server hands the same worker its next task of the same type, if one is waiting.
          const [next] = state.poll(task.taskType, result.workerId, 1);
          return next ? HttpResponse.json(next) : new HttpResponse<FakeTask>(null, { status: 200 });
        }),
        base,
      ),
      "task.updateTask": taskHandlers.updateTask(
        guarded(async ({ request }) => HttpResponse.text(state.updateTask(await request.json()))),
        base,
      ),
      "task.updateTaskByRefName": taskHandlers.updateTaskByRefName(
        guarded(async ({ params, request }) => {
          const task = state.pendingTaskByRef(params.workflowId, params.taskRefName);
          const status = params.status as TaskResultStatus;
          const outputData = (await request.json()) ?? {};
          return HttpResponse.text(
            state.updateTask({ taskId: task.taskId, workflowInstanceId: params.workflowId, status, outputData }),
          );
        }),
        base,
      ),
      "task.addTaskLog": taskHandlers.addTaskLog(
        guarded(async ({ params, request }) => {
          state.addTaskLog(params.taskId, await request.text());
          return empty();
        }),
        base,
      ),
      "task.getTaskLogs": taskHandlers.getTaskLogs(
        guarded(({ params }) => HttpResponse.json(state.taskLogs(params.taskId))),
        base,
      ),
      "task.getTask": taskHandlers.getTask(
        guarded(({ params }) => HttpResponse.json(state.getTask(params.taskId))),
        base,
      ),
    };
    const notImplemented = ({ request }: { request: Request }) =>
      conductorErrorResponse(
        501,
        `FakeConductor does not implement ${request.method} ${new URL(request.url).pathname}`,
        {
          instance: "fake-conductor",
        },
      );
    // Operations the fake does not implement answer 501 naming themselves. Those with fixed paths are caught
    // first, so a parameterised handler does not take them (GET /api/workflow/search is not a workflow id). One
    // handler that falls through (returns nothing) for everything else keeps msw's per-request matching short.
    const fixedPaths = new Set(
      operations
        .filter((op) => !op.path.includes("{") && !implemented[`${op.group}.${op.name}`])
        .map((op) => `${op.method} ${op.path}`),
    );
    const unimplementedFixedPath = http.all(`${base}/api/*`, ({ request }) =>
      fixedPaths.has(`${request.method} ${new URL(request.url).pathname}`) ? notImplemented({ request }) : undefined,
    );
    return [unimplementedFixedPath, ...Object.values(implemented), http.all(`${base}/api/*`, notImplemented)];
  }
}

export { FakeConductorError };
export type { FakeTask, FakeTaskDef, FakeWorkflow, FakeWorkflowDef };
