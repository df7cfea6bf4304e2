// Testing level 3: the server's test mode (POST /api/workflow/test). The real server runs your definition
// (switches, forks, expressions and all) with the outputs you give for each task, no worker needed.
//
//   CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/testing-test-workflow.ts
import { ConductorWorkflow, Configuration, SimpleTask, SwitchTask, WorkflowExecutor } from "@conductor-ts/sdk";

const executor = new WorkflowExecutor(new Configuration()); // CONDUCTOR_SERVER_URL
const check = new SimpleTask("check_stock", "check_ref");
const route = new SwitchTask("route_ref", check.output("inStock"))
  .switchCase("true", new SimpleTask("ship", "ship_ref"))
  .defaultCase(new SimpleTask("backorder", "backorder_ref"));
const workflow = new ConductorWorkflow(executor, "order_routing", 1).add(check, route);

for (const inStock of [true, false]) {
  const run = await workflow.test(
    {},
    {
      mocks: {
        check_ref: { status: "COMPLETED", output: { inStock } },
        ship_ref: { status: "COMPLETED", output: { label: "L-1" } },
        backorder_ref: { status: "COMPLETED", output: { eta: "2 weeks" } },
      },
    },
  );
  const ran = (run.tasks ?? []).filter((t) => t.taskType !== "SWITCH").map((t) => t.referenceTaskName);
  console.log(`inStock=${inStock}: ${run.status}, ran ${ran.join(" -> ")}`);
}
