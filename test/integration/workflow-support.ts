// Test-only helpers for the workflow builder's integration tests: a small fetch-based executor that
// satisfies WorkflowExecutorPort, plus task-API helpers to drive SIMPLE, HUMAN and WAIT tasks.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { ConductorError } from "../../src/errors/conductor-error.js";
import type { ExecuteWorkflowOptions } from "../../src/clients/index.js";
import type { WorkflowExecutorPort, WorkflowRunLike } from "../../src/workflow/index.js";
import type { StartWorkflowRequest, WorkflowDef, WorkflowTestRequest } from "../../src/workflow/index.js";
import type { components } from "../../generated/types.js";

export type Workflow = components["schemas"]["Workflow"];
export type Task = components["schemas"]["Task"];

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().slice(0, 8)}`;
}

export class TestApi implements WorkflowExecutorPort {
  constructor(readonly apiUrl: string) {}

  async call<T>(method: string, path: string, body?: unknown, parse: "json" | "text" | "none" = "json"): Promise<T> {
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // keep text
      }
      const message =
        typeof parsed === "object" && parsed !== null && "message" in parsed
          ? String((parsed as { message: unknown }).message)
          : text;
      throw new ConductorError(`${method} ${path} -> ${response.status}: ${message}`, {
        status: response.status,
        operation: `${method} ${path}`,
        body: parsed,
      });
    }
    if (parse === "none" || text === "") return undefined as T;
    return (parse === "json" ? JSON.parse(text) : text) as T;
  }

  // ---- WorkflowExecutorPort ----
  async registerWorkflow(def: WorkflowDef, { overwrite = false }: { overwrite?: boolean } = {}): Promise<void> {
    if (overwrite) await this.call("PUT", "/metadata/workflow", [def], "none");
    else await this.call("POST", "/metadata/workflow", def, "none");
  }

  startWorkflow(request: StartWorkflowRequest): Promise<string> {
    return this.call<string>("POST", "/workflow", request, "text");
  }

  executeWorkflow(start: StartWorkflowRequest, execution: ExecuteWorkflowOptions = {}): Promise<WorkflowRunLike> {
    const { waitUntilTaskRef, waitForSeconds, requestId, returnStrategy } = execution;
    const q = new URLSearchParams();
    q.set("requestId", requestId ?? randomUUID());
    if (waitUntilTaskRef) q.set("waitUntilTaskRef", String(waitUntilTaskRef));
    if (returnStrategy) q.set("returnStrategy", returnStrategy);
    if (waitForSeconds !== undefined) q.set("waitForSeconds", String(waitForSeconds));
    const path = `/workflow/execute/${encodeURIComponent(start.name ?? "")}/${start.version ?? 0}?${q.toString()}`;
    return this.call<WorkflowRunLike>("POST", path, start);
  }

  testWorkflow(request: WorkflowTestRequest): Promise<Workflow> {
    return this.call<Workflow>("POST", "/workflow/test", request);
  }

  // ---- helpers ----
  getWorkflow(id: string): Promise<Workflow> {
    return this.call<Workflow>("GET", `/workflow/${id}?includeTasks=true`);
  }

  getWorkflowDef(name: string, version?: number): Promise<WorkflowDef> {
    return this.call<WorkflowDef>(
      "GET",
      `/metadata/workflow/${encodeURIComponent(name)}${version ? `?version=${version}` : ""}`,
    );
  }

  async deleteWorkflowDef(name: string, version: number): Promise<void> {
    await this.call("DELETE", `/metadata/workflow/${encodeURIComponent(name)}/${version}`, undefined, "none").catch(
      () => undefined,
    );
  }

  async registerTaskDefs(names: string[]): Promise<void> {
    const defs = names.map((name) => ({
      name,
      retryCount: 0,
      timeoutSeconds: 120,
      responseTimeoutSeconds: 60,
      ownerEmail: "sdk-tests@example.com",
    }));
    await this.call("POST", "/metadata/taskdefs", defs, "none");
  }

  async deleteTaskDef(name: string): Promise<void> {
    await this.call("DELETE", `/metadata/taskdefs/${encodeURIComponent(name)}`, undefined, "none").catch(
      () => undefined,
    );
  }

  async terminate(id: string): Promise<void> {
    await this.call("DELETE", `/workflow/${id}?reason=test+cleanup`, undefined, "none").catch(() => undefined);
  }

  /** Completes the (IN_PROGRESS/SCHEDULED) task `ref` of a workflow through the task API. */
  async completeTaskByRef(
    workflowId: string,
    ref: string,
    output: Record<string, unknown> = {},
    status = "COMPLETED",
  ): Promise<void> {
    await this.call("POST", `/tasks/${workflowId}/${encodeURIComponent(ref)}/${status}`, output, "text");
  }

  /** Polls a SIMPLE task of `taskType` once (long poll up to 2 s) and completes it with `handler`'s output. */
  async pollAndComplete(
    taskType: string,
    handler: (task: Task) => Record<string, unknown> | Promise<Record<string, unknown>>,
  ): Promise<Task | undefined> {
    const tasks = await this.call<Task[]>(
      "GET",
      `/tasks/poll/batch/${encodeURIComponent(taskType)}?workerid=wf-tests&count=1&timeout=2000`,
    );
    const task = tasks?.[0];
    if (!task) return undefined;
    const outputData = await handler(task);
    await this.call(
      "POST",
      "/tasks",
      { workflowInstanceId: task.workflowInstanceId, taskId: task.taskId, status: "COMPLETED", outputData },
      "text",
    );
    return task;
  }

  /** Waits until `predicate` holds for the workflow (polling), returning the last state. */
  async waitFor(
    id: string,
    predicate: (wf: Workflow) => boolean,
    timeoutMs = 30_000,
    what = "condition",
  ): Promise<Workflow> {
    const deadline = Date.now() + timeoutMs;
    let last = await this.getWorkflow(id);
    while (!predicate(last)) {
      if (Date.now() > deadline) {
        throw new Error(
          `workflow ${id}: ${what} not reached in ${timeoutMs} ms; status ${last.status}, tasks ${JSON.stringify((last.tasks ?? []).map((t) => [t.referenceTaskName, t.status]))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
      last = await this.getWorkflow(id);
    }
    return last;
  }

  waitForStatus(
    id: string,
    statuses: string[] = ["COMPLETED", "FAILED", "TERMINATED", "TIMED_OUT"],
    timeoutMs = 30_000,
  ): Promise<Workflow> {
    return this.waitFor(id, (wf) => statuses.includes(String(wf.status)), timeoutMs, `status in ${statuses.join("/")}`);
  }

  /** Waits for the task `ref` to be in one of `statuses`. */
  async waitForTask(
    id: string,
    ref: string,
    statuses: string[] = ["IN_PROGRESS", "SCHEDULED"],
    timeoutMs = 30_000,
  ): Promise<Task> {
    const wf = await this.waitFor(
      id,
      (w) => (w.tasks ?? []).some((t) => t.referenceTaskName === ref && statuses.includes(String(t.status))),
      timeoutMs,
      `task ${ref} in ${statuses.join("/")}`,
    );
    return (wf.tasks ?? []).find((t) => t.referenceTaskName === ref)!;
  }
}

export function taskByRef(wf: Workflow, ref: string): Task | undefined {
  return (wf.tasks ?? []).find((t) => t.referenceTaskName === ref);
}

export interface LoopbackServer {
  url: string;
  requests: { method: string; url: string; body: string; headers: IncomingMessage["headers"] }[];
  close(): Promise<void>;
}

/** A small HTTP server on 127.0.0.1 that records requests and answers JSON describing them. */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  const requests: LoopbackServer["requests"] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: req.method ?? "", url: req.url ?? "", body, headers: req.headers });
      let parsed: unknown = body;
      try {
        parsed = body ? JSON.parse(body) : null;
      } catch {
        // plain text body
      }
      const status = req.url?.startsWith("/status/") ? Number(req.url.split("/")[2]) : 200;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ method: req.method, path: req.url, received: parsed, greeting: "hello from loopback" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
