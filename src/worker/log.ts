import type { Logger } from "../config/logger.js";
import type { WorkerMiddleware } from "./middleware.js";

/** Fields every worker log line may carry; pino and winston keep them as structured fields. */
export interface LogFields {
  taskType?: string;
  taskId?: string;
  workflowId?: string;
  /** Retry count of the task, or the attempt of a delivery. */
  attempt?: number;
  durationMs?: number;
  /** The error behind the line (key `err`, which pino's standard serializer formats). */
  err?: unknown;
  [field: string]: unknown;
}

/**
 * Where the fields go: `"after"` calls `logger.warn(message, fields)` (winston, console, most
 * loggers), `"before"` calls `logger.warn(fields, message)` (pino, bunyan).
 */
export type LogFieldsPosition = "after" | "before";

type Level = "debug" | "info" | "warn" | "error";

/** The runtime's logger: a message plus one object of fields, in the order the logger expects. */
export class WorkerLog {
  constructor(
    readonly logger: Logger,
    private readonly position: LogFieldsPosition = "after",
  ) {}

  debug(message: string, fields: LogFields): void {
    this.write("debug", message, fields);
  }
  info(message: string, fields: LogFields): void {
    this.write("info", message, fields);
  }
  warn(message: string, fields: LogFields): void {
    this.write("warn", message, fields);
  }
  error(message: string, fields: LogFields): void {
    this.write("error", message, fields);
  }

  private write(level: Level, message: string, fields: LogFields): void {
    if (this.position === "before") {
      // pino's signature: the object of fields first, then the message.
      (this.logger[level] as unknown as (fields: LogFields, message: string) => void).call(
        this.logger,
        fields,
        message,
      );
    } else this.logger[level](message, fields);
  }
}

/** `error.message` for an Error, the string form of anything else. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Request-level debug logging (TaskHandler `logRequests`): one debug line per poll and per update
 * attempt, with its fields and duration. Off by default; a layer only when switched on.
 */
export function requestLogging(log: WorkerLog): WorkerMiddleware {
  return {
    async poll(call, next) {
      const started = performance.now();
      const fields: LogFields = { taskType: call.taskType, count: call.count, timeoutMs: call.timeoutMs };
      try {
        const tasks = await next();
        fields.durationMs = performance.now() - started;
        fields.received = Array.isArray(tasks) ? tasks.length : 0;
        log.debug(`conductor worker: poll ${call.taskType} -> ${String(fields.received)} task(s)`, fields);
        return tasks;
      } catch (error) {
        fields.durationMs = performance.now() - started;
        fields.err = error;
        log.debug(`conductor worker: poll ${call.taskType} failed: ${messageOf(error)}`, fields);
        throw error;
      }
    },
    async update(call, next) {
      const started = performance.now();
      const { result } = call;
      const fields: LogFields = {
        taskType: call.taskType,
        taskId: result.taskId,
        workflowId: result.workflowInstanceId,
        attempt: call.attempt,
        endpoint: call.endpoint,
        kind: call.kind,
        status: result.status,
      };
      try {
        const task = await next();
        fields.durationMs = performance.now() - started;
        if (task?.taskId) fields.nextTaskId = task.taskId;
        log.debug(`conductor worker: ${call.endpoint} ${result.taskId} ${result.status} ok`, fields);
        return task;
      } catch (error) {
        fields.durationMs = performance.now() - started;
        fields.err = error;
        log.debug(`conductor worker: ${call.endpoint} ${result.taskId} failed: ${messageOf(error)}`, fields);
        throw error;
      }
    },
  };
}
