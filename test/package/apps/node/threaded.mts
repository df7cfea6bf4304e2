// A worker whose function runs in a pool of worker threads, in its own module: the threads import this file
// to find the worker. Run as a program, it executes a one-task workflow and prints the result.
import { Configuration, ConductorWorkflow, WorkflowExecutor } from "@conductor-ts/sdk";
import { TaskHandler, workerTask } from "@conductor-ts/sdk/worker";
const tag = process.env.SCENARIO_TAG ?? "t";
export const square = workerTask(`square_${tag}`, ({ n }: { n: number }) => n * n, {
  registerTaskDef: true,
  threads: { module: import.meta.url, size: 1 },
});
// Run as a program (not when a thread imports it to find the worker).
if (process.argv[1] && import.meta.url.endsWith(`/${process.argv[1].split("/").pop()}`)) {
  const configuration = new Configuration();
  const wf = new ConductorWorkflow(new WorkflowExecutor(configuration), `threaded_${tag}`, 1).add(
    square.task("sq", { n: 7 }),
  );
  await wf.register({ overwrite: true });
  const handler = new TaskHandler({ workers: [square], configuration });
  try {
    await handler.start();
    const run = await wf.execute({}, { waitForSeconds: 30 });
    console.log(`thread pool result: ${JSON.stringify(run.output)}`);
  } finally {
    await handler.stop();
  }
}
