// Testing a workflow with mocked task outputs, as in the Python SDK's test_workflows example: the
// server's test endpoint runs the definition, taking each task's outcome from the mocks, so every
// branch can be checked without workers or external services.
//
//   CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/test-workflows.ts
import { pathToFileURL } from "node:url";
import { ConductorWorkflow, Configuration, SimpleTask, SwitchTask, WorkflowExecutor } from "@conductor-ts/sdk";

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`assertion failed: ${message}`);
  console.log(`ok - ${message}`);
}

/** Runs the branching workflow with mocks for `city`; returns the executed reference names. */
export async function runBranch(
  executor: WorkflowExecutor,
  city: string,
): Promise<{ status: string | undefined; tasks: [string, string][] }> {
  const wf = new ConductorWorkflow(executor, "unit_testing_example", 1);
  // Only worker (SIMPLE) tasks are mocked: the server's own system-task worker runs an HTTP task
  // as soon as it is scheduled, racing the mock (see ConductorWorkflow.test).
  const lookup = new SimpleTask("lookup_city", "lookup_ref");
  const task1 = new SimpleTask(
    "hello",
    "hello_ref_1",
    { city: lookup.output("city") },
    {
      retry: { retryCount: 1, retryDelaySeconds: 0 },
    },
  );
  const task2 = new SimpleTask("hello", "hello_ref_2");
  const task3 = new SimpleTask("hello", "hello_ref_3");
  const decision = new SwitchTask("switch_ref", task1.output("city")).switchCase("NYC", task2).defaultCase(task3);
  wf.add(lookup, task1, decision);

  const run = await wf.test(
    {},
    {
      mocks: {
        [lookup.taskReferenceName]: { status: "COMPLETED", output: { city } },
        // task1 has two attempts: the first fails, the retry completes.
        [task1.taskReferenceName]: [
          { status: "FAILED", output: { key: "failed" } },
          { status: "COMPLETED", output: { city } },
        ],
        [task2.taskReferenceName]: { status: "COMPLETED", output: { key: "task2.output" } },
        [task3.taskReferenceName]: { status: "COMPLETED", output: { key: "task3.output" } },
      },
    },
  );
  return { status: run.status, tasks: (run.tasks ?? []).map((t) => [String(t.referenceTaskName), String(t.status)]) };
}

export async function main(apiUrl?: string): Promise<void> {
  const configuration = new Configuration(apiUrl ? { serverUrl: apiUrl } : {});
  const executor = new WorkflowExecutor(configuration);

  const nyc = await runBranch(executor, "NYC");
  console.log(`NYC run: ${nyc.status} ${JSON.stringify(nyc.tasks)}`);
  check(nyc.status === "COMPLETED", "the NYC run completes");
  check(nyc.tasks[0]?.join() === "lookup_ref,COMPLETED", "the lookup task took its mocked output");
  check(nyc.tasks[1]?.join() === "hello_ref_1,FAILED", "hello_ref_1's first attempt FAILED");
  check(nyc.tasks[2]?.join() === "hello_ref_1,COMPLETED", "hello_ref_1's retry COMPLETED");
  check(nyc.tasks[4]?.join() === "hello_ref_2,COMPLETED", "the NYC case ran hello_ref_2");
  check(!nyc.tasks.some(([ref]) => ref === "hello_ref_3"), "the default case did not run");

  const other = await runBranch(executor, "Paris");
  console.log(`Paris run: ${other.status} ${JSON.stringify(other.tasks)}`);
  check(other.status === "COMPLETED", "the Paris run completes");
  check(other.tasks[4]?.join() === "hello_ref_3,COMPLETED", "any other city runs the default case, hello_ref_3");
  console.log("all workflow tests passed");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
