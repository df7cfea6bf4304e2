import { describe, expect, test } from "vitest";
import { NonRetryableError } from "../../../src/worker/errors.js";
import { inProgress, outcomeFromError, outcomeFromValue, toTaskResult } from "../../../src/worker/result.js";
import { backoffDelay } from "../../../src/worker/backoff.js";
import type { TaskExecLog } from "../../../src/worker/types.js";

describe("result mapping", () => {
  test("a plain object is the output", () => {
    expect(outcomeFromValue({ a: 1, b: "x" })).toEqual({ status: "COMPLETED", outputData: { a: 1, b: "x" } });
  });
  test("scalars, arrays and class instances become { result }", () => {
    expect(outcomeFromValue("hi").outputData).toEqual({ result: "hi" });
    expect(outcomeFromValue(0).outputData).toEqual({ result: 0 });
    expect(outcomeFromValue(false).outputData).toEqual({ result: false });
    expect(outcomeFromValue([1, 2]).outputData).toEqual({ result: [1, 2] });
    const d = new Date(0);
    expect(outcomeFromValue(d).outputData).toEqual({ result: d });
  });
  test("undefined and null complete with an empty output", () => {
    expect(outcomeFromValue(undefined)).toEqual({ status: "COMPLETED", outputData: {} });
    expect(outcomeFromValue(null)).toEqual({ status: "COMPLETED", outputData: {} });
  });
  test("inProgress keeps the task running with a callback", () => {
    expect(outcomeFromValue(inProgress({ callbackAfterSeconds: 5, output: { step: 1 } }))).toEqual({
      status: "IN_PROGRESS",
      outputData: { step: 1 },
      callbackAfterSeconds: 5,
    });
    expect(() => inProgress({ callbackAfterSeconds: -1 })).toThrow(/callbackAfterSeconds/);
  });
  test("NonRetryableError is terminal, other throws are retryable with the stack logged", () => {
    const logs: TaskExecLog[] = [];
    expect(outcomeFromError(new NonRetryableError("bad card"), logs)).toMatchObject({
      status: "FAILED_WITH_TERMINAL_ERROR",
      reasonForIncompletion: "bad card",
    });
    const failed = outcomeFromError(new Error("boom"), logs);
    expect(failed).toMatchObject({ status: "FAILED", reasonForIncompletion: "boom" });
    expect(logs.at(-1)?.log).toMatch(/Error: boom\n\s+at /);
    expect(outcomeFromError("plain string", []).reasonForIncompletion).toBe("plain string");
  });
  test("toTaskResult carries ids, worker id, reason, callback and logs", () => {
    const logs: TaskExecLog[] = [{ log: "x", createdTime: 1 }];
    const result = toTaskResult(
      { taskId: "t1", workflowInstanceId: "w1" },
      "me",
      { status: "IN_PROGRESS", outputData: {}, callbackAfterSeconds: 3 },
      logs,
    );
    expect(result).toEqual({
      taskId: "t1",
      workflowInstanceId: "w1",
      workerId: "me",
      status: "IN_PROGRESS",
      outputData: {},
      callbackAfterSeconds: 3,
      logs: [{ log: "x", createdTime: 1, taskId: "t1" }],
    });
  });
});

describe("backoffDelay", () => {
  test("grows exponentially, stays within [half, full] of the step and respects the cap", () => {
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(400);
    expect(backoffDelay(50, 100, 10_000, () => 1)).toBe(10_000);
    expect(backoffDelay(50, 100, 10_000, () => 0)).toBe(5_000);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(4, 100, 10_000);
      expect(d).toBeGreaterThanOrEqual(400);
      expect(d).toBeLessThanOrEqual(800);
    }
  });
});
