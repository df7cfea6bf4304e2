// The in-memory state of FakeConductor and the rules it runs workflows by. It knows nothing of HTTP: the msw
// handlers in fake-conductor.ts translate requests into these calls and FakeConductorError into the server's
// error answers.
//
// What it models, after the real server (3.32): definitions by name and version (latest when none is given),
// workflows whose tasks are all SIMPLE, run one after another; a task is SCHEDULED, becomes IN_PROGRESS when
// polled, and its worker's update completes it (the next task is scheduled with its inputs resolved), fails it
// (retried after the task definition's retry delay while retryCount allows, else the workflow fails) or keeps
// it IN_PROGRESS (polled again after callbackAfterSeconds). The workflow's output is its outputParameters
// resolved, else the last task's output. Anything else (other task types, timeouts, rate limits, domains,
// events, search, pause/resume, sub-workflows) is not modelled; starting a workflow that needs it is an error.
import { ConductorError } from "../errors/conductor-error.js";
import type * as Schemas from "../../generated/models.js";
import { resolveExpressions, type ExpressionScope } from "./fake-expressions.js";

export type FakeWorkflow = Schemas.Workflow;
export type FakeTask = Schemas.Task;
export type FakeTaskDef = Schemas.TaskDef;
export type FakeWorkflowDef = Schemas.WorkflowDef;
type WorkflowTask = Schemas.WorkflowTask;
type StartWorkflowRequest = Schemas.StartWorkflowRequest;
type TaskResult = Schemas.TaskResult;
type TaskExecLog = Schemas.TaskExecLog;

/**
 * A request the fake refuses, with the status and message the real server answers (or 501 for "not modelled").
 *
 * @example
 * ```ts
 * try {
 *   fake.workflow("no-such-id");
 * } catch (error) {
 *   if (error instanceof FakeConductorError) expect(error.status).toBe(404);
 * }
 * ```
 */
export class FakeConductorError extends ConductorError {
  static override readonly kind: string = "FakeConductorError";
  /** The HTTP status the fake answers with. */
  declare readonly status: number;
  constructor(message: string, init: { status: number }) {
    super(message, { status: init.status, code: "HTTP" });
  }
}

/** What the server fills in for a SIMPLE task whose definition was never registered. */
function defaultTaskDef(name: string): FakeTaskDef {
  return {
    name,
    retryCount: 3,
    retryLogic: "FIXED",
    retryDelaySeconds: 60,
    timeoutSeconds: 0,
    timeoutPolicy: "TIME_OUT_WF",
    responseTimeoutSeconds: 3600,
    backoffScaleFactor: 1,
  };
}

function retryDelayMs(def: FakeTaskDef, attempt: number): number {
  const base = (def.retryDelaySeconds ?? 60) * 1000;
  if (def.retryLogic === "EXPONENTIAL_BACKOFF") return base * 2 ** attempt;
  if (def.retryLogic === "LINEAR_BACKOFF") return base * (def.backoffScaleFactor ?? 1) * (attempt + 1);
  return base;
}

const TERMINAL_WORKFLOW = new Set(["COMPLETED", "FAILED", "TIMED_OUT", "TERMINATED"]);
const TERMINAL_TASK = new Set([
  "COMPLETED",
  "COMPLETED_WITH_ERRORS",
  "FAILED",
  "FAILED_WITH_TERMINAL_ERROR",
  "CANCELED",
  "TIMED_OUT",
  "SKIPPED",
]);

export function isTerminalWorkflow(status: string): boolean {
  return TERMINAL_WORKFLOW.has(status);
}

interface Run {
  readonly workflow: FakeWorkflow & { tasks: FakeTask[] };
  readonly def: FakeWorkflowDef;
}

interface Queued {
  readonly run: Run;
  /** When the task may be handed to a worker (retry delay, callbackAfterSeconds). */
  availableAt: number;
}

export class FakeConductorState {
  readonly #taskDefs = new Map<string, FakeTaskDef>();
  readonly #workflowDefs = new Map<string, Map<number, FakeWorkflowDef>>();
  readonly #runs = new Map<string, Run>();
  /** Tasks waiting for a worker, by task id. */
  readonly #queue = new Map<string, Queued>();
  readonly #taskIndex = new Map<string, Run>();
  readonly #logs = new Map<string, TaskExecLog[]>();
  readonly #listeners = new Set<() => void>();

  reset(): void {
    this.#taskDefs.clear();
    this.#workflowDefs.clear();
    this.#runs.clear();
    this.#queue.clear();
    this.#taskIndex.clear();
    this.#logs.clear();
    this.#changed();
  }

  // ---- metadata

  registerTaskDefs(defs: readonly FakeTaskDef[]): void {
    for (const def of defs) {
      if (!def.name) throw new FakeConductorError("TaskDef name cannot be null or empty", { status: 400 });
      this.#taskDefs.set(def.name, { ...defaultTaskDef(def.name), ...structuredClone(def), createTime: Date.now() });
    }
  }

  getTaskDef(name: string): FakeTaskDef {
    const def = this.#taskDefs.get(name);
    if (!def) throw new FakeConductorError(`No such taskType found by name: ${name}`, { status: 404 });
    return structuredClone(def);
  }

  taskDefs(): FakeTaskDef[] {
    return [...this.#taskDefs.values()].map((d) => structuredClone(d));
  }

  /** `overwrite` false: an existing name+version is a 409, as POST /api/metadata/workflow answers. */
  registerWorkflowDef(def: FakeWorkflowDef, overwrite: boolean): void {
    if (!def.name) throw new FakeConductorError("WorkflowDef name cannot be null or empty", { status: 400 });
    if (!def.tasks?.length) throw new FakeConductorError("WorkflowTask list cannot be empty", { status: 400 });
    const version = def.version ?? 1;
    const versions = this.#workflowDefs.get(def.name) ?? new Map<number, FakeWorkflowDef>();
    if (!overwrite && versions.has(version)) {
      throw new FakeConductorError(`Workflow with ${def.name}.${version} already exists!`, { status: 409 });
    }
    versions.set(version, { ...structuredClone(def), version, createTime: Date.now() });
    this.#workflowDefs.set(def.name, versions);
  }

  /** A definition by name and version; the latest when version is undefined or 0. */
  getWorkflowDef(name: string, version?: number): FakeWorkflowDef {
    const versions = this.#workflowDefs.get(name);
    const wanted = version || (versions ? Math.max(...versions.keys()) : undefined);
    const def = wanted === undefined ? undefined : versions?.get(wanted);
    if (!def)
      throw new FakeConductorError(`No such workflow found by name: ${name}, version: ${version ?? null}`, {
        status: 404,
      });
    return structuredClone(def);
  }

  // ---- workflows

  startWorkflow(request: StartWorkflowRequest): string {
    const def = request.workflowDef ? structuredClone(request.workflowDef) : this.#definitionToStart(request);
    for (const task of def.tasks) {
      const type = task.type ?? "SIMPLE";
      if (type !== "SIMPLE") {
        throw new FakeConductorError(
          `FakeConductor runs SIMPLE tasks only; task '${task.taskReferenceName}' of ${def.name} is ${type}. ` +
            "Use testWorkflow or LocalConductor for other task types.",
          { status: 501 },
        );
      }
    }
    const now = Date.now();
    const workflow: Run["workflow"] = {
      workflowId: crypto.randomUUID(),
      workflowName: def.name,
      workflowVersion: def.version ?? 1,
      status: "RUNNING",
      createTime: now,
      startTime: now,
      updateTime: now,
      endTime: 0,
      input: structuredClone(request.input ?? {}),
      output: {},
      ...(request.correlationId === undefined ? {} : { correlationId: request.correlationId }),
      priority: request.priority ?? 0,
      variables: {},
      taskToDomain: request.taskToDomain ?? {},
      tasks: [],
      failedReferenceTaskNames: [],
      failedTaskNames: [],
      workflowDefinition: def,
    };
    const run: Run = { workflow, def };
    this.#runs.set(workflow.workflowId, run);
    this.#schedule(run, 0, 0);
    this.#changed();
    return workflow.workflowId;
  }

  getWorkflow(workflowId: string, includeTasks = true): FakeWorkflow {
    const { workflow } = this.#run(workflowId);
    const copy = structuredClone(workflow);
    if (!includeTasks) copy.tasks = [];
    return copy;
  }

  workflows(): FakeWorkflow[] {
    return [...this.#runs.values()].map((r) => structuredClone(r.workflow));
  }

  terminateWorkflow(workflowId: string, reason?: string): void {
    const run = this.#run(workflowId);
    if (isTerminalWorkflow(run.workflow.status)) return;
    for (const task of run.workflow.tasks) {
      if (!TERMINAL_TASK.has(task.status)) {
        task.status = "CANCELED";
        this.#queue.delete(task.taskId);
      }
    }
    this.#finish(run, "TERMINATED", reason);
  }

  // ---- tasks

  /** Hands up to `count` available tasks of a type to a worker; they become IN_PROGRESS. */
  poll(taskType: string, workerId: string | undefined, count: number): FakeTask[] {
    const now = Date.now();
    const polled: FakeTask[] = [];
    for (const [taskId, queued] of this.#queue) {
      if (polled.length >= count) break;
      const task = this.#task(queued.run, taskId);
      if (task.taskType !== taskType || queued.availableAt > now) continue;
      this.#queue.delete(taskId);
      task.status = "IN_PROGRESS";
      task.pollCount = (task.pollCount ?? 0) + 1;
      if (!task.startTime) task.startTime = now;
      task.updateTime = now;
      if (workerId !== undefined) task.workerId = workerId;
      task.queueWaitTime = now - (task.scheduledTime ?? now);
      queued.run.workflow.updateTime = now;
      polled.push(structuredClone(task));
    }
    if (polled.length) this.#changed();
    return polled;
  }

  /** When the next queued task becomes available, if one is waiting on a delay. */
  nextAvailableAt(): number | undefined {
    let next: number | undefined;
    for (const queued of this.#queue.values()) {
      if (next === undefined || queued.availableAt < next) next = queued.availableAt;
    }
    return next;
  }

  getTask(taskId: string): FakeTask {
    const run = this.#taskIndex.get(taskId);
    if (!run) throw new FakeConductorError(`Task not found for taskId: ${taskId}`, { status: 404 });
    return structuredClone(this.#task(run, taskId));
  }

  /** A worker's result: completes, fails (and maybe retries) or keeps the task in progress. */
  updateTask(result: TaskResult): string {
    const run = this.#taskIndex.get(result.taskId);
    if (!run) throw new FakeConductorError(`Task not found for taskId: ${result.taskId}`, { status: 404 });
    const task = this.#task(run, result.taskId);
    if (TERMINAL_TASK.has(task.status) || isTerminalWorkflow(run.workflow.status)) return task.taskId;
    const now = Date.now();
    task.outputData = { ...task.outputData, ...structuredClone(result.outputData ?? {}) };
    if (result.reasonForIncompletion !== undefined) task.reasonForIncompletion = result.reasonForIncompletion;
    if (result.workerId !== undefined) task.workerId = result.workerId;
    if (result.logs?.length) this.#logs.set(task.taskId, [...(this.#logs.get(task.taskId) ?? []), ...result.logs]);
    task.updateTime = now;
    run.workflow.updateTime = now;
    const index = run.def.tasks.findIndex((t) => t.taskReferenceName === task.referenceTaskName);
    switch (result.status) {
      case "IN_PROGRESS":
        task.callbackAfterSeconds = result.callbackAfterSeconds ?? 0;
        this.#queue.set(task.taskId, { run, availableAt: now + task.callbackAfterSeconds * 1000 });
        break;
      case "COMPLETED":
        this.#end(task, "COMPLETED", now);
        if (index + 1 < run.def.tasks.length) this.#schedule(run, index + 1, 0);
        else this.#finish(run, "COMPLETED");
        break;
      case "FAILED": {
        this.#end(task, "FAILED", now);
        const def = this.#taskDefs.get(task.taskDefName ?? task.taskType) ?? defaultTaskDef(task.taskType);
        const attempt = task.retryCount ?? 0;
        if (attempt < (def.retryCount ?? 3)) {
          task.retried = true;
          const retry = this.#schedule(run, index, attempt + 1, now + retryDelayMs(def, attempt));
          retry.retriedTaskId = task.taskId;
        } else {
          this.#fail(run, task);
        }
        break;
      }
      case "FAILED_WITH_TERMINAL_ERROR":
        this.#end(task, "FAILED_WITH_TERMINAL_ERROR", now);
        this.#fail(run, task);
        break;
      case "CANCELED":
        this.#end(task, "CANCELED", now);
        this.#fail(run, task);
        break;
    }
    this.#changed();
    return task.taskId;
  }

  /** The task of a running workflow with this reference name that is not finished yet. */
  pendingTaskByRef(workflowId: string, taskRefName: string): FakeTask {
    const run = this.#run(workflowId);
    const task = run.workflow.tasks.find((t) => t.referenceTaskName === taskRefName && !TERMINAL_TASK.has(t.status));
    if (!task) {
      throw new FakeConductorError(`No pending task with reference name ${taskRefName} in workflow ${workflowId}`, {
        status: 404,
      });
    }
    return structuredClone(task);
  }

  addTaskLog(taskId: string, message: string): void {
    this.getTask(taskId);
    const log: TaskExecLog = { taskId, log: message, createdTime: Date.now() };
    this.#logs.set(taskId, [...(this.#logs.get(taskId) ?? []), log]);
  }

  taskLogs(taskId: string): TaskExecLog[] {
    return structuredClone(this.#logs.get(taskId) ?? []);
  }

  // ---- waiting

  /**
   * Resolves to `check()`'s first defined value, re-checked on every change and when a delayed task becomes
   * available, or to undefined after `timeoutMs` or when `signal` aborts.
   */
  waitFor<T>(check: () => T | undefined, timeoutMs: number, signal?: AbortSignal): Promise<T | undefined> {
    const first = check();
    if (first !== undefined || timeoutMs <= 0 || signal?.aborted) return Promise.resolve(first);
    return new Promise((resolve) => {
      let wake: ReturnType<typeof setTimeout> | undefined;
      const done = (value: T | undefined) => {
        clearTimeout(deadline);
        clearTimeout(wake);
        this.#listeners.delete(onChange);
        signal?.removeEventListener("abort", onAbort);
        resolve(value);
      };
      const armWake = () => {
        clearTimeout(wake);
        const at = this.nextAvailableAt();
        if (at !== undefined) wake = setTimeout(onChange, Math.max(0, at - Date.now()));
      };
      const onChange = () => {
        const value = check();
        if (value !== undefined) done(value);
        else armWake();
      };
      const onAbort = () => done(undefined);
      const deadline = setTimeout(() => done(check()), timeoutMs);
      this.#listeners.add(onChange);
      signal?.addEventListener("abort", onAbort, { once: true });
      armWake();
    });
  }

  // ---- internals

  #definitionToStart(request: StartWorkflowRequest): FakeWorkflowDef {
    try {
      return this.getWorkflowDef(request.name, request.version);
    } catch (error) {
      if (error instanceof FakeConductorError && error.status === 404) {
        throw new FakeConductorError(
          `No such workflow defined. name=${request.name}, version=${request.version || null}`,
          { status: 404 },
        );
      }
      throw error;
    }
  }

  #run(workflowId: string): Run {
    const run = this.#runs.get(workflowId);
    if (!run) throw new FakeConductorError(`No such workflow found by id: ${workflowId}`, { status: 404 });
    return run;
  }

  #task(run: Run, taskId: string): FakeTask {
    return run.workflow.tasks.find((t) => t.taskId === taskId)!;
  }

  #scope(run: Run): ExpressionScope {
    const { workflow } = run;
    const scope: ExpressionScope = {
      workflow: {
        input: workflow.input,
        output: workflow.output,
        workflowId: workflow.workflowId,
        workflowType: workflow.workflowName,
        version: workflow.workflowVersion,
        correlationId: workflow.correlationId ?? null,
        variables: workflow.variables,
      },
    };
    // The latest attempt of each reference wins, as later tasks see it.
    for (const task of workflow.tasks)
      scope[task.referenceTaskName] = { input: task.inputData, output: task.outputData };
    return scope;
  }

  #schedule(run: Run, index: number, retryCount: number, availableAt = Date.now()): FakeTask {
    const workflowTask: WorkflowTask = run.def.tasks[index]!;
    const now = Date.now();
    const def = this.#taskDefs.get(workflowTask.name) ?? defaultTaskDef(workflowTask.name);
    const task: FakeTask = {
      taskId: crypto.randomUUID(),
      taskType: workflowTask.name,
      taskDefName: workflowTask.name,
      referenceTaskName: workflowTask.taskReferenceName,
      status: "SCHEDULED",
      inputData: resolveExpressions(workflowTask.inputParameters ?? {}, this.#scope(run)) as Record<string, unknown>,
      outputData: {},
      workflowInstanceId: run.workflow.workflowId,
      workflowType: run.workflow.workflowName,
      ...(run.workflow.correlationId === undefined ? {} : { correlationId: run.workflow.correlationId }),
      seq: run.workflow.tasks.length + 1,
      retryCount,
      retried: false,
      executed: false,
      pollCount: 0,
      scheduledTime: now,
      startTime: 0,
      endTime: 0,
      updateTime: 0,
      callbackAfterSeconds: 0,
      responseTimeoutSeconds: def.responseTimeoutSeconds ?? 3600,
      workflowPriority: run.workflow.priority ?? 0,
      workflowTask: structuredClone(workflowTask),
    };
    run.workflow.tasks.push(task);
    this.#taskIndex.set(task.taskId, run);
    this.#queue.set(task.taskId, { run, availableAt });
    return task;
  }

  #end(task: FakeTask, status: FakeTask["status"], now: number): void {
    task.status = status;
    task.endTime = now;
    task.executed = true;
    this.#queue.delete(task.taskId);
  }

  #fail(run: Run, task: FakeTask): void {
    const reason = `Task ${task.taskId} failed with status: FAILED and reason: '${task.reasonForIncompletion ?? ""}'`;
    run.workflow.failedReferenceTaskNames = [task.referenceTaskName];
    run.workflow.failedTaskNames = [task.taskDefName ?? task.taskType];
    this.#finish(run, "FAILED", reason);
  }

  #finish(run: Run, status: FakeWorkflow["status"], reason?: string): void {
    const { workflow, def } = run;
    const now = Date.now();
    workflow.status = status;
    workflow.endTime = now;
    workflow.updateTime = now;
    if (reason !== undefined) workflow.reasonForIncompletion = reason;
    const last = [...workflow.tasks].reverse().find((t) => t.status === "COMPLETED");
    workflow.output =
      def.outputParameters && Object.keys(def.outputParameters).length
        ? (resolveExpressions(def.outputParameters, this.#scope(run)) as Record<string, unknown>)
        : structuredClone(last?.outputData ?? {});
    for (const task of workflow.tasks) if (!TERMINAL_TASK.has(task.status)) this.#queue.delete(task.taskId);
    this.#changed();
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
