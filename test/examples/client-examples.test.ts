// Runs the client examples (ports of the Python SDK's workflow_ops and task_configure) against the
// real server and checks what they print.
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { main as taskConfigure } from "../../examples/task-configure.js";
import { main as workflowOps } from "../../examples/workflow-ops.js";
import { printed } from "../support/printed.js";

const apiUrl = inject("conductorApiUrl");

afterEach(() => {
  vi.restoreAllMocks();
});

describe("client examples", () => {
  it("workflow-ops: walks an execution through every management operation", async () => {
    const { lines, value: workflowId } = await printed(() => workflowOps(apiUrl));
    expect(lines).toEqual([
      "registered workflow workflow_ops_example",
      `started workflow ${workflowId}`,
      "status: RUNNING, current task: approval",
      "update variables: not supported by this server (use a SET_VARIABLE task)",
      "after pause: PAUSED",
      "after resume: RUNNING",
      "after terminate: TERMINATED (changed my mind)",
      "after retry: RUNNING",
      'after approval: COMPLETED, output: {"greeting":"Hello Orkes, approved by alice"}',
      "after restart: RUNNING",
      'after rerun: RUNNING, input: {"name":"Conductor"}',
      `found by correlation id: ${workflowId}`,
      `running workflow_ops_example executions found by search include ${workflowId}: true`,
      "final status: TERMINATED",
    ]);
  });

  it("task-configure: registers a task definition with retries, timeouts and limits", async () => {
    const { lines, value } = await printed(() => taskConfigure(apiUrl));
    expect(lines).toEqual([
      "registered task definition task_with_retries",
      "retries: 3 (LINEAR_BACKOFF, 1 s delay)",
      "concurrency limit: 3",
      "rate limit: 100 per 10 s",
      "timeouts: poll 60 s, response 60 s, total 120 s (TIME_OUT_WF)",
    ]);
    expect(value).toMatchObject({ name: "task_with_retries", retryCount: 3, concurrentExecLimit: 3 });
  });
});
