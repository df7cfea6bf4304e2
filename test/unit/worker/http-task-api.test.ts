import { expect, test } from "vitest";
import type { CallOptions, OperationRequest, OperationTransport } from "../../../src/transport/operation.js";
import { HttpTaskApi } from "../../../src/worker/http-task-api.js";

class RecordingTransport implements OperationTransport {
  readonly calls: { request: OperationRequest; options: CallOptions | undefined }[] = [];
  constructor(private readonly answer: (request: OperationRequest) => unknown) {}
  async call<T>(request: OperationRequest, options?: CallOptions): Promise<T> {
    this.calls.push({ request, options });
    return this.answer(request) as T;
  }
}

test("batch poll sends the worker's settings and lets the runtime do the retrying", async () => {
  const transport = new RecordingTransport(() => [{ taskId: "t1" }]);
  const api = new HttpTaskApi(transport);
  expect(await api.batchPoll("greet", { workerId: "w1", domain: "blue", count: 3, timeoutMs: 250 })).toEqual([
    { taskId: "t1" },
  ]);
  const { request, options } = transport.calls[0]!;
  expect(request).toMatchObject({ operation: "task.batchPollTasks", method: "GET", pathParams: { tasktype: "greet" } });
  expect(request.query).toEqual({ workerid: "w1", domain: "blue", count: 3, timeout: 250 });
  // The client waits the server-side wait plus a small margin, not half a minute more.
  expect(options).toMatchObject({ retry: false, timeoutMs: 5250 });
  await api.batchPoll("greet", { workerId: "w1", count: 1, timeoutMs: 0 });
  expect(transport.calls[1]!.request.query).not.toHaveProperty("domain");
  const signal = new AbortController().signal;
  await api.batchPoll("greet", { workerId: "w1", count: 1, timeoutMs: 1000, clientTimeoutMs: 1500 }, signal);
  expect(transport.calls[2]!.options).toEqual({ retry: false, timeoutMs: 1500, signal });
});

test("every call passes the caller's AbortSignal on", async () => {
  const transport = new RecordingTransport(() => undefined);
  const api = new HttpTaskApi(transport);
  const signal = new AbortController().signal;
  const result = { taskId: "t1", workflowInstanceId: "w", status: "COMPLETED" as const };
  await api.updateTaskV2(result, signal);
  await api.updateTask(result, signal);
  await api.addTaskLog("t1", "log", signal);
  await api.registerTaskDefs([{ name: "x" } as never], signal);
  await api.getTaskDef("x", signal);
  expect(transport.calls.map((c) => c.options?.signal)).toEqual([signal, signal, signal, signal, signal]);
});

test("updates go to update-v2 (next task or undefined) and /api/tasks, never auto-retried", async () => {
  const transport = new RecordingTransport((r) => (r.operation === "task.updateTaskV2" ? undefined : "t1"));
  const api = new HttpTaskApi(transport);
  const result = { taskId: "t1", workflowInstanceId: "w", status: "COMPLETED" as const, outputData: { a: 1 } };
  expect(await api.updateTaskV2(result)).toBeUndefined();
  await api.updateTask(result);
  expect(transport.calls.map((c) => [c.request.operation, c.request.path, c.options?.retry])).toEqual([
    ["task.updateTaskV2", "/api/tasks/update-v2", false],
    ["task.updateTask", "/api/tasks", false],
  ]);
  expect(transport.calls[0]!.request.body).toEqual(result);
});

test("a missing task definition reads as undefined; other errors propagate", async () => {
  const missing = new HttpTaskApi(
    new RecordingTransport(() => {
      throw Object.assign(new Error("not found"), { status: 404 });
    }),
  );
  expect(await missing.getTaskDef("x")).toBeUndefined();
  const broken = new HttpTaskApi(
    new RecordingTransport(() => {
      throw Object.assign(new Error("boom"), { status: 500 });
    }),
  );
  await expect(broken.getTaskDef("x")).rejects.toThrow("boom");
});
