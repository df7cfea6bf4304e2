// The base every task builder extends: reference name, input, the options every task type shares,
// expressions pointing at the task, and a lossless conversion to and from the server's WorkflowTask.
import { InvalidArgumentError } from "../errors/conductor-error.js";
import { taskInput, taskOutput } from "./expressions.js";
import { asWire } from "./types.js";
import type { CacheConfig, JsonMap, StateChangeEvent, TaskDef, WorkflowTask } from "./types.js";

/** Task timeouts; they live on the task definition, so setting any embeds one in the workflow. */
export interface TaskTimeouts {
  /** Longest the task may take overall (0 = no limit). */
  timeoutSeconds?: number;
  /** Longest a worker may hold the task without reporting back. */
  responseTimeoutSeconds?: number;
  /** Longest the task may wait in the queue before a worker polls it. */
  pollTimeoutSeconds?: number;
  /** Longest the task may take across all retries (0 = no limit). */
  totalTimeoutSeconds?: number;
  /** What happens on timeout (server default TIME_OUT_WF). */
  timeoutPolicy?: NonNullable<TaskDef["timeoutPolicy"]>;
}

/** Task retry behaviour; it lives on the task definition, so setting any embeds one in the workflow. */
export interface TaskRetry {
  retryCount?: number;
  retryLogic?: NonNullable<TaskDef["retryLogic"]>;
  retryDelaySeconds?: number;
  backoffScaleFactor?: number;
  maxRetryDelaySeconds?: number;
  backoffJitterMs?: number;
}

/** Options every task type accepts. */
export interface TaskOptions {
  /** Overrides the task's name (system tasks default it to the reference name). */
  name?: string;
  description?: string;
  /** When true a failure of this task does not fail the workflow. */
  optional?: boolean;
  /** Extra input parameters merged over the ones the builder derives. */
  inputParameters?: JsonMap;
  /** Seconds to wait before the task is scheduled. */
  startDelay?: number;
  /** The task stays IN_PROGRESS until completed from outside (system tasks such as HTTP). */
  asyncComplete?: boolean;
  rateLimited?: boolean;
  permissive?: boolean;
  /** Retry count for this use of the task, overriding the task definition's. */
  retryCount?: number;
  /** Caches the output under `key` (an expression) for `ttlInSecond` seconds. */
  cacheConfig?: { key: string; ttlInSecond: number };
  timeouts?: TaskTimeouts;
  retry?: TaskRetry;
  /** A task definition embedded in the workflow (timeouts/retry above are merged over it). */
  taskDefinition?: TaskDef;
  onStateChange?: Record<string, StateChangeEvent[]>;
}

// Wire fields the base class owns; everything else a subclass does not consume is carried through.
const COMMON_FIELDS = [
  "name",
  "taskReferenceName",
  "type",
  "inputParameters",
  "description",
  "optional",
  "startDelay",
  "asyncComplete",
  "rateLimited",
  "permissive",
  "retryCount",
  "cacheConfig",
  "taskDefinition",
  "onStateChange",
] as const;

// Server-side TaskDef defaults, written out so an embedded definition never surprises
// (e.g. a task silently gaining 3 retries because only a timeout was set).
const TASK_DEF_DEFAULTS = {
  retryCount: 3,
  retryLogic: "FIXED",
  retryDelaySeconds: 60,
  timeoutPolicy: "TIME_OUT_WF",
  timeoutSeconds: 0,
  responseTimeoutSeconds: 3600,
} as const;

/** Deepest nesting of tasks in tasks (switch cases, fork branches, loops, inline sub-workflows). */
export const MAX_TASK_NESTING = 100;

// Tasks being converted right now, outermost first: meeting one again means a task contains itself.
// Conversion is synchronous, so one module-wide stack is safe.
const converting = new Set<BaseTask>();

/** Runs `convert` for `task`, refusing cycles (a task nested in itself) and absurd nesting with a typed error. */
export function guardNesting<T>(task: BaseTask, convert: () => T): T {
  if (converting.has(task)) {
    throw new InvalidArgumentError(
      `task "${task.taskReferenceName}" contains itself (it is nested in its own cases, branches, loop or sub-workflow)`,
      { argument: "tasks" },
    );
  }
  if (converting.size >= MAX_TASK_NESTING) {
    throw new InvalidArgumentError(
      `tasks are nested deeper than ${MAX_TASK_NESTING} levels (at "${task.taskReferenceName}")`,
      { argument: "tasks" },
    );
  }
  converting.add(task);
  try {
    return convert();
  } finally {
    converting.delete(task);
  }
}

/** Whether a wire value is what the builder writes for "nothing": "", [], {}, or an object of such. */
function isEmptyDefault(value: unknown): boolean {
  if (value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object" && value !== null) return Object.values(value).every(isEmptyDefault);
  return false;
}

export interface ChildGroup {
  /** Path of the group relative to its task, e.g. `decisionCases.approved`, `forkTasks[1]`, `loopOver`. */
  path: string;
  tasks: BaseTask[];
}

/**
 * The base of every task builder: reference name, input, shared options, expressions and WorkflowTask JSON.
 *
 * @example
 * ```ts
 * // Every builder extends BaseTask: expressions, input and shared options work the same on all of them.
 * const lookup = new SimpleTask("lookup_user", "lookup", { id: wf.input("userId") })
 *   .withInput("fields", ["email"])
 *   .withOptions({ optional: true, retry: { retryCount: 5, retryDelaySeconds: 10 } });
 * wf.add(lookup, new SimpleTask("send", "send", { to: lookup.output("email") }));
 * ```
 */
export abstract class BaseTask {
  readonly type: string;
  name: string;
  taskReferenceName: string;
  inputParameters: JsonMap;
  options: TaskOptions;
  /** Wire fields this builder does not model, kept so fromWorkflowDef -> toWorkflowDef is lossless. */
  protected passthrough: JsonMap = {};
  /**
   * Wire fields the JSON this task was rebuilt from did not have: while they hold only the builder's
   * empty default they are left out again, so fromWorkflowDef -> toWorkflowDef adds nothing.
   */
  private absentFields: ReadonlySet<string> = new Set();

  protected constructor(
    type: string,
    name: string,
    taskReferenceName: string,
    inputParameters: JsonMap = {},
    options: TaskOptions = {},
  ) {
    this.type = type;
    this.name = options.name ?? name;
    this.taskReferenceName = taskReferenceName;
    this.inputParameters = { ...inputParameters, ...(options.inputParameters ?? {}) };
    const { name: _name, inputParameters: _input, ...rest } = options;
    this.options = rest;
  }

  /**
   * Expression for this task's output, e.g. `task.output('user.id')` -> `${ref.output.user.id}`.
   *
   * @example
   * ```ts
   * task.output("user.id"); // "${ref.output.user.id}"
   * task.output(); // the whole output: "${ref.output}"
   * ```
   */
  output(path?: string): string {
    return taskOutput(this.taskReferenceName, path);
  }

  /**
   * Expression for this task's input, e.g. `task.input('id')` -> `${ref.input.id}`.
   *
   * @example
   * ```ts
   * new SimpleTask("send_email", "email", { to: wf.input("email") }).input("to"); // "${email.input.to}"
   * ```
   */
  input(path?: string): string {
    return taskInput(this.taskReferenceName, path);
  }

  /**
   * Sets one input parameter (chainable).
   *
   * @example
   * ```ts
   * new HttpTask("fetch", "https://example.com").withInput("http_request", { uri: wf.input("url"), method: "GET" });
   * ```
   */
  withInput(key: string, value: unknown): this {
    this.inputParameters[key] = value;
    return this;
  }

  /**
   * Merges options into the existing ones (chainable).
   *
   * @example
   * ```ts
   * new SimpleTask("charge", "charge").withOptions({
   *   description: "Charges the card",
   *   timeouts: { timeoutSeconds: 60, responseTimeoutSeconds: 30 },
   *   retry: { retryCount: 3, retryLogic: "EXPONENTIAL_BACKOFF", retryDelaySeconds: 2 },
   * });
   * ```
   */
  withOptions(options: TaskOptions): this {
    const { name, inputParameters, ...rest } = options;
    if (name !== undefined) this.name = name;
    if (inputParameters !== undefined) Object.assign(this.inputParameters, inputParameters);
    this.options = { ...this.options, ...rest };
    return this;
  }

  /**
   * Tasks nested in this one (switch cases, fork branches, loop body).
   *
   * @example
   * ```ts
   * const nested = (t: BaseTask): BaseTask[] => t.childGroups().flatMap((g) => g.tasks.flatMap((c) => [c, ...nested(c)]));
   * ```
   */
  childGroups(): ChildGroup[] {
    return [];
  }

  /** Fields specific to the task type, added after the common ones. */
  protected typeFields(): JsonMap {
    return {};
  }

  /**
   * The server's WorkflowTask JSON for this task.
   *
   * @example
   * ```ts
   * const wire = new SimpleTask("charge", "charge", { amount: 10 }).toWorkflowTask();
   * // { name: "charge", taskReferenceName: "charge", type: "SIMPLE", inputParameters: { amount: 10 } }
   * ```
   */
  toWorkflowTask(): WorkflowTask {
    return guardNesting(this, () => this.buildWorkflowTask());
  }

  private buildWorkflowTask(): WorkflowTask {
    const o = this.options;
    const wire: JsonMap = {
      ...this.passthrough,
      name: this.name,
      taskReferenceName: this.taskReferenceName,
      type: this.type,
      inputParameters: { ...this.inputParameters },
    };
    setIfDefined(wire, "description", o.description);
    setIfDefined(wire, "optional", o.optional);
    setIfDefined(wire, "startDelay", o.startDelay);
    setIfDefined(wire, "asyncComplete", o.asyncComplete);
    setIfDefined(wire, "rateLimited", o.rateLimited);
    setIfDefined(wire, "permissive", o.permissive);
    setIfDefined(wire, "retryCount", o.retryCount);
    setIfDefined(wire, "cacheConfig", o.cacheConfig ? { ...o.cacheConfig } : undefined);
    setIfDefined(wire, "onStateChange", o.onStateChange);
    setIfDefined(wire, "taskDefinition", this.embeddedTaskDefinition());
    Object.assign(wire, this.typeFields());
    for (const field of this.absentFields) {
      if (field === "type" ? wire.type === "SIMPLE" : isEmptyDefault(wire[field])) delete wire[field];
    }
    return asWire<WorkflowTask>(wire);
  }

  /**
   * `JSON.stringify(task)` gives the WorkflowTask JSON.
   *
   * @example
   * ```ts
   * JSON.stringify(new NoopTask("skip")); // '{"name":"skip","taskReferenceName":"skip","type":"NOOP","inputParameters":{}}'
   * ```
   */
  toJSON(): WorkflowTask {
    return this.toWorkflowTask();
  }

  private embeddedTaskDefinition(): TaskDef | undefined {
    const { timeouts, retry, taskDefinition } = this.options;
    if (timeouts === undefined && retry === undefined) return taskDefinition;
    const def: JsonMap = { ...TASK_DEF_DEFAULTS, name: this.name, ...(taskDefinition ?? {}) };
    for (const [key, value] of Object.entries({ ...(retry ?? {}), ...(timeouts ?? {}) })) {
      if (value !== undefined) def[key] = value;
    }
    // The server rejects responseTimeoutSeconds above a positive timeoutSeconds; keep the default inside it.
    const timeout = Number(def.timeoutSeconds);
    if (
      timeouts?.responseTimeoutSeconds === undefined &&
      taskDefinition?.responseTimeoutSeconds === undefined &&
      timeout > 0
    ) {
      def.responseTimeoutSeconds = Math.min(Number(def.responseTimeoutSeconds), timeout);
    }
    return asWire<TaskDef>(def);
  }

  /**
   * Restores common state from wire JSON after a subclass built itself from it: exact name, input,
   * options, and every field neither the base nor the subclass (`consumed`) models.
   */
  protected restoreFrom(json: WorkflowTask, consumed: readonly string[] = []): this {
    const raw = json as unknown as JsonMap;
    this.name = String(raw.name ?? "");
    this.taskReferenceName = String(raw.taskReferenceName ?? "");
    this.inputParameters = { ...((raw.inputParameters as JsonMap | undefined) ?? {}) };
    const options: TaskOptions = {};
    const copy = <K extends keyof TaskOptions>(key: K) => {
      if (raw[key] !== undefined) options[key] = raw[key] as TaskOptions[K];
    };
    copy("description");
    copy("optional");
    copy("startDelay");
    copy("asyncComplete");
    copy("rateLimited");
    copy("permissive");
    copy("retryCount");
    copy("cacheConfig");
    copy("taskDefinition");
    copy("onStateChange");
    this.options = options;
    const skip = new Set<string>([...COMMON_FIELDS, ...consumed]);
    this.passthrough = {};
    for (const [key, value] of Object.entries(raw)) {
      if (!skip.has(key)) this.passthrough[key] = value;
    }
    // A JSON without, say, inputParameters or decisionCases must not gain empty ones on the way back.
    this.absentFields = new Set([...COMMON_FIELDS, ...consumed].filter((field) => raw[field] === undefined));
    return this;
  }
}

function setIfDefined(target: JsonMap, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

/** Checks that `value` is an array of task builders (for builder methods taking tasks). */
export function requireTasks(value: unknown, argument: string, where: string): BaseTask[] {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError(
      `${where}: ${argument} must be an array of tasks, got ${value === null ? "null" : typeof value}`,
      { argument },
    );
  }
  value.forEach((t, i) => {
    if (!(t instanceof BaseTask)) {
      throw new InvalidArgumentError(
        `${where}: ${argument}[${i}] must be a task (a builder such as SimpleTask), got ${t === null ? "null" : typeof t}`,
        { argument },
      );
    }
  });
  return value as BaseTask[];
}

/** Converts a list of builders to wire tasks. */
export function toWorkflowTasks(tasks: readonly BaseTask[]): WorkflowTask[] {
  return tasks.map((t) => t.toWorkflowTask());
}

/** Reads a wire field a builder expects to be a string, or undefined. */
export function stringField(json: WorkflowTask, key: string): string | undefined {
  const value = (json as unknown as JsonMap)[key];
  return typeof value === "string" ? value : undefined;
}

export type { CacheConfig };
