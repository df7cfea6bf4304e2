// Runs the workflow-builder examples against the real server and checks what they print.
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { main as dynamicWorkflow } from "../../examples/dynamic-workflow.js";
import { main as kitchensink } from "../../examples/kitchensink.js";
import { main as testWorkflows } from "../../examples/test-workflows.js";
import { printed } from "../support/printed.js";

const apiUrl = inject("conductorApiUrl");

afterEach(() => {
  vi.restoreAllMocks();
});

describe("workflow builder examples", () => {
  it("dynamic-workflow: executes an unregistered workflow with two workers", async () => {
    const { lines, value } = await printed(() => dynamicWorkflow(apiUrl));
    expect(lines).toContain("sending email to user_a@example.com with subject Hello from Orkes and body Test Email");
    expect(lines).toContain("workflow status: COMPLETED");
    expect(lines).toContain('workflow output: {"email":"user_a@example.com"}');
    expect(value).toEqual({ email: "user_a@example.com" });
  });

  it("kitchensink: JavaScript, fork with an inline sub-workflow, HTTP to loopback, JQ, variables, switch to a worker", async () => {
    const { lines, value } = await printed(() => kitchensink(apiUrl, "US"));
    expect(lines).toContain("Workflow status: COMPLETED");
    expect(value.output).toMatchObject({
      greetings: { result: { text: "hello Orkes" } },
      jq: { key3: ["a", "b", "d", "e"] },
      api: "hello from the loopback API",
      routed: "routing the packages to US",
    });
    expect(value.variables).toEqual({ var1: "value1", var2: 42, var3: ["a", "b", "c"] });
    expect(value.executed).toEqual(
      expect.arrayContaining([
        "hello_script",
        "sub0_ref",
        "call_remote_api",
        "wait_for_2_sec",
        "jq_process",
        "set_wf_var_ref",
        "decide",
        "us_routing",
      ]),
    );
    expect(lines.find((l) => l.startsWith("Tasks executed:"))).toContain("us_routing");
  });

  it("kitchensink: an unsupported country takes the TERMINATE default case", async () => {
    const { lines, value } = await printed(() => kitchensink(apiUrl, "FR"));
    expect(lines).toContain("Workflow status: TERMINATED");
    expect(value.executed).toContain("bad_country_ref");
    expect(value.executed).not.toContain("us_routing");
  });

  it("test-workflows: mocked task outputs drive each branch", async () => {
    const { lines } = await printed(() => testWorkflows(apiUrl));
    expect(lines).toContain("ok - hello_ref_1's first attempt FAILED");
    expect(lines).toContain("ok - the NYC case ran hello_ref_2");
    expect(lines).toContain("ok - any other city runs the default case, hello_ref_3");
    expect(lines.at(-1)).toBe("all workflow tests passed");
  });
});
