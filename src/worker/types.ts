// The worker handles the same wire types as the clients: one Task, TaskResult and TaskExecLog in the SDK.
export type { Task, TaskDef, TaskExecLog, TaskResult } from "../../generated/models.js";
import type { TaskResultStatus } from "../../generated/models.js";

/** Statuses a worker may report for a task. */
export type TaskStatus = TaskResultStatus;
