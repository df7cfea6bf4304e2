import { hostname } from "node:os";
import { WorkerConfigError } from "./errors.js";
import type { WorkerSettings } from "./worker.js";

/** Default and upper bound of `pollTimeoutMarginMs`. */
export const DEFAULT_POLL_TIMEOUT_MARGIN_MS = 5000;
export const MAX_POLL_TIMEOUT_MARGIN_MS = 30_000;

/** Default of `cancelCheckIntervalMs`: executions running this long are checked this often. */
export const DEFAULT_CANCEL_CHECK_INTERVAL_MS = 5000;

type Kind = "int" | "bool" | "string" | "optionalInt" | "optionalString";

/** The longest long-poll wait Conductor accepts (ExecutionService.MAX_POLL_TIMEOUT_MS); more is answered with HTTP 400. */
export const MAX_POLL_TIMEOUT_MS = 5000;

// Every setting, its environment suffix and how its value is parsed.
const FIELDS: Record<keyof WorkerSettings, { env: string; kind: Kind; min?: number; max?: number }> = {
  concurrency: { env: "CONCURRENCY", kind: "int", min: 1 },
  pollIntervalMs: { env: "POLL_INTERVAL_MS", kind: "int", min: 0 },
  pollTimeoutMs: { env: "POLL_TIMEOUT_MS", kind: "int", min: 0, max: MAX_POLL_TIMEOUT_MS },
  idlePollTimeoutMs: { env: "IDLE_POLL_TIMEOUT_MS", kind: "int", min: 0, max: MAX_POLL_TIMEOUT_MS },
  pickupPolls: { env: "PICKUP_POLLS", kind: "int", min: 1, max: 4 },
  // Bounded: a dead connection must be noticed within the poll's wait plus this.
  pollTimeoutMarginMs: { env: "POLL_TIMEOUT_MARGIN_MS", kind: "int", min: 100, max: MAX_POLL_TIMEOUT_MARGIN_MS },
  maxPollBackoffMs: { env: "MAX_POLL_BACKOFF_MS", kind: "int", min: 0 },
  maxErrorBackoffMs: { env: "MAX_ERROR_BACKOFF_MS", kind: "int", min: 0 },
  domain: { env: "DOMAIN", kind: "optionalString" },
  workerId: { env: "WORKER_ID", kind: "string" },
  paused: { env: "PAUSED", kind: "bool" },
  registerTaskDef: { env: "REGISTER_TASK_DEF", kind: "bool" },
  timeoutMs: { env: "TIMEOUT_MS", kind: "optionalInt", min: 1 },
  leaseExtension: { env: "LEASE_EXTENSION", kind: "bool" },
  cancelCheckIntervalMs: { env: "CANCEL_CHECK_INTERVAL_MS", kind: "int", min: 0 },
};

export const SETTING_NAMES = Object.keys(FIELDS) as (keyof WorkerSettings)[];

export function builtInDefaults(): WorkerSettings {
  return {
    concurrency: 1,
    pollIntervalMs: 100,
    pollTimeoutMs: 100,
    // The server's maximum: an idle worker costs one request per task type every 5 s, and a poll
    // for one task is answered as soon as a task is queued, so pickup latency does not change.
    idlePollTimeoutMs: MAX_POLL_TIMEOUT_MS,
    pickupPolls: 2,
    pollTimeoutMarginMs: DEFAULT_POLL_TIMEOUT_MARGIN_MS,
    maxPollBackoffMs: 1000,
    maxErrorBackoffMs: 10_000,
    domain: undefined,
    workerId: hostname(),
    paused: false,
    registerTaskDef: false,
    timeoutMs: undefined,
    leaseExtension: false,
    cancelCheckIntervalMs: DEFAULT_CANCEL_CHECK_INTERVAL_MS,
  };
}

/** `my-task.v2` -> `MY_TASK_V2`: the form a task name takes in an environment variable. */
export function envName(taskDefName: string): string {
  return taskDefName.replace(/[^A-Za-z0-9]+/g, "_").toUpperCase();
}

function parse(variable: string, raw: string, kind: Kind, min: number | undefined, max: number | undefined): unknown {
  const text = raw.trim();
  switch (kind) {
    case "bool": {
      const lower = text.toLowerCase();
      if (["true", "1", "yes", "on"].includes(lower)) return true;
      if (["false", "0", "no", "off"].includes(lower)) return false;
      throw new WorkerConfigError(`${variable}=${raw}: expected true or false`, { option: variable });
    }
    case "int":
    case "optionalInt": {
      if (!/^-?\d+$/.test(text))
        throw new WorkerConfigError(`${variable}=${raw}: expected an integer`, { option: variable });
      const value = Number(text);
      if (min !== undefined && value < min)
        throw new WorkerConfigError(`${variable}=${raw}: must be >= ${min}`, { option: variable });
      if (max !== undefined && value > max)
        throw new WorkerConfigError(`${variable}=${raw}: must be <= ${max}`, { option: variable });
      return value;
    }
    case "string":
    case "optionalString":
      if (text === "") throw new WorkerConfigError(`${variable} is set but empty`, { option: variable });
      return text;
  }
}

function validate(name: string, key: keyof WorkerSettings, value: unknown): void {
  const field = FIELDS[key];
  const where = `worker ${name}: option ${key}`;
  if (field.kind === "int" || (field.kind === "optionalInt" && value !== undefined)) {
    if (typeof value !== "number" || !Number.isInteger(value) || (field.min !== undefined && value < field.min)) {
      const range = `>= ${field.min ?? 0}${field.max !== undefined ? ` and <= ${field.max}` : ""}`;
      throw new WorkerConfigError(`${where} must be an integer ${range}, got ${String(value)}`, { option: key });
    }
    if (field.max !== undefined && value > field.max) {
      throw new WorkerConfigError(`${where} must be at most ${field.max}, got ${String(value)}`, { option: key });
    }
  } else if (field.kind === "bool" && typeof value !== "boolean") {
    throw new WorkerConfigError(`${where} must be a boolean, got ${String(value)}`, { option: key });
  } else if (field.kind === "string" && (typeof value !== "string" || value === "")) {
    throw new WorkerConfigError(`${where} must be a non-empty string, got ${String(value)}`, { option: key });
  } else if (field.kind === "optionalString" && value !== undefined && typeof value !== "string") {
    throw new WorkerConfigError(`${where} must be a string, got ${String(value)}`, { option: key });
  }
}

/**
 * Resolves one worker's settings. Precedence, highest first: options given to workerTask, then
 * CONDUCTOR_WORKER_<NAME>_<PROP>, then CONDUCTOR_WORKER_ALL_<PROP>, then the TaskHandler's
 * `workerDefaults`, then built-in defaults. Invalid values throw WorkerConfigError naming them.
 */
export function resolveSettings(
  taskDefName: string,
  explicit: Partial<WorkerSettings>,
  handlerDefaults: Partial<WorkerSettings> = {},
  env: Record<string, string | undefined> = process.env,
): WorkerSettings {
  const settings = builtInDefaults();
  const specific = `CONDUCTOR_WORKER_${envName(taskDefName)}_`;
  const asIs = `CONDUCTOR_WORKER_${taskDefName}_`;
  for (const key of SETTING_NAMES) {
    const field = FIELDS[key];
    let value: unknown = settings[key];
    if (handlerDefaults[key] !== undefined) value = handlerDefaults[key];
    const all = env[`CONDUCTOR_WORKER_ALL_${field.env}`];
    if (all !== undefined) value = parse(`CONDUCTOR_WORKER_ALL_${field.env}`, all, field.kind, field.min, field.max);
    const ownVar = env[`${asIs}${field.env}`] !== undefined ? `${asIs}${field.env}` : `${specific}${field.env}`;
    const own = env[ownVar];
    if (own !== undefined) value = parse(ownVar, own, field.kind, field.min, field.max);
    if (explicit[key] !== undefined) value = explicit[key];
    validate(taskDefName, key, value);
    (settings as unknown as Record<string, unknown>)[key] = value;
  }
  return settings;
}
