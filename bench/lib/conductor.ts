// The bench's own control plane (definitions, starting workflows, reading results) in plain
// fetch, so that no side under test also does the bench's bookkeeping.

export class ServerApi {
  constructor(readonly apiUrl: string) {}

  // The SQLite-backed server answers 500 "database is locked" under write bursts; the bench's
  // own bookkeeping retries those (with a growing pause) rather than fail a measurement.
  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${this.apiUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.ok) return res;
      const text = await res.text();
      if (res.status < 500 || attempt >= 8) throw new Error(`${method} ${path} failed with HTTP ${res.status}: ${text}`);
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }

  async version(): Promise<string> {
    return (await (await this.call("GET", "/version")).text()).trim();
  }

  async registerTaskDefs(names: readonly string[]): Promise<void> {
    await this.call(
      "POST",
      "/metadata/taskdefs",
      names.map((name) => ({
        name,
        retryCount: 0,
        timeoutSeconds: 600,
        responseTimeoutSeconds: 300,
        timeoutPolicy: "TIME_OUT_WF",
        ownerEmail: "bench@example.com",
      })),
    );
  }

  /** A workflow of one SIMPLE task of the given type. */
  async registerWorkflow(name: string, taskType: string): Promise<void> {
    await this.call("POST", "/metadata/workflow?overwrite=true", {
      name,
      version: 1,
      schemaVersion: 2,
      ownerEmail: "bench@example.com",
      timeoutSeconds: 0,
      tasks: [{ name: taskType, taskReferenceName: "only", type: "SIMPLE", inputParameters: { n: "${workflow.input.n}" } }],
    });
  }

  async startWorkflow(name: string, n: number): Promise<string> {
    return (await this.call("POST", "/workflow", { name, version: 1, input: { n } })).text();
  }

  /** Starts `count` workflows with a few requests in flight; returns their ids. */
  async startWorkflows(name: string, count: number, parallel = 4): Promise<string[]> {
    const ids: string[] = new Array<string>(count);
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const i = next++;
        ids[i] = await this.startWorkflow(name, i);
      }
    };
    await Promise.all(Array.from({ length: parallel }, lane));
    return ids;
  }

  async runningCount(name: string): Promise<number> {
    const ids = (await (await this.call("GET", `/workflow/running/${encodeURIComponent(name)}?version=1`)).json()) as string[];
    return ids.length;
  }

  async workflow(id: string): Promise<WorkflowRecord> {
    return (await (await this.call("GET", `/workflow/${id}?includeTasks=true`)).json()) as WorkflowRecord;
  }

  async queueSize(taskType: string): Promise<number> {
    const sizes = (await (await this.call("GET", `/tasks/queue/sizes?taskType=${encodeURIComponent(taskType)}`)).json()) as Record<
      string,
      number
    >;
    return sizes[taskType] ?? 0;
  }
}

export interface WorkflowRecord {
  workflowId: string;
  status: string;
  tasks: { taskType: string; status: string; scheduledTime: number; startTime: number; endTime: number }[];
}

export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
