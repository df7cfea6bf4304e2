import { WorkerConfigError } from "./errors.js";
import { Worker, type WorkerOptions } from "./worker.js";

// Workers declared with @WorkerTask, per instance (or per class for static methods).
const declared = new WeakMap<object, Worker[]>();

/**
 * Standard (TC39) method decorator: the method becomes the worker for `taskDefName`, bound to
 * the instance. Collect the workers of an instance with `workersOf(instance)`.
 *
 *     class Billing { @WorkerTask("charge") async charge(input: { amount: number }) { ... } }
 *     new TaskHandler({ workers: workersOf(new Billing()), configuration })
 *
 * @example
 * ```ts
 * class Billing { @WorkerTask("charge", { concurrency: 4 }) async charge(input: { amount: number }) { return { charged: input.amount }; } }
 * const handler = new TaskHandler({ workers: workersOf(new Billing()), configuration });
 * ```
 */
export function WorkerTask(taskDefName: string, options: WorkerOptions = {}) {
  return function <This extends object, Args extends unknown[], Return>(
    method: (this: This, ...args: Args) => Return,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
  ): void {
    if (context.kind !== "method") {
      throw new WorkerConfigError(`@WorkerTask("${taskDefName}") can only decorate methods (got a ${context.kind})`, {
        option: "@WorkerTask",
      });
    }
    context.addInitializer(function (this: This) {
      const bound = (input: unknown, ctx: unknown) => (method as (...a: unknown[]) => unknown).call(this, input, ctx);
      const list = declared.get(this) ?? [];
      list.push(new Worker(taskDefName, bound as never, options));
      declared.set(this, list);
    });
  };
}

/**
 * The workers declared with `@WorkerTask` on these instances (or classes, for static methods).
 *
 * @example
 * ```ts
 * const billing = new Billing();
 * const shipping = new Shipping();
 * await new TaskHandler({ workers: [...workersOf(billing, shipping), greet], configuration }).start();
 * ```
 */
export function workersOf(...targets: object[]): Worker[] {
  return targets.flatMap((target) => declared.get(target) ?? []);
}
