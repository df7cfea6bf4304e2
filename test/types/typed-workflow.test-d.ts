// Type-level tests of typed workflows (Input/Output checked) and of the returnStrategy union: each
// strategy is typed as the member the server answers with, narrowed on `responseType`.
import { expectTypeOf } from "expect-type";
import {
  ConductorWorkflow,
  Configuration,
  isTaskRunResult,
  SimpleTask,
  TaskClient,
  WorkflowClient,
  WorkflowExecutor,
  type ReturnStrategy,
  type SignalResult,
  type TaskRunResult,
  type WorkflowRunResult,
} from "@conductor-ts/sdk";

interface OrderInput {
  orderId: string;
  items: { sku: string; quantity: number }[];
}
interface OrderOutput {
  total: number;
}

const configuration = new Configuration({ serverUrl: "http://localhost:8080/api" });
const executor = new WorkflowExecutor(configuration);
const wf = new ConductorWorkflow<OrderInput, OrderOutput>(executor, "order", 1);

// Input paths: a key, a deeper path or an index below a key; anything else is a compile error.
expectTypeOf(wf.input("orderId")).toEqualTypeOf<string>();
expectTypeOf(wf.input("items[0].sku")).toEqualTypeOf<string>();
// @ts-expect-error "orderID" is not a key of OrderInput
wf.input("orderID");
// @ts-expect-error the output has no "count"
wf.output("count");

// The worker's output type checks task.output() paths.
const price = new SimpleTask<{ total: number; currency: string }>("price", "price_ref", { id: wf.input("orderId") });
expectTypeOf(price.output("total")).toEqualTypeOf<string>();
// @ts-expect-error the price worker answers no "amount"
price.output("amount");

// The output mapping names every Output field and only those.
wf.add(price).outputParameters({ total: price.output("total") });
// @ts-expect-error "sum" is not a field of OrderOutput
wf.outputParameters({ total: price.output("total"), sum: 1 });
// @ts-expect-error "total" is missing
wf.outputParameters({});

// start/execute take Input.
// @ts-expect-error a wrong input key
void wf.start({ orderID: "o-1", items: [] });
// @ts-expect-error orderId is a string
void wf.execute({ orderId: 1, items: [] });

// execute: the plain run has Output; each strategy is typed as its union member.
expectTypeOf(wf.execute({ orderId: "o", items: [] })).resolves.toEqualTypeOf<
  WorkflowRunResult<"TARGET_WORKFLOW", OrderOutput>
>();
expectTypeOf<WorkflowRunResult<"TARGET_WORKFLOW", OrderOutput>["output"]>().toEqualTypeOf<OrderOutput | undefined>();
expectTypeOf(wf.execute({ orderId: "o", items: [] }, { returnStrategy: "BLOCKING_WORKFLOW" })).resolves.toEqualTypeOf<
  WorkflowRunResult<"BLOCKING_WORKFLOW">
>();
expectTypeOf(wf.execute({ orderId: "o", items: [] }, { returnStrategy: "BLOCKING_TASK" })).resolves.toEqualTypeOf<
  TaskRunResult<"BLOCKING_TASK">
>();
expectTypeOf(wf.execute({ orderId: "o", items: [] }, { returnStrategy: "BLOCKING_TASK_INPUT" })).resolves.toEqualTypeOf<
  TaskRunResult<"BLOCKING_TASK_INPUT">
>();
// A task run has no tasks list; a workflow run has no taskId.
expectTypeOf<TaskRunResult>().not.toHaveProperty("tasks");
expectTypeOf<WorkflowRunResult>().not.toHaveProperty("taskId");

// A strategy known only at run time gives the union, narrowed on responseType.
declare const strategy: ReturnStrategy;
declare const any: SignalResult<OrderOutput>;
expectTypeOf(wf.execute({ orderId: "o", items: [] }, { returnStrategy: strategy })).resolves.toEqualTypeOf<
  SignalResult<OrderOutput>
>();
if (any.responseType === "BLOCKING_TASK") expectTypeOf(any).toEqualTypeOf<TaskRunResult<"BLOCKING_TASK">>();
if (any.responseType === "TARGET_WORKFLOW") expectTypeOf(any.output).toEqualTypeOf<OrderOutput | undefined>();
if (isTaskRunResult(any)) expectTypeOf(any.referenceTaskName).toEqualTypeOf<string | undefined>();
else expectTypeOf(any).toHaveProperty("tasks");

// The clients agree.
const workflows = new WorkflowClient(configuration);
expectTypeOf(workflows.executeWorkflow({ name: "order" })).resolves.toEqualTypeOf<
  WorkflowRunResult<"TARGET_WORKFLOW">
>();
expectTypeOf(workflows.executeWorkflow({ name: "order" }, { returnStrategy: "BLOCKING_TASK" })).resolves.toEqualTypeOf<
  TaskRunResult<"BLOCKING_TASK">
>();
expectTypeOf(
  executor.executeWorkflow({ name: "order" }, { returnStrategy: "BLOCKING_WORKFLOW" }),
).resolves.toEqualTypeOf<WorkflowRunResult<"BLOCKING_WORKFLOW">>();
const tasks = new TaskClient(configuration);
expectTypeOf(tasks.signalSync("id", "COMPLETED", {}, { returnStrategy: "BLOCKING_TASK_INPUT" })).resolves.toEqualTypeOf<
  TaskRunResult<"BLOCKING_TASK_INPUT">
>();
expectTypeOf(tasks.signalSync("id", "COMPLETED")).resolves.toEqualTypeOf<WorkflowRunResult<"TARGET_WORKFLOW">>();

// Untyped workflows keep accepting any path and input.
const loose = new ConductorWorkflow(executor, "loose", 1);
expectTypeOf(loose.input("anything.at.all")).toEqualTypeOf<string>();
void loose.start({ whatever: 1 });
