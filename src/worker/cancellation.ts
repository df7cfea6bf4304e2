import type { TaskExecutionState } from "./context.js";
import { TaskCanceledError } from "./errors.js";
import { messageOf, type WorkerLog } from "./log.js";
import type { TaskApi } from "./task-api.js";

// Task statuses after which the server ignores any update (WorkflowExecutorOps.updateTask logs an
// "update conflict" and drops it).
const FINISHED = new Set([
  "CANCELED",
  "COMPLETED",
  "COMPLETED_WITH_ERRORS",
  "FAILED",
  "FAILED_WITH_TERMINAL_ERROR",
  "SKIPPED",
  "TIMED_OUT",
]);

/**
 * Notices that the server no longer wants a running task. Conductor has no push for this, so one
 * timer per worker sweeps the executions every `intervalMs` and asks `GET /api/tasks/{id}` about
 * those that have run at least that long: short executions are never checked (they cost one Map
 * entry holding a number, no allocation), and a long one costs one small request per interval. A
 * task found finished (workflow terminated -> CANCELED, TIMED_OUT, ...) or gone has its signal
 * aborted with a TaskCanceledError; the runner then sends no result for it.
 */
export class CancellationWatch {
  // Each execution maps to the sweep count when it began: one still here two sweeps later has run
  // at least one whole interval (no timestamp, no object per execution).
  private readonly watched = new Map<TaskExecutionState, number>();
  private readonly checking = new Set<TaskExecutionState>();
  private sweeps = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(
    private readonly api: TaskApi,
    private readonly intervalMs: number,
    private readonly log: WorkerLog,
    private readonly signal: AbortSignal,
  ) {}

  /** Starts watching one execution (its signal aborts when it is found canceled). */
  watch(state: TaskExecutionState): boolean {
    if (this.closed || !state.taskId) return false;
    this.watched.set(state, this.sweeps);
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), this.intervalMs);
      this.timer.unref?.();
    }
    return true;
  }

  unwatch(state: TaskExecutionState): void {
    this.watched.delete(state);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
    this.watched.clear();
  }

  private sweep(): void {
    const sweeps = ++this.sweeps;
    for (const [state, since] of this.watched) {
      if (sweeps - since >= 2 && !this.checking.has(state)) void this.check(state);
    }
  }

  private async check(state: TaskExecutionState): Promise<void> {
    this.checking.add(state);
    try {
      const task = await this.api.getTask!(state.taskId, this.signal);
      if (!this.watched.has(state)) return;
      const status = task?.taskId ? (task.status ?? "") : "NOT_FOUND";
      if (status === "NOT_FOUND" || FINISHED.has(status)) {
        this.watched.delete(state);
        state.cancel(
          new TaskCanceledError({
            taskId: state.taskId,
            serverStatus: status,
            reason: task?.reasonForIncompletion || undefined,
          }),
        );
      }
    } catch (error) {
      // A failed check says nothing about the task: keep running, ask again next sweep.
      if (!this.signal.aborted) {
        this.log.debug(`conductor worker: cancellation check of task ${state.taskId} failed: ${messageOf(error)}`, {
          taskType: state.taskDefName,
          taskId: state.taskId,
          workflowId: state.workflowId,
          err: error,
        });
      }
    } finally {
      this.checking.delete(state);
    }
  }
}
