// What a Node, Bun or Deno program does with the installed package, written once and compiled by tsc twice in
// the consumer project: as scenario.mts (ESM, `import`) and scenario.cts (CommonJS, `require`). The entry points
// come in as arguments, loaded by the caller the way its module format loads them.
// Each check prints `ok <what>`; test/package/node.test.ts and runtimes.test.ts compare the lines.
import type * as Sdk from "@conductor-ts/sdk";
import type * as SdkWorker from "@conductor-ts/sdk/worker";
import type * as SdkTesting from "@conductor-ts/sdk/testing";

export interface ScenarioOptions {
  /** Distinguishes the names this run registers from those of runs in other runtimes. */
  readonly tag: string;
  /** "start": start a real server with LocalConductor; "check": only its typed error for a missing Java. */
  readonly testingKit: "start" | "check";
}

function check(condition: unknown, what: string): void {
  if (!condition) throw new Error(`check failed: ${what}`);
  console.log(`ok ${what}`);
}

export async function runScenario(
  sdk: typeof Sdk,
  worker: typeof SdkWorker,
  testing: typeof SdkTesting,
  options: ScenarioOptions,
): Promise<void> {
  const { tag } = options;
  // One copy of each module, whichever entry point a class comes from.
  check(worker.ConductorError === sdk.ConductorError, "worker entry shares ConductorError with the main entry");
  check(testing.ConductorError === sdk.ConductorError, "testing entry shares ConductorError with the main entry");

  const configuration = new sdk.Configuration(); // CONDUCTOR_SERVER_URL
  const clients = new sdk.ConductorClients(configuration);
  const executor = new sdk.WorkflowExecutor(configuration);

  // Hello world: a worker task from ./worker in a workflow from the main entry.
  const greet = worker.workerTask(`greet_${tag}`, ({ name }: { name: string }) => `Hello ${name}`, {
    registerTaskDef: true,
  });
  const shout = worker.workerTask(`shout_${tag}`, ({ text }: { text: string }) => text.toUpperCase(), {
    registerTaskDef: true,
  });
  const greetTask = greet.task("greet_ref", { name: sdk.workflowInput("name") });
  check(greetTask instanceof sdk.BaseTask, "a worker's task() is a BaseTask of the main entry");
  const hello = new sdk.ConductorWorkflow(executor, `greetings_${tag}`, 1).add(greetTask).timeout(60, "TIME_OUT_WF");
  // Parallel branches built from worker tasks.
  const forked = new sdk.ConductorWorkflow(executor, `forked_${tag}`, 1)
    .add([[greet.task("left_ref", { name: sdk.workflowInput("name") })], [shout.task("right_ref", { text: "hey" })]])
    .outputParameters({ left: "${left_ref.output.result}", right: "${right_ref.output.result}" })
    .timeout(60, "TIME_OUT_WF");
  await hello.register(true);
  await forked.register(true);

  const handler = new worker.TaskHandler({ workers: [greet, shout], configuration });
  await handler.start();
  let helloRun: Awaited<ReturnType<typeof hello.execute>>;
  try {
    helloRun = await hello.execute({ name: "Orkes" }, { waitForSeconds: 30 });
    console.log(`workflow result: ${String(helloRun.output?.["result"])}`);
    const forkRun = await forked.execute({ name: "fork" }, { waitForSeconds: 30 });
    check(
      forkRun.status === "COMPLETED" &&
        forkRun.output?.["left"] === "Hello fork" &&
        forkRun.output?.["right"] === "HEY",
      "fork branches of worker tasks ran",
    );
  } finally {
    await handler.stop();
  }
  const workflowId = String(helloRun.workflowId);

  // Every client of the facade answers one real call.
  const status = await clients.getWorkflowClient().getWorkflowStatus(workflowId);
  check(status.status === "COMPLETED", "WorkflowClient.getWorkflowStatus");
  const tasks = await clients.getTaskClient().getTaskLogs(String(helloRun.tasks?.[0]?.taskId));
  check(Array.isArray(tasks), "TaskClient.getTaskLogs");
  const def = await clients.getMetadataClient().getTaskDef(`greet_${tag}`);
  check(def.name === `greet_${tag}`, "MetadataClient.getTaskDef");
  check(Array.isArray(await clients.getEventClient().getEventHandlers()), "EventClient.getEventHandlers");
  check(Array.isArray(await clients.getSchedulerClient().getAllSchedules()), "SchedulerClient.getAllSchedules");
  check(typeof (await clients.getAdminClient().getAllConfig()) === "object", "AdminClient.getAllConfig");
  check(typeof (await clients.getQueueAdminClient().getQueueSizes()) === "object", "QueueAdminClient.getQueueSizes");
  check((await clients.getHealthClient().isHealthy()) === true, "HealthClient.isHealthy");
  check(Array.isArray(await clients.getEnvironmentClient().getAllVariables()), "EnvironmentClient.getAllVariables");
  check(Array.isArray(await clients.getSecretsClient().listSecretNames()), "SecretsClient.listSecretNames");
  const resources = sdk.createResources(new sdk.Transport(configuration));
  const summary = await resources.workflow.getWorkflowStatusSummary(workflowId);
  check(summary.workflowId === workflowId, "generated WorkflowResource over Transport");

  // A server error arrives as the typed error, recognised through every entry point.
  try {
    await clients.getWorkflowClient().getWorkflow(`no_such_workflow_${tag}`);
    check(false, "reading an unknown workflow fails");
  } catch (error) {
    check(error instanceof sdk.ConductorError && error.status === 404, "a 404 is a ConductorError with its status");
    check(error instanceof worker.ConductorError, "and an instance of the worker entry's ConductorError");
  }

  // The testing kit.
  if (options.testingKit === "start") {
    const server = await testing.LocalConductor.start({ quiet: true });
    try {
      const local = new sdk.ConductorClients(new sdk.Configuration({ serverUrl: server.apiUrl }));
      check(await local.getHealthClient().isHealthy(), "LocalConductor started a healthy server");
    } finally {
      await server.stop();
    }
    check(!server.running, "LocalConductor stopped it");
  } else {
    try {
      await testing.LocalConductor.start({ java: `/nonexistent/java_${tag}`, quiet: true });
      check(false, "LocalConductor.start with a missing Java fails");
    } catch (error) {
      check(
        error instanceof testing.LocalConductorError,
        "LocalConductor reports a missing Java as LocalConductorError",
      );
    }
  }
  console.log("scenario complete");
}
