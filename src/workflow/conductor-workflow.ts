// Workflows as code: a chainable builder producing the server's WorkflowDef, plus register/start/execute.
import type { ReturnStrategy, RunResultFor, SignalResult, WorkflowRunResult } from "../clients/run-result.js";
import type { ExecuteWorkflowOptions } from "../clients/workflow-client.js";
import type { WorkflowExecutorPort } from "./executor-port.js";
import { type FieldPath, workflowAttribute, workflowInput, workflowVariable } from "./expressions.js";
import { InvalidArgumentError } from "../errors/conductor-error.js";
import { definitionShapeProblems, describeType } from "./definition-shape.js";
import { taskFromJson } from "./from-json.js";
import { BaseTask, MAX_TASK_NESTING, toWorkflowTasks } from "./task.js";
import { ForkTask } from "./tasks/fork-task.js";
import type { InlineWorkflow } from "./tasks/sub-workflow-task.js";
import { asWire } from "./types.js";
import type { JsonMap, StartWorkflowRequest, TaskMock, Workflow, WorkflowDef, WorkflowTestRequest } from "./types.js";
import { validateWorkflowDef, WorkflowValidationError, type ValidationProblem } from "./validation.js";

export type TimeoutPolicy = "TIME_OUT_WF" | "ALERT_ONLY";

/** What `add` accepts: tasks, or an array of branches (arrays of tasks) that becomes FORK_JOIN + JOIN. */
export type WorkflowStep = BaseTask | BaseTask[][];

export interface StartOptions {
  correlationId?: string;
  priority?: number;
  taskToDomain?: Record<string, string>;
  idempotencyKey?: string;
  idempotencyStrategy?: StartWorkflowRequest["idempotencyStrategy"];
  createdBy?: string;
  /** Start the registered definition instead of sending this one inline (default false). */
  useRegisteredDefinition?: boolean;
}

export interface ExecuteOptions<S extends ReturnStrategy = ReturnStrategy> extends StartOptions {
  /** Also answer once a task with one of these reference names has ended (see `execute`). */
  waitUntilTaskRef?: string | readonly string[];
  /** Which state the answer describes (server default TARGET_WORKFLOW); see `execute`. */
  returnStrategy?: S;
  /** Seconds the server waits before answering with the current state (server default 10). */
  waitForSeconds?: number;
  requestId?: string;
}

export interface TestOptions {
  /** Outputs (and statuses) to use for tasks by reference name, one entry per attempt. */
  mocks?: Record<string, TaskMock[] | TaskMock>;
  /** Test requests for sub-workflows, by sub-workflow task reference name. */
  subWorkflowTestRequest?: Record<string, WorkflowTestRequest>;
  correlationId?: string;
}

// Workflow-level fields the builder models; the rest of a definition is carried through untouched.
const MODELLED = [
  "name",
  "version",
  "description",
  "tasks",
  "inputParameters",
  "inputTemplate",
  "outputParameters",
  "variables",
  "timeoutPolicy",
  "timeoutSeconds",
  "failureWorkflow",
  "restartable",
  "ownerEmail",
  "workflowStatusListenerEnabled",
  "workflowStatusListenerSink",
  "schemaVersion",
] as const;

/** Values (usually `${...}` expressions) for each field of a typed workflow output. */
export type OutputMapping<Output> = string extends keyof Output ? JsonMap : { [K in keyof Output]-?: unknown };

/**
 * A workflow built in code. `Input` and `Output` (default untyped) check `input("field")` and
 * `output("field")` paths, the input given to `start`/`execute`, the output mapping and the
 * output of the run `execute` answers with.
 *
 * @example
 * const wf = new ConductorWorkflow<{ orderId: string }, { total: number }>(executor, "order", 1);
 * const price = new SimpleTask<{ total: number }>("price", "price_ref", { id: wf.input("orderId") });
 * wf.add(price).outputParameters({ total: price.output("total") });
 * const run = await wf.execute({ orderId: "o-1" });
 * run.output?.total; // number | undefined
 */
export class ConductorWorkflow<
  Input extends object = Record<string, unknown>,
  Output extends object = Record<string, unknown>,
> implements InlineWorkflow {
  readonly executor: WorkflowExecutorPort | undefined;
  name: string;
  version: number | undefined;
  private _description: string | undefined;
  private readonly _tasks: BaseTask[] = [];
  private _inputParameters: string[] | undefined;
  private _inputTemplate: JsonMap | undefined;
  private _outputParameters: JsonMap | undefined;
  private _variables: JsonMap | undefined;
  private _timeoutPolicy: TimeoutPolicy | undefined;
  private _timeoutSeconds: number | undefined = 0;
  private _failureWorkflow: string | undefined;
  private _restartable: boolean | undefined;
  private _ownerEmail: string | undefined;
  private _statusListenerEnabled: boolean | undefined;
  private _statusListenerSink: string | undefined;
  private _schemaVersion: number | undefined = 2;
  /** WorkflowDef fields the builder does not model (rate limits, schemas, metadata, ...). */
  private _extra: JsonMap = {};
  private forkCount = 0;
  /** Set when rebuilt from a definition without a version, so none is added on the way back. */
  private versionless = false;
  /** Set when rebuilt from a definition without a name or tasks: left out again while still empty. */
  private nameless = false;
  private taskless = false;

  constructor(executor: WorkflowExecutorPort | undefined, name: string, version?: number, description?: string) {
    this.executor = executor;
    this.name = name;
    this.version = version;
    this._description = description;
  }

  // ---- tasks -------------------------------------------------------------------------------------

  /**
   * Appends tasks in order (chainable). An array of arrays is a parallel step: it becomes a FORK_JOIN
   * with one branch per inner array, followed by a JOIN on the last task of every branch.
   *
   * @example
   * wf.add(new SimpleTask("reserve", "reserve_ref"), [
   *   [new SimpleTask("email", "email_ref")],
   *   [new SimpleTask("sms", "sms_ref")],
   * ]); // reserve_ref, then FORK_JOIN "fork_1" (two branches) and JOIN "fork_1_join"
   */
  add(...steps: WorkflowStep[]): this {
    for (const step of steps) {
      if (step instanceof BaseTask) {
        this._tasks.push(step);
      } else if (Array.isArray(step)) {
        if (!step.every((branch) => Array.isArray(branch) && branch.every((t) => t instanceof BaseTask))) {
          throw new InvalidArgumentError(
            `ConductorWorkflow "${this.name}".add: a parallel step must be an array of arrays of tasks`,
            { argument: "steps" },
          );
        }
        const ref = this.nextForkRef();
        const fork = new ForkTask(ref, step);
        this._tasks.push(fork, fork.join());
      } else {
        throw new InvalidArgumentError(
          `ConductorWorkflow "${this.name}".add: expected a task or an array of branches, got ${describeType(step)}`,
          { argument: "steps" },
        );
      }
    }
    return this;
  }

  /** The top-level tasks, in order. */
  get tasks(): readonly BaseTask[] {
    return this._tasks;
  }

  private nextForkRef(): string {
    const used = new Set(this.allTasks().map((t) => t.taskReferenceName));
    let ref: string;
    do {
      this.forkCount += 1;
      ref = `fork_${this.forkCount}`;
    } while (used.has(ref) || used.has(`${ref}_join`));
    return ref;
  }

  /**
   * Every task, nested ones included (depth first).
   *
   * @example
   * const refs = wf.allTasks().map((t) => t.taskReferenceName); // fork branches, switch cases and loop bodies too
   */
  allTasks(): BaseTask[] {
    const out: BaseTask[] = [];
    const path: BaseTask[] = [];
    const walk = (tasks: readonly BaseTask[]) => {
      for (const t of tasks) {
        if (path.includes(t)) {
          throw new InvalidArgumentError(
            `task "${t.taskReferenceName}" contains itself (it is nested in its own cases, branches or loop)`,
            { argument: "tasks" },
          );
        }
        if (path.length >= MAX_TASK_NESTING) {
          throw new InvalidArgumentError(
            `tasks are nested deeper than ${MAX_TASK_NESTING} levels (at "${t.taskReferenceName}")`,
            { argument: "tasks" },
          );
        }
        out.push(t);
        path.push(t);
        for (const group of t.childGroups()) walk(group.tasks);
        path.pop();
      }
    };
    walk(this._tasks);
    return out;
  }

  // ---- expressions --------------------------------------------------------------------------------

  /**
   * `${workflow.input.path}`; the path is checked against `Input`.
   *
   * @example
   * new SimpleTask("lookup", "lookup_ref", { id: wf.input("orderId") }); // id: "${workflow.input.orderId}"
   */
  input(path?: FieldPath<Input>): string {
    return workflowInput(path);
  }

  /**
   * `${workflow.variables.path}`
   *
   * @example
   * new SimpleTask("notify", "notify_ref", { attempt: wf.variable("attempt") }); // "${workflow.variables.attempt}"
   */
  variable(path?: string): string {
    return workflowVariable(path);
  }

  /**
   * `${workflow.<path>}`, e.g. `attribute('workflowId')`.
   *
   * @example
   * new SimpleTask("audit", "audit_ref", { runId: wf.attribute("workflowId") }); // "${workflow.workflowId}"
   */
  attribute(path: string): string {
    return workflowAttribute(path);
  }

  /**
   * `${workflow.output.path}`; the path is checked against `Output`.
   *
   * @example
   * wf.output("total"); // "${workflow.output.total}"
   */
  output(path?: FieldPath<Output>): string {
    return workflowAttribute(path === undefined || path === "" ? "output" : `output.${path}`);
  }

  // ---- definition fields (chainable setters) -------------------------------------------------------

  /**
   * Sets the description (chainable).
   *
   * @example
   * wf.description("Prices, charges and ships an order");
   */
  description(description: string): this {
    this._description = description;
    return this;
  }

  /**
   * Sets the version (chainable).
   *
   * @example
   * await wf.withVersion(2).register(); // registers version 2; start/execute then run version 2
   */
  withVersion(version: number): this {
    this.version = version;
    return this;
  }

  /**
   * The workflow's output: a map of names to values or expressions.
   *
   * @example
   * const price = new SimpleTask<{ total: number }>("price", "price_ref", { id: wf.input("orderId") });
   * wf.add(price).outputParameters({ total: price.output("total") });
   */
  outputParameters(output: OutputMapping<Output>): this {
    this._outputParameters = { ...output };
    return this;
  }

  /**
   * Adds one output parameter.
   *
   * @example
   * wf.outputParameter("total", price.output("total"));
   */
  outputParameter(key: keyof Output & string, value: unknown): this {
    this._outputParameters = { ...(this._outputParameters ?? {}), [key]: value };
    return this;
  }

  /**
   * Names of the inputs the workflow expects (documentation for UIs; not enforced by the server).
   *
   * @example
   * wf.inputParameters(["orderId", "customerId"]);
   */
  inputParameters(names: string[]): this {
    this._inputParameters = [...names];
    return this;
  }

  /**
   * Default input values, merged under the input a run is started with.
   *
   * @example
   * wf.inputTemplate({ currency: "EUR" }); // a run started without `currency` gets "EUR"
   */
  inputTemplate(template: JsonMap): this {
    this._inputTemplate = { ...template };
    return this;
  }

  /**
   * Initial workflow variables.
   *
   * @example
   * wf.variables({ attempt: 0 }); // read with wf.variable("attempt"), changed by a SetVariableTask
   */
  variables(variables: JsonMap): this {
    this._variables = { ...variables };
    return this;
  }

  /**
   * Fails (TIME_OUT_WF) or only flags (ALERT_ONLY) runs taking longer than `seconds` (0 = no limit).
   *
   * @example
   * wf.timeout(3600); // fail runs still going after an hour
   * wf.timeout(600, "ALERT_ONLY"); // only flag runs longer than ten minutes
   */
  timeout(seconds: number, policy: TimeoutPolicy = "TIME_OUT_WF"): this {
    this._timeoutSeconds = seconds;
    this._timeoutPolicy = policy;
    return this;
  }

  /**
   * Sets the run time limit in seconds (0 = no limit); `timeoutPolicy` says what happens then.
   *
   * @example
   * wf.timeoutSeconds(600).timeoutPolicy("TIME_OUT_WF");
   */
  timeoutSeconds(seconds: number): this {
    this._timeoutSeconds = seconds;
    return this;
  }

  /**
   * Sets what a run past `timeoutSeconds` does: fail (TIME_OUT_WF) or only get flagged (ALERT_ONLY).
   *
   * @example
   * wf.timeoutSeconds(600).timeoutPolicy("ALERT_ONLY");
   */
  timeoutPolicy(policy: TimeoutPolicy): this {
    this._timeoutPolicy = policy;
    return this;
  }

  /**
   * Workflow started (with the failed run's details as input) when a run fails.
   *
   * @example
   * wf.failureWorkflow("order_cleanup"); // a registered workflow that undoes what the failed run did
   */
  failureWorkflow(name: string): this {
    this._failureWorkflow = name;
    return this;
  }

  /**
   * Whether a completed run may be restarted (server default true).
   *
   * @example
   * wf.restartable(false); // the server refuses to restart a COMPLETED run of this workflow
   */
  restartable(restartable: boolean): this {
    this._restartable = restartable;
    return this;
  }

  /**
   * Sets the owner's email (chainable).
   *
   * @example
   * wf.ownerEmail("orders-team@example.com");
   */
  ownerEmail(email: string): this {
    this._ownerEmail = email;
    return this;
  }

  /**
   * Publishes run status changes to the server's workflow status listener (optionally to `sink`).
   *
   * @example
   * wf.workflowStatusListener(true); // status changes go to the listener the server is configured with
   */
  workflowStatusListener(enabled: boolean, sink?: string): this {
    this._statusListenerEnabled = enabled;
    this._statusListenerSink = sink;
    return this;
  }

  /**
   * Sets any other WorkflowDef field (rateLimitConfig, inputSchema, metadata, maskedFields, ...).
   *
   * @example
   * wf.set("rateLimitConfig", { rateLimitKey: "${workflow.input.customerId}", concurrentExecLimit: 1 });
   * wf.set("maskedFields", ["cardNumber"]);
   */
  set<K extends keyof WorkflowDef>(field: K, value: WorkflowDef[K]): this {
    if ((MODELLED as readonly string[]).includes(field)) {
      throw new InvalidArgumentError(`ConductorWorkflow.set: "${String(field)}" has its own setter`, {
        argument: "field",
      });
    }
    this._extra[field] = value;
    return this;
  }

  // ---- conversion -----------------------------------------------------------------------------------

  /**
   * The server's WorkflowDef JSON for this workflow (version defaults to 1).
   *
   * @example
   * const def = wf.toWorkflowDef(); // { name: "order", version: 1, tasks: [...], schemaVersion: 2, ... }
   * await conductor.metadata.registerWorkflowDef(def, { overwrite: true });
   */
  toWorkflowDef(): WorkflowDef {
    const def: JsonMap = { ...this._extra };
    if (this.name !== "" || !this.nameless) def.name = this.name;
    if (this._tasks.length > 0 || !this.taskless) def.tasks = toWorkflowTasks(this._tasks);
    if (this.version !== undefined || !this.versionless) def.version = this.version ?? 1;
    const put = (key: string, value: unknown) => {
      if (value !== undefined) def[key] = value;
    };
    put("description", this._description);
    put("inputParameters", this._inputParameters ? [...this._inputParameters] : undefined);
    put("inputTemplate", this._inputTemplate ? { ...this._inputTemplate } : undefined);
    put("outputParameters", this._outputParameters ? { ...this._outputParameters } : undefined);
    put("variables", this._variables ? { ...this._variables } : undefined);
    put("timeoutPolicy", this._timeoutPolicy);
    put("timeoutSeconds", this._timeoutSeconds);
    put("failureWorkflow", this._failureWorkflow);
    put("restartable", this._restartable);
    put("ownerEmail", this._ownerEmail);
    put("workflowStatusListenerEnabled", this._statusListenerEnabled);
    put("workflowStatusListenerSink", this._statusListenerSink);
    put("schemaVersion", this._schemaVersion);
    return asWire<WorkflowDef>(def);
  }

  /**
   * `JSON.stringify(workflow)` gives the WorkflowDef JSON.
   *
   * @example
   * const json = JSON.stringify(wf, null, 2); // the WorkflowDef JSON, as toWorkflowDef() gives it
   */
  toJSON(): WorkflowDef {
    return this.toWorkflowDef();
  }

  /**
   * Rebuilds a builder (with builder objects for every task) from a definition, losslessly:
   * `toWorkflowDef()` gives the same JSON back. A definition of the wrong shape (a field of the
   * wrong type, a cycle, absurd nesting, not an object at all) throws WorkflowValidationError
   * naming each bad field, e.g. `tasks[2].loopCondition: expected a string, got number`.
   *
   * @example
   * const registered = ConductorWorkflow.fromWorkflowDef(await conductor.metadata.getWorkflowDef("order"), executor);
   * await registered.add(new SimpleTask("audit", "audit_ref")).withVersion(2).register();
   */
  static fromWorkflowDef(def: WorkflowDef, executor?: WorkflowExecutorPort): ConductorWorkflow {
    const problems = definitionShapeProblems(def);
    if (problems.length > 0) {
      const name =
        typeof (def as { name?: unknown } | null)?.name === "string" ? (def as { name: string }).name : "(unnamed)";
      throw new WorkflowValidationError({ workflowName: name, problems });
    }
    return ConductorWorkflow.fromCheckedDef(def, executor);
  }

  private static fromCheckedDef(def: WorkflowDef, executor: WorkflowExecutorPort | undefined): ConductorWorkflow {
    const raw = def as unknown as JsonMap;
    const wf = new ConductorWorkflow(executor, def.name ?? "", def.version, def.description);
    const parseWorkflow = (inner: WorkflowDef) => ConductorWorkflow.fromCheckedDef(inner, executor);
    for (const t of def.tasks ?? []) wf._tasks.push(taskFromJson(t, parseWorkflow));
    wf._inputParameters = def.inputParameters ? [...def.inputParameters] : undefined;
    wf._inputTemplate = raw.inputTemplate as JsonMap | undefined;
    wf._outputParameters = raw.outputParameters as JsonMap | undefined;
    wf._variables = raw.variables as JsonMap | undefined;
    wf._timeoutPolicy = def.timeoutPolicy;
    wf._timeoutSeconds = def.timeoutSeconds;
    wf._failureWorkflow = def.failureWorkflow;
    wf._restartable = def.restartable;
    wf._ownerEmail = def.ownerEmail;
    wf._statusListenerEnabled = def.workflowStatusListenerEnabled;
    wf._statusListenerSink = def.workflowStatusListenerSink;
    wf._schemaVersion = def.schemaVersion;
    // Keep the original's version presence: a definition without one must not gain version 1.
    if (def.version === undefined) wf.versionless = true;
    if (def.name === undefined) wf.nameless = true;
    if (def.tasks === undefined) wf.taskless = true;
    for (const [key, value] of Object.entries(raw)) {
      if (!(MODELLED as readonly string[]).includes(key)) wf._extra[key] = value;
    }
    return wf;
  }

  // ---- validation & server calls ------------------------------------------------------------------------

  /**
   * Every problem the client can see in this workflow (empty when it looks runnable).
   *
   * @example
   * for (const problem of wf.validate()) console.warn(`${problem.path}: ${problem.message}`);
   */
  validate(): ValidationProblem[] {
    return validateWorkflowDef(this.toWorkflowDef());
  }

  /**
   * Throws WorkflowValidationError listing every problem, if any.
   *
   * @example
   * try {
   *   wf.assertValid();
   * } catch (error) {
   *   if (error instanceof WorkflowValidationError) console.error(error.problems); // every problem, with its path
   *   else throw error;
   * }
   */
  assertValid(): this {
    const problems = this.validate();
    if (problems.length > 0) throw new WorkflowValidationError({ workflowName: this.name, problems });
    return this;
  }

  private requireExecutor(action: string): WorkflowExecutorPort {
    if (this.executor === undefined) {
      throw new InvalidArgumentError(
        `ConductorWorkflow "${this.name}".${action}: no executor was given to the constructor`,
        { argument: "executor" },
      );
    }
    return this.executor;
  }

  /**
   * Validates, then registers the definition (`overwrite` replaces an existing version; without it
   * the server answers 409 for a version it has, thrown as ConflictError).
   *
   * @example
   * await wf.register({ overwrite: true });
   */
  async register({ overwrite = false }: { overwrite?: boolean } = {}): Promise<void> {
    this.assertValid();
    const executor = this.requireExecutor("register");
    await executor.registerWorkflow(this.toWorkflowDef(), { overwrite });
  }

  private startRequest(input: JsonMap, options: StartOptions): StartWorkflowRequest {
    const { useRegisteredDefinition = false, ...rest } = options;
    const request: JsonMap = { name: this.name, version: this.version ?? 1, input };
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) request[key] = value;
    if (!useRegisteredDefinition) request.workflowDef = this.toWorkflowDef();
    return asWire<StartWorkflowRequest>(request);
  }

  /**
   * Validates, then starts a run and resolves to its id. The definition is sent inline, so the
   * workflow does not need to be registered (pass `useRegisteredDefinition` to run the registered one).
   *
   * @example
   * const workflowId = await wf.start({ orderId: "o-1" }, { correlationId: "order-o-1" });
   */
  async start(input: Input = {} as Input, options: StartOptions = {}): Promise<string> {
    this.assertValid();
    const executor = this.requireExecutor("start");
    return executor.startWorkflow(this.startRequest(input as JsonMap, options));
  }

  /**
   * Validates, then runs on the server and waits until the run ends or blocks, or `waitForSeconds`
   * (server default 10) pass. Blocking (conductor-oss v3.32.1): a WAIT task without duration waits,
   * or a task named in `waitUntilTaskRef` has ended, here or in a running sub-workflow; a SIMPLE task
   * waiting for a worker does not block. By `returnStrategy` the answer is the started workflow's run
   * (`TARGET_WORKFLOW`, default; `output` typed as `Output`), the blocking (sub-)workflow's run
   * (`BLOCKING_WORKFLOW`), or the blocking task's run (`BLOCKING_TASK`, `BLOCKING_TASK_INPUT`),
   * discriminated on `responseType`. With a task strategy and nothing blocking the server answers
   * HTTP 500. Details: WorkflowClient.executeWorkflow.
   *
   * @example
   * const task = await wf.execute({ orderId: "o-1" }, { returnStrategy: "BLOCKING_TASK" });
   * task.referenceTaskName; // the WAIT the run stopped at
   */
  // The strategy-less overload comes last so `ReturnType<typeof wf.execute>` is the plain run.
  execute<S extends ReturnStrategy>(
    input: Input,
    options: ExecuteOptions<S> & { returnStrategy: S },
  ): Promise<RunResultFor<S, Output>>;
  execute(
    input?: Input,
    options?: ExecuteOptions<"TARGET_WORKFLOW">,
  ): Promise<WorkflowRunResult<"TARGET_WORKFLOW", Output>>;
  async execute(input: Input = {} as Input, options: ExecuteOptions = {}): Promise<SignalResult<Output>> {
    this.assertValid();
    const executor = this.requireExecutor("execute");
    const { waitUntilTaskRef, waitForSeconds, requestId, returnStrategy, ...start } = options;
    const execution: ExecuteWorkflowOptions = {};
    if (waitUntilTaskRef !== undefined) execution.waitUntilTaskRef = waitUntilTaskRef;
    if (waitForSeconds !== undefined) execution.waitForSeconds = waitForSeconds;
    if (requestId !== undefined) execution.requestId = requestId;
    if (returnStrategy !== undefined) execution.returnStrategy = returnStrategy;
    // The executor answers with the member returnStrategy selects (WorkflowClient checks it).
    return (await executor.executeWorkflow(
      this.startRequest(input as JsonMap, start),
      execution,
    )) as SignalResult<Output>;
  }

  /**
   * Validates, then runs the workflow in the server's test mode with mocked task outputs.
   *
   * Mock worker (SIMPLE) tasks and operators. An asynchronous system task (HTTP, EVENT, the LLM
   * tasks) is also run by the server's own system-task worker as soon as it is scheduled, and
   * Conductor's AsyncSystemTaskExecutor writes the task back as SCHEDULED when it starts it, which
   * can undo the mock: the run then stops RUNNING at that task (seen with OSS 3.32.1).
   *
   * @example
   * const run = await wf.test({ orderId: "o-1" }, { mocks: { charge: { status: "COMPLETED", output: { ok: true } } } });
   */
  async test(input: JsonMap = {}, options: TestOptions = {}): Promise<Workflow> {
    this.assertValid();
    const executor = this.requireExecutor("test");
    const request: JsonMap = { name: this.name, version: this.version ?? 1, input, workflowDef: this.toWorkflowDef() };
    if (options.mocks) {
      request.taskRefToMockOutput = Object.fromEntries(
        Object.entries(options.mocks).map(([ref, m]) => [ref, Array.isArray(m) ? m : [m]]),
      );
    }
    if (options.subWorkflowTestRequest) request.subWorkflowTestRequest = options.subWorkflowTestRequest;
    if (options.correlationId) request.correlationId = options.correlationId;
    return executor.testWorkflow(asWire<WorkflowTestRequest>(request));
  }
}
