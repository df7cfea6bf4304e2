import { describe, expect, it } from "vitest";
import {
  ConductorClients,
  MetadataClient,
  TaskClient,
  WorkflowClient,
  WorkflowExecutor,
} from "../../../src/clients/index.js";
import { Configuration } from "../../../src/config/index.js";
import { ConductorError, InvalidArgumentError, UnsupportedOperationError } from "../../../src/errors/index.js";
import { RecordingTransport } from "./recording-transport.js";
import type { WorkflowExecutorPort } from "../../../src/workflow/executor-port.js";

describe("WorkflowClient", () => {
  it("maps option objects onto the operations", async () => {
    const t = new RecordingTransport((r) => (r.operation === "workflow.startWorkflow" ? "wf-1" : {}));
    const client = new WorkflowClient(t);
    expect(await client.startWorkflow({ name: "order", input: { a: 1 } })).toBe("wf-1");
    await client.getWorkflow("wf-1", { includeTasks: false });
    await client.terminateWorkflow("wf-1", { reason: "stop" });
    await client.retryWorkflow("wf-1", { resumeSubworkflowTasks: true });
    await client.restartWorkflow("wf-1", { useLatestDefinitions: true });
    await client.getByCorrelationIds("order", ["c1", "c2"], { includeClosed: true });
    await client.getWorkflowStatus("wf-1", { includeOutput: true });
    await client.skipTaskFromWorkflow("wf-1", "t1");
    await client.terminateAndDeleteWorkflow("wf-1", { reason: "gone" });
    const [start, get, terminate, retry, restart, correlated, status, skip, terminateAndDelete] = t.calls.map(
      (c) => c.request,
    );
    expect(start).toMatchObject({
      operation: "workflow.startWorkflow",
      method: "POST",
      body: { name: "order", input: { a: 1 } },
    });
    expect(get).toMatchObject({
      path: "/api/workflow/{workflowId}",
      pathParams: { workflowId: "wf-1" },
      query: { includeTasks: false },
    });
    expect(terminate).toMatchObject({ method: "DELETE", query: { reason: "stop" } });
    expect(retry!.query).toEqual({ resumeSubworkflowTasks: true });
    expect(restart!.query).toEqual({ useLatestDefinitions: true });
    expect(correlated).toMatchObject({
      operation: "workflow.getByCorrelationIds",
      body: ["c1", "c2"],
      query: { includeClosed: true },
    });
    expect(status).toMatchObject({
      operation: "workflow.getWorkflowStatus",
      path: "/api/workflow/{workflowId}/status",
    });
    expect(skip).toMatchObject({
      operation: "workflow.skipTaskFromWorkflow",
      pathParams: { workflowId: "wf-1", taskReferenceName: "t1" },
    });
    expect(terminateAndDelete).toMatchObject({
      operation: "workflow.terminateAndDeleteWorkflow",
      path: "/api/workflow/{workflowId}/terminate-remove",
      query: { reason: "gone" },
    });
  });

  it("offers the bulk operations as `bulk`, and getWorkflows answers the executions found", async () => {
    const t = new RecordingTransport((r) =>
      r.operation === "bulk.searchWorkflows"
        ? { bulkSuccessfulResults: [{ workflowId: "a" }], bulkErrorResults: { b: "not found" } }
        : { bulkSuccessfulResults: ["a"], bulkErrorResults: {} },
    );
    const client = new WorkflowClient(t);
    expect(await client.bulk.pauseWorkflows(["a"])).toEqual({ bulkSuccessfulResults: ["a"], bulkErrorResults: {} });
    expect(await client.getWorkflows(["a", "b"], { includeTasks: false })).toEqual([{ workflowId: "a" }]);
    expect(t.calls.map((c) => c.request)).toMatchObject([
      { operation: "bulk.pauseWorkflows", method: "PUT", body: ["a"] },
      { operation: "bulk.searchWorkflows", body: ["a", "b"], query: { includeTasks: false } },
    ]);
  });

  it("executes a version-less request against version 0 and stretches the timeout past the server wait", async () => {
    const t = new RecordingTransport(() => ({ workflowId: "w", status: "COMPLETED" }));
    const client = new WorkflowClient(t);
    await client.executeWorkflow(
      { name: "order" },
      { waitForSeconds: 90, waitUntilTaskRef: "t1" },
      { headers: { a: "b" } },
    );
    const { request, options } = t.calls[0]!;
    expect(request.pathParams).toEqual({ name: "order", version: 0 });
    expect(request.query).toMatchObject({ waitForSeconds: 90, waitUntilTaskRef: "t1" });
    // The transport stretches the call's timeout past the server's wait (transport.test.ts).
    expect(options).toEqual({ headers: { a: "b" }, serverWaitMs: 90_000 });
    await client.executeWorkflow({ name: "order", version: 3 }, {}, { timeoutMs: 1000 });
    expect(t.calls[1]!.request.pathParams).toEqual({ name: "order", version: 3 });
    expect(t.calls[1]!.options).toEqual({ timeoutMs: 1000, serverWaitMs: 10_000 });
  });

  it("pages through all search results", async () => {
    const total = 7;
    const t = new RecordingTransport((r) => {
      const { start, size } = r.query as { start: number; size: number };
      const results = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_v, i) => ({
        workflowId: `w${start + i}`,
      }));
      return { totalHits: total, results };
    });
    const ids: string[] = [];
    for await (const s of new WorkflowClient(t).searchAll({ query: "status = 'RUNNING'", size: 3 }))
      ids.push(s.workflowId!);
    expect(ids).toEqual(["w0", "w1", "w2", "w3", "w4", "w5", "w6"]);
    expect(t.calls.map((c) => (c.request.query as { start: number }).start)).toEqual([0, 3, 6]);
    expect(t.calls[0]!.request.query).toMatchObject({ query: "status = 'RUNNING'", size: 3 });
  });

  it("turns a missing variables endpoint into UnsupportedOperationError", async () => {
    const t = new RecordingTransport(() => {
      throw new ConductorError("x", { status: 404, serverMessage: "No static resource api/workflow/w/variables." });
    });
    await expect(new WorkflowClient(t).updateVariables("w", { a: 1 })).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
    const notFound = new RecordingTransport(() => {
      throw new ConductorError("x", { status: 404, serverMessage: "No such workflow found by id: w" });
    });
    const error = await new WorkflowClient(notFound).updateVariables("w", { a: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorError);
    expect(error).not.toBeInstanceOf(UnsupportedOperationError);
  });

  it("rejects bad arguments before sending", async () => {
    const t = new RecordingTransport();
    const client = new WorkflowClient(t);
    // Always a rejected promise, never a synchronous throw.
    await expect(client.executeWorkflow({ name: "" })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.executeWorkflow({ name: "" })).rejects.toThrow(/request\.name/);
    await expect(client.executeWorkflow(null as never)).rejects.toThrow(/request must be an object/);
    await expect(client.getWorkflows(["a", ""])).rejects.toThrow(/workflowIds/);
    await expect(client.updateVariables("w", [] as never)).rejects.toThrow(/variables must be an object/);
    await expect(new TaskClient(t).addTaskLog("t", "")).rejects.toThrow(/message/);
    await expect(new MetadataClient(t).registerTaskDef(null as never)).rejects.toThrow(/def must be an object/);
    expect(t.calls).toHaveLength(0);
  });
});

describe("TaskClient", () => {
  it("gives the HTTP call room for the server-side long poll", async () => {
    const t = new RecordingTransport(() => []);
    await new TaskClient(t).batchPollTasks("x", { count: 5, timeout: 40_000, workerid: "w" });
    expect(t.calls[0]!.request).toMatchObject({
      operation: "task.batchPollTasks",
      pathParams: { tasktype: "x" },
      query: { workerid: "w", count: 5, timeout: 40_000 },
    });
    expect(t.calls[0]!.options).toEqual({ serverWaitMs: 40_000 });
    // An explicit call timeout is passed along (the transport lets it win); without a server wait none is set.
    await new TaskClient(t).batchPollTasks("x", { timeout: 40_000 }, { timeoutMs: 1000 });
    await new TaskClient(t).batchPollTasks("x");
    expect(t.calls.slice(1).map((c) => c.options)).toEqual([{ timeoutMs: 1000, serverWaitMs: 40_000 }, undefined]);
  });

  it("returns [] when a task has no logs (204)", async () => {
    expect(await new TaskClient(new RecordingTransport(() => undefined)).getTaskLogs("t")).toEqual([]);
  });
});

describe("WorkflowExecutor and ConductorClients", () => {
  it("is a WorkflowClient and satisfies the workflow builder's executor port", () => {
    const executor = new WorkflowExecutor(new RecordingTransport());
    const port: WorkflowExecutorPort = executor;
    expect(executor).toBeInstanceOf(WorkflowClient);
    expect(typeof port.executeWorkflow).toBe("function");
  });

  it("registers with overwrite, starts several runs and completes tasks on the shared transport", async () => {
    let started = 0;
    const t = new RecordingTransport((r) => (r.operation === "workflow.startWorkflow" ? `id-${++started}` : "task"));
    const executor = new WorkflowExecutor(t);
    await executor.registerWorkflow({ name: "n", version: 1, tasks: [] } as never, { overwrite: true });
    expect(await executor.startWorkflows([{ name: "n" }, { name: "n", version: 2 }])).toEqual(["id-1", "id-2"]);
    await executor.updateTaskByRefName("w", "ref", "COMPLETED", { ok: true });
    expect(t.calls.map((c) => c.request)).toMatchObject([
      { operation: "metadata.registerWorkflowDef", query: { overwrite: true } },
      { operation: "workflow.startWorkflow", body: { name: "n" } },
      { operation: "workflow.startWorkflow", body: { name: "n", version: 2 } },
      {
        operation: "task.updateTaskByRefName",
        pathParams: { workflowId: "w", taskRefName: "ref", status: "COMPLETED" },
      },
    ]);
  });

  it("shares one transport and reuses client instances", () => {
    const clients = new ConductorClients(new Configuration({ serverUrl: "http://h:1", env: {} }));
    expect(clients.getWorkflowClient()).toBe(clients.getWorkflowClient());
    expect(clients.getWorkflowExecutor()).toBeInstanceOf(WorkflowExecutor);
    const getters: (() => unknown)[] = [
      () => clients.getTaskClient(),
      () => clients.getMetadataClient(),
      () => clients.getEventClient(),
      () => clients.getSchedulerClient(),
      () => clients.getAdminClient(),
      () => clients.getQueueAdminClient(),
      () => clients.getHealthClient(),
      () => clients.getEnvironmentClient(),
      () => clients.getSecretsClient(),
    ];
    for (const get of getters) expect(get()).toBe(get());
    expect(clients.transport.configuration.serverUrl).toBe("http://h:1/api");
  });
});
