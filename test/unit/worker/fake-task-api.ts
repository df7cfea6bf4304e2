import type { BatchPollRequest, TaskApi } from "../../../src/worker/task-api.js";
import type { Task, TaskDef, TaskResult } from "../../../src/worker/types.js";

export class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

let counter = 0;
export function makeTask(taskType: string, input: Record<string, unknown> = {}, extra: Partial<Task> = {}): Task {
  counter++;
  return {
    taskId: `t-${counter}`,
    workflowInstanceId: `wf-${counter}`,
    taskType,
    taskDefName: taskType,
    referenceTaskName: `${taskType}_ref`,
    inputData: input,
    retryCount: 0,
    pollCount: 1,
    status: "IN_PROGRESS",
    ...extra,
  };
}

/** An in-memory task API with scriptable failures; records every call. */
export class FakeTaskApi implements TaskApi {
  readonly queues = new Map<string, Task[]>();
  readonly polls: (BatchPollRequest & { taskType: string; at: number })[] = [];
  readonly v2Updates: TaskResult[] = [];
  readonly v1Updates: TaskResult[] = [];
  readonly registered: TaskDef[] = [];
  /** Statuses (or "network") the next update calls fail with, consumed in order. */
  updateFailures: (number | "network")[] = [];
  /** When set, every update fails like this. */
  alwaysFailUpdates: number | "network" | undefined;
  pollFailures: (number | "network")[] = [];
  v2Supported = true;
  /** Return next tasks from update-v2. */
  v2HandsOutNext = true;

  enqueue(...tasks: Task[]): void {
    for (const task of tasks) {
      const type = task.taskDefName!;
      const q = this.queues.get(type) ?? [];
      q.push(task);
      this.queues.set(type, q);
    }
  }

  get delivered(): TaskResult[] {
    return [...this.v2Updates, ...this.v1Updates].filter((r) => !r.extendLease);
  }

  private take(taskType: string, count: number): Task[] {
    const q = this.queues.get(taskType) ?? [];
    return q.splice(0, count);
  }

  private failure(kind: number | "network"): Error {
    return kind === "network" ? new TypeError("fetch failed") : new HttpStatusError(kind);
  }

  async batchPoll(taskType: string, request: BatchPollRequest): Promise<Task[]> {
    this.polls.push({ ...request, taskType, at: Date.now() });
    const f = this.pollFailures.shift();
    if (f !== undefined) throw this.failure(f);
    const got = this.take(taskType, request.count);
    if (got.length === 0 && request.timeoutMs > 0) {
      await new Promise((r) => setTimeout(r, Math.min(request.timeoutMs, 20)));
      return this.take(taskType, request.count);
    }
    return got;
  }

  private checkUpdate(): void {
    if (this.alwaysFailUpdates !== undefined) throw this.failure(this.alwaysFailUpdates);
    const f = this.updateFailures.shift();
    if (f !== undefined) throw this.failure(f);
  }

  async updateTaskV2(result: TaskResult): Promise<Task | undefined> {
    if (!this.v2Supported) throw new HttpStatusError(404);
    this.checkUpdate();
    this.v2Updates.push(structuredClone(result));
    if (!this.v2HandsOutNext) return undefined;
    const type = this.typeOf(result.taskId);
    return type ? this.take(type, 1)[0] : undefined;
  }

  async updateTask(result: TaskResult): Promise<void> {
    this.checkUpdate();
    this.v1Updates.push(structuredClone(result));
  }

  readonly taskTypes = new Map<string, string>();
  private typeOf(taskId: string): string | undefined {
    return this.taskTypes.get(taskId);
  }
  /** Enqueue and remember the type of each task (so update-v2 can hand out the next one). */
  add(...tasks: Task[]): Task[] {
    for (const t of tasks) this.taskTypes.set(t.taskId!, t.taskDefName!);
    this.enqueue(...tasks);
    return tasks;
  }

  readonly logs: { taskId: string; message: string }[] = [];
  async addTaskLog(taskId: string, message: string): Promise<void> {
    this.logs.push({ taskId, message });
  }

  async registerTaskDefs(defs: TaskDef[]): Promise<void> {
    this.registered.push(...defs);
  }

  /** Server-side task statuses the cancellation check sees (default IN_PROGRESS); "gone" answers undefined. */
  readonly serverStatus = new Map<string, string>();
  readonly taskChecks: string[] = [];
  async getTask(taskId: string): Promise<Task | undefined> {
    this.taskChecks.push(taskId);
    const status = this.serverStatus.get(taskId) ?? "IN_PROGRESS";
    return status === "gone" ? undefined : makeTask("checked", {}, { taskId, status: status as Task["status"] });
  }

  readonly existingDefs = new Set<string>();
  async getTaskDef(name: string): Promise<TaskDef | undefined> {
    return this.existingDefs.has(name) ? { name, timeoutSeconds: 0 } : undefined;
  }
}

export function silentLogger() {
  const lines: { level: string; message: string }[] = [];
  const log =
    (level: string) =>
    (message: string, ...args: unknown[]) => {
      lines.push({ level, message: [message, ...args.map(String)].join(" ") });
    };
  return { lines, debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
