// Type-level tests of the worker's typed surface. tsc checks them twice: in `npm run typecheck` (against src/,
// through tsconfig "paths") and in the package suite (against the installed package, test/package/types.test.ts).
// Each @ts-expect-error must stay an error, each expectTypeOf must hold, or the compile fails.
import { expectTypeOf } from "expect-type";
import { z } from "zod";
import { workflowInput, type SimpleTask } from "@conductor-ts/sdk";
import { getTaskContext, workerTask, type TaskContext, type Worker } from "@conductor-ts/sdk/worker";

interface Order {
  orderId: string;
  quantity?: number;
}

// Input types are inferred from the function's parameter, from an interface, or from a Standard Schema.
const greet = workerTask("greet", ({ name }: { name: string; title?: string }) => `Hello ${name}`);
expectTypeOf(greet).toEqualTypeOf<Worker<{ name: string; title?: string }, string>>();

const ship = workerTask("ship", (order: Order) => ({ shipped: order.orderId }));
expectTypeOf(ship).toEqualTypeOf<Worker<Order, { shipped: string }>>();

const validated = workerTask(
  "validated",
  (input, context) => {
    expectTypeOf(input).toEqualTypeOf<{ count: number }>();
    expectTypeOf(context).toEqualTypeOf<TaskContext>();
    return input.count + 1;
  },
  { inputSchema: z.object({ count: z.number() }) },
);
expectTypeOf(validated).toEqualTypeOf<Worker<{ count: number }, number>>();

// A schema that transforms: the function sees the output type, task() takes the input type.
const parsed = workerTask(
  "parsed",
  (input) => {
    expectTypeOf(input).toEqualTypeOf<{ when: Date }>();
    return input.when.getTime();
  },
  { inputSchema: z.object({ when: z.string().transform((s) => new Date(s)) }) },
);
parsed.task("parsed_ref", { when: "2024-01-01" });

const asyncWorker = workerTask("async", async ({ n }: { n: number }) => n * 2);
expectTypeOf(asyncWorker).toEqualTypeOf<Worker<{ n: number }, number>>();

const untyped = workerTask("free", () => 1);

// task() builds a SIMPLE task and checks the input keys against the worker's input type.
expectTypeOf(greet.task("greet_ref", { name: workflowInput("name") })).toEqualTypeOf<SimpleTask>();
greet.task("e", { name: "x", title: "y" });
ship.task("h", { orderId: "${workflow.input.id}" });
untyped.task("f", { anything: 1 });
untyped.task("f2");
validated.task("v_ref", { count: "${workflow.input.count}" }); // values may be expressions

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

// The context is typed, also outside the function.
expectTypeOf(getTaskContext).returns.toEqualTypeOf<TaskContext | undefined>();
