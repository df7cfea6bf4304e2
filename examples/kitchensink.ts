// Kitchen sink, as in the Python SDK's kitchensink example: a JavaScript task, a fork whose branches
// are an inline sub-workflow and an HTTP call + WAIT, a JQ transform, workflow variables, and a
// SWITCH routing to a worker with TERMINATE as the default. The HTTP target is a small server this
// example starts on 127.0.0.1 (the Python original calls a public test API).
//
//   CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/kitchensink.ts
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import {
  ConductorWorkflow,
  Configuration,
  HttpTask,
  JavascriptTask,
  JsonJqTask,
  SetVariableTask,
  SubWorkflowTask,
  SwitchTask,
  TerminateTask,
  WaitTask,
  WorkflowExecutor,
} from "@conductor-ts/sdk";
import { TaskHandler, workerTask } from "@conductor-ts/sdk/worker";

export const route = workerTask("route", ({ country }: { country: string }) => `routing the packages to ${country}`);

/** A loopback API standing in for the public test endpoint the original calls. */
async function startApi(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ path: req.url, message: "hello from the loopback API" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface KitchensinkResult {
  status: string | undefined;
  output: Record<string, unknown> | undefined;
  variables: Record<string, unknown> | undefined;
  executed: string[];
}

export async function main(apiUrl?: string, country = "US"): Promise<KitchensinkResult> {
  const configuration = new Configuration(apiUrl ? { serverUrl: apiUrl } : {});
  const executor = new WorkflowExecutor(configuration);
  const handler = new TaskHandler({ workers: [route], configuration });
  const api = await startApi();
  await handler.start();
  try {
    const wf = new ConductorWorkflow(executor, "kitchensink2", 1);

    const sayHello = `
      function greetings() {
        return { "text": "hello " + $.name, "url": $.apiUrl };
      }
      greetings();`;
    const js = new JavascriptTask("hello_script", sayHello, { name: wf.input("name"), apiUrl: api.url });

    const httpCall = new HttpTask("call_remote_api", { uri: api.url });

    // An inline sub-workflow: its definition is sent with the parent's, nothing is registered.
    const sub = new ConductorWorkflow(executor, "sub0");
    sub.add(new HttpTask("call_remote_api", { uri: sub.input("uri") }), WaitTask.forDuration("wait_forever", "2s"));
    const subWorkflow = new SubWorkflowTask("sub0_ref", sub, undefined, {
      inputParameters: { uri: js.output("result.url") },
    });

    const waitForTwoSec = WaitTask.forDuration("wait_for_2_sec", "2s");
    const jq = new JsonJqTask("jq_process", "{ key3: (.key1.value1 + .key2.value2) }", {
      key1: { value1: ["a", "b"] },
      key2: { value2: ["d", "e"] },
    });
    const setWfVar = new SetVariableTask("set_wf_var_ref", { var1: "value1", var2: 42, var3: ["a", "b", "c"] });

    const decide = new SwitchTask("decide", wf.input("country"))
      .switchCase("US", route.task("us_routing", { country: wf.input("country") }))
      .switchCase("CA", route.task("ca_routing", { country: wf.input("country") }))
      .defaultCase(new TerminateTask("bad_country_ref", "TERMINATED", "unsupported country"));

    wf.add(js, [[subWorkflow], [httpCall, waitForTwoSec]], jq, setWfVar, decide);
    wf.outputParameters({
      greetings: js.output(),
      jq: jq.output("result"),
      api: httpCall.output("response.body.message"),
      routed: "${us_routing.output.result}",
    });

    const result = await wf.execute({ name: "Orkes", country }, { waitForSeconds: 30 });
    const executed = (result.tasks ?? []).map((t) => String(t.referenceTaskName));
    console.log(`Workflow status: ${result.status}`);
    console.log(`Workflow output: ${JSON.stringify(result.output)}`);
    console.log(`Workflow variables: ${JSON.stringify(result.variables)}`);
    console.log(`Tasks executed: ${executed.join(", ")}`);
    return { status: result.status, output: result.output, variables: result.variables, executed };
  } finally {
    await handler.stop();
    await api.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(undefined, process.argv[2]).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
