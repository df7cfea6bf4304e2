import { InvalidArgumentError } from "../../errors/conductor-error.js";
import { BaseTask, type TaskOptions } from "../task.js";
import type { WorkflowTask } from "../types.js";

// Matches the server's duration syntax, e.g. "30s", "5 minutes", "1d 2h", "2days 3hours 10mins".
const DURATION = /^\s*(\d+\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\s*)+$/i;

/** Formats a date the way the WAIT task's `until` input expects: `yyyy-MM-dd HH:mm z` in UTC. */
export function formatWaitUntil(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/**
 * Pauses the workflow: for a duration (`WaitTask.forDuration`), until a date (`WaitTask.until`),
 * or until completed from outside through the task API (`WaitTask.untilSignalled`).
 *
 * @example
 * ```ts
 * wf.add(
 *   WaitTask.forDuration("cool_off", "10m"),
 *   WaitTask.until("at_launch", new Date("2030-01-01T09:00:00Z")),
 *   WaitTask.untilSignalled("approval"), // completed later through the task API
 * );
 * ```
 */
export class WaitTask extends BaseTask {
  constructor(
    taskReferenceName: string,
    wait: { duration?: string; until?: string | Date } = {},
    options: TaskOptions = {},
  ) {
    if (wait.duration !== undefined && wait.until !== undefined) {
      throw new InvalidArgumentError(`WaitTask "${taskReferenceName}": give either duration or until, not both`, {
        argument: "wait",
      });
    }
    if (
      wait.duration !== undefined &&
      (typeof wait.duration !== "string" || (!wait.duration.startsWith("${") && !DURATION.test(wait.duration)))
    ) {
      throw new InvalidArgumentError(
        `WaitTask "${taskReferenceName}": duration "${wait.duration}" is not like "30s", "5m", "1h 30m" or "2d"`,
        { argument: "wait.duration" },
      );
    }
    const input: Record<string, unknown> = {};
    if (wait.duration !== undefined) input.duration = wait.duration;
    if (wait.until !== undefined) input.until = wait.until instanceof Date ? formatWaitUntil(wait.until) : wait.until;
    super("WAIT", taskReferenceName, taskReferenceName, input, options);
  }

  /**
   * Waits for a duration such as `30s`, `5m`, `1h 30m` or `2d` (or a `${...}` expression).
   *
   * @example
   * ```ts
   * wf.add(WaitTask.forDuration("cool_off", "1h 30m"));
   * ```
   */
  static forDuration(taskReferenceName: string, duration: string, options: TaskOptions = {}): WaitTask {
    return new WaitTask(taskReferenceName, { duration }, options);
  }

  /**
   * Waits until a date (a Date, or a string like `2030-01-01 09:00 UTC`).
   *
   * @example
   * ```ts
   * wf.add(WaitTask.until("at_launch", new Date("2030-01-01T09:00:00Z"))); // or "2030-01-01 09:00 UTC"
   * ```
   */
  static until(taskReferenceName: string, until: string | Date, options: TaskOptions = {}): WaitTask {
    return new WaitTask(taskReferenceName, { until }, options);
  }

  /**
   * Waits until the task is completed from outside (task API, or `signal` on the workflow).
   *
   * @example
   * ```ts
   * const approval = WaitTask.untilSignalled("approval");
   * wf.add(approval, new SimpleTask("apply", "apply", { approvedBy: approval.output("approver") }));
   * ```
   */
  static untilSignalled(taskReferenceName: string, options: TaskOptions = {}): WaitTask {
    return new WaitTask(taskReferenceName, {}, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON.
   *
   * @example
   * ```ts
   * const wait = WaitTask.fromWorkflowTask({ name: "cool_off", taskReferenceName: "cool_off", type: "WAIT", inputParameters: { duration: "10m" } });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): WaitTask {
    return new WaitTask("").restoreFrom(json);
  }
}
