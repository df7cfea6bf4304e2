// Testing level 4: LocalConductor, the real server on loopback (JDK 21+, the jar from Maven). Everything the
// server does is real: use it for what the fake does not model (system tasks, timeouts, search, ...).
//
//   npx tsx examples/testing-local-conductor.ts   # starts a server; with CONDUCTOR_SERVER_URL set, uses that one
import { ConductorWorkflow, Configuration, InlineTask, WorkflowExecutor, workflowInput } from "@conductor-ts/sdk";
import { LocalConductor } from "@conductor-ts/sdk/testing";
import { TaskHandler, workerTask } from "@conductor-ts/sdk/worker";

const greet = workerTask("local_greet", ({ name }: { name: string }) => ({ greeting: `Hello ${name}` }), {
  registerTaskDef: true,
});

const server = process.env.CONDUCTOR_SERVER_URL ? undefined : await LocalConductor.start({ quiet: true });
const configuration = new Configuration(server ? { serverUrl: server.apiUrl } : {});
const executor = new WorkflowExecutor(configuration);
const length = new InlineTask("length_ref", "$.text.length", { text: "${greet_ref.output.greeting}" });
const workflow = new ConductorWorkflow(executor, "local_greetings", 1)
  .add(greet.task("greet_ref", { name: workflowInput("name") }), length)
  .outputParameters({ message: "${greet_ref.output.greeting}", length: "${length_ref.output.result}" });
const handler = new TaskHandler({ workers: [greet], configuration });
try {
  await workflow.register({ overwrite: true });
  await handler.start();
  const run = await workflow.execute({ name: "Ada" }, { waitForSeconds: 30 });
  console.log(`${run.status}: ${String(run.output?.["message"])} (${String(run.output?.["length"])} characters)`);
} finally {
  await handler.stop();
  await server?.stop();
}
