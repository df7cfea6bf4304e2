// One scenario, two servers: test/unit/msw/fake-scenario.test.ts runs it against FakeConductor (msw, in
// process) and test/integration/fake-scenario.test.ts against the real server. Both compare what it observed
// with the same `expectedObservation`, so the fake answers the common flows as the server does. Ids, times and
// the run's random name suffix are normalized away; everything else a user's test could look at is compared.
import {
  ConductorError,
  ConductorWorkflow,
  type Configuration,
  WorkflowExecutor,
  workflowInput,
} from "@conductor-ts/sdk";
import { NonRetryableError, TaskHandler, workerTask } from "@conductor-ts/sdk/worker";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Replaces ids with <id> and the run's suffix with <s>, deeply. */
function normalize(value: unknown, suffix: string): unknown {
  if (typeof value === "string") return value.replace(UUID, "<id>").replaceAll(suffix, "<s>");
  if (Array.isArray(value)) return value.map((v) => normalize(v, suffix));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v, suffix)]));
  }
  return value;
}

/** Waits for a condition with a short, bounded re-check (the fake answers in microseconds, the server in ms). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, Math.min(5 * 2 ** attempt, 100)));
  }
}

async function errorOf(call: () => Promise<unknown>): Promise<{ status: number; message: string } | string> {
  try {
    await call();
    return "no error";
  } catch (error) {
    if (error instanceof ConductorError)
      return { status: error.status ?? -1, message: error.serverMessage ?? error.message };
    return `not a ConductorError: ${String(error)}`;
  }
}

const pickTask = (t: {
  referenceTaskName: string;
  taskType: string;
  status: string;
  retryCount?: number;
  seq?: number;
  inputData?: unknown;
  outputData?: unknown;
  reasonForIncompletion?: string;
}) => ({
  referenceTaskName: t.referenceTaskName,
  taskType: t.taskType,
  status: t.status,
  retryCount: t.retryCount,
  seq: t.seq,
  inputData: t.inputData,
  outputData: t.outputData,
  ...(t.reasonForIncompletion ? { reasonForIncompletion: t.reasonForIncompletion } : {}),
});

/** Runs the scenario against the server `configuration` points at; resolves to what it observed, normalized. */
export async function runWorkflowScenario(configuration: Configuration, suffix: string) {
  const executor = new WorkflowExecutor(configuration);
  const greet = workerTask(`scenario_greet_${suffix}`, ({ name }: { name: string }) => ({ greeting: `Hello ${name}` }));
  const shout = workerTask(`scenario_shout_${suffix}`, ({ text }: { text: string }) => ({ loud: text.toUpperCase() }));
  const refuse = workerTask(`scenario_refuse_${suffix}`, ({ name }: { name: string }) => {
    throw new NonRetryableError(`no greeting for ${name}`);
  });
  await executor.metadataClient.registerTaskDefs(
    [greet, shout, refuse].map((w) => ({
      name: w.taskDefName,
      retryCount: 0,
      timeoutSeconds: 0,
      ownerEmail: "sdk-tests@example.com",
      responseTimeoutSeconds: 60,
    })),
  );
  const hello = new ConductorWorkflow(executor, `scenario_hello_${suffix}`, 1)
    .ownerEmail("sdk-tests@example.com")
    .add(greet.task("greet_ref", { name: workflowInput("name") }))
    .add(shout.task("shout_ref", { text: "${greet_ref.output.greeting}" }))
    .outputParameters({ loud: "${shout_ref.output.loud}", who: "${workflow.input.name}" });
  const failing = new ConductorWorkflow(executor, `scenario_refused_${suffix}`, 1)
    .ownerEmail("sdk-tests@example.com")
    .add(refuse.task("refuse_ref", { name: workflowInput("name") }))
    .outputParameters({ greeting: "${refuse_ref.output.greeting}" });
  await hello.register({ overwrite: true });
  await failing.register({ overwrite: true });

  const handler = new TaskHandler({ workers: [greet, shout, refuse], configuration });
  await handler.start();
  try {
    // Start-and-wait on the server.
    const executed = await hello.execute({ name: "Ada" }, { waitForSeconds: 20 });
    // Start the registered definition, then read it back until it is done.
    const id = await executor.startWorkflow({ name: hello.name, version: 1, input: { name: "Bob" } });
    const done = await until(
      () => executor.getWorkflowStatus(id, { includeOutput: true }),
      (s) => s.status !== "RUNNING",
      "the started workflow",
    );
    const workflow = await executor.getWorkflow(id);
    const failedId = await executor.startWorkflow({ name: failing.name, version: 1, input: { name: "Eve" } });
    const failed = await until(
      () => executor.getWorkflow(failedId),
      (w) => w.status !== "RUNNING",
      "the failing workflow",
    );
    const definition = await executor.metadataClient.getWorkflowDef(hello.name, { version: 1 });
    return normalize(
      {
        executed: { status: executed.status, output: executed.output },
        status: done,
        workflow: {
          workflowName: workflow.workflowName,
          workflowVersion: workflow.workflowVersion,
          status: workflow.status,
          input: workflow.input,
          output: workflow.output,
          tasks: (workflow.tasks ?? []).map(pickTask),
        },
        failed: {
          status: failed.status,
          output: failed.output,
          reasonForIncompletion: failed.reasonForIncompletion,
          failedReferenceTaskNames: failed.failedReferenceTaskNames,
          tasks: (failed.tasks ?? []).map(pickTask),
        },
        definition: { name: definition.name, version: definition.version, tasks: definition.tasks.length },
        unknownWorkflow: await errorOf(() => executor.getWorkflowStatus(`no-such-${suffix}`)),
        unknownDefinition: await errorOf(() =>
          executor.startWorkflow({ name: `scenario_missing_${suffix}`, input: {} }),
        ),
        duplicateDefinition: await errorOf(() => executor.registerWorkflow(hello.toWorkflowDef())),
      },
      suffix,
    );
  } finally {
    await handler.stop();
  }
}

/** What both servers must give. */
export const expectedObservation = {
  executed: { status: "COMPLETED", output: { loud: "HELLO ADA", who: "Ada" } },
  status: { workflowId: "<id>", status: "COMPLETED", output: { loud: "HELLO BOB", who: "Bob" } },
  workflow: {
    workflowName: "scenario_hello_<s>",
    workflowVersion: 1,
    status: "COMPLETED",
    input: { name: "Bob" },
    output: { loud: "HELLO BOB", who: "Bob" },
    tasks: [
      {
        referenceTaskName: "greet_ref",
        taskType: "scenario_greet_<s>",
        status: "COMPLETED",
        retryCount: 0,
        seq: 1,
        inputData: { name: "Bob" },
        outputData: { greeting: "Hello Bob" },
      },
      {
        referenceTaskName: "shout_ref",
        taskType: "scenario_shout_<s>",
        status: "COMPLETED",
        retryCount: 0,
        seq: 2,
        inputData: { text: "Hello Bob" },
        outputData: { loud: "HELLO BOB" },
      },
    ],
  },
  failed: {
    status: "FAILED",
    output: { greeting: null },
    reasonForIncompletion: "Task <id> failed with status: FAILED and reason: 'no greeting for Eve'",
    failedReferenceTaskNames: ["refuse_ref"],
    tasks: [
      {
        referenceTaskName: "refuse_ref",
        taskType: "scenario_refuse_<s>",
        status: "FAILED_WITH_TERMINAL_ERROR",
        retryCount: 0,
        seq: 1,
        inputData: { name: "Eve" },
        outputData: {},
        reasonForIncompletion: "no greeting for Eve",
      },
    ],
  },
  definition: { name: "scenario_hello_<s>", version: 1, tasks: 2 },
  unknownWorkflow: { status: 404, message: "No such workflow found by id: no-such-<s>" },
  unknownDefinition: { status: 404, message: "No such workflow defined. name=scenario_missing_<s>, version=null" },
  duplicateDefinition: { status: 409, message: "Workflow with scenario_hello_<s>.1 already exists!" },
};
