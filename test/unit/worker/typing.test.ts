// What `worker.task(ref, input)` builds at run time. Its type checking (input inference, key checks) is
// tested at the type level in test/types/worker.test-d.ts.
import { expect, test } from "vitest";
import { z } from "zod";
import { workerTask } from "../../../src/worker/worker.js";
import { workflowInput } from "../../../src/workflow/expressions.js";

const greet = workerTask("greet", ({ name }: { name: string; title?: string }) => `Hello ${name}`);
const validated = workerTask("v", (input) => input.count + 1, { inputSchema: z.object({ count: z.number() }) });
const untyped = workerTask("free", () => 1);

test("task() builds a SIMPLE task for the worker with the given input", () => {
  const task = greet.task("greet_ref", { name: workflowInput("name") });
  const wire = task.toWorkflowTask();
  expect(wire).toMatchObject({
    name: "greet",
    taskReferenceName: "greet_ref",
    type: "SIMPLE",
    inputParameters: { name: "${workflow.input.name}" },
  });
  expect(validated.task("v_ref", { count: 3 }).toWorkflowTask().inputParameters).toEqual({ count: 3 });
  expect(untyped.task("f_ref").toWorkflowTask().inputParameters).toEqual({});
});
