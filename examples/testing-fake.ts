// Testing level 2: FakeConductor, an in-memory Conductor made of the typed msw handlers. Your worker and a
// start-and-wait call run against it in milliseconds, with no server. It runs SIMPLE tasks only (see
// docs/testing.md for what it models); everything else answers 501.
import { ConductorWorkflow, Configuration, WorkflowExecutor, workflowInput } from "@conductor-ts/sdk";
import { FakeConductor } from "@conductor-ts/sdk/msw";
import { TaskHandler, workerTask } from "@conductor-ts/sdk/worker";
import { setupServer } from "msw/node";

// The code under test: a worker and the workflow that uses it.
const greet = workerTask("greet", ({ name }: { name: string }) => ({ greeting: `Hello ${name}` }));

const fake = new FakeConductor({ baseUrl: "http://conductor.test" });
const server = setupServer(...fake.handlers);
server.listen({ onUnhandledRequest: "error" });

const configuration = new Configuration({ serverUrl: "http://conductor.test/api" });
const executor = new WorkflowExecutor(configuration);
const workflow = new ConductorWorkflow(executor, "greetings", 1)
  .add(greet.task("greet_ref", { name: workflowInput("name") }))
  .outputParameters({ message: "${greet_ref.output.greeting}" });
const handler = new TaskHandler({ workers: [greet], configuration });
try {
  await workflow.register({ overwrite: true });
  await handler.start();
  const started = performance.now();
  const run = await workflow.execute({ name: "Ada" }, { waitForSeconds: 5 });
  console.log(`${run.status}: ${String(run.output?.["message"])}`);
  console.log(
    `tasks the fake ran: ${fake
      .workflows()[0]!
      .tasks!.map((t) => `${t.referenceTaskName}=${t.status}`)
      .join(", ")}`,
  );
  console.log(`took under a second: ${performance.now() - started < 1000}`);
} finally {
  await handler.stop();
  server.close();
}
