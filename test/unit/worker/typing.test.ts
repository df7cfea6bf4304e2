// `worker.task(ref, input)` is type-checked against the worker function's input; tsc runs over the
// test tree, so each @ts-expect-error below must stay an error or the typecheck fails.
import { expect, test } from "vitest";
import { z } from "zod";
import { workerTask } from "../../../src/worker/worker.js";
import { workflowInput } from "../../../src/workflow/expressions.js";

const greet = workerTask("greet", ({ name }: { name: string; title?: string }) => `Hello ${name}`);
const validated = workerTask("v", (input) => input.count + 1, { inputSchema: z.object({ count: z.number() }) });
const untyped = workerTask("free", () => 1);
interface Order {
  orderId: string;
  quantity?: number;
}
const ship = workerTask("ship", (order: Order) => ({ shipped: order.orderId }));

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

test("input keys are checked against the function's input type", () => {
  // @ts-expect-error unknown key
  greet.task("a", { name: "x", nmae: "typo" });
  // @ts-expect-error required key missing
  greet.task("b", { title: "Dr" });
  // @ts-expect-error input required when the function needs some
  greet.task("c");
  // @ts-expect-error schema-typed input: unknown key
  validated.task("d", { cnt: 1 });
  // @ts-expect-error interface-typed input: unknown key
  ship.task("g", { orderId: "1", qty: 2 });
  ship.task("h", { orderId: "${workflow.input.id}" });
  greet.task("e", { name: "x", title: "y" });
  untyped.task("f", { anything: 1 });
  expect(true).toBe(true);
});
