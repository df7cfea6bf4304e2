// Plain-fetch helpers the failure tests use to set up and check workflows. They talk to the
// server directly (not through the SDK) so an SDK bug cannot hide a lost result.

export interface WorkflowSummary {
  workflowId: string;
  status: string;
  output: Record<string, unknown>;
  tasks: {
    taskId: string;
    status: string;
    taskDefName: string;
    outputData?: Record<string, unknown>;
    reasonForIncompletion?: string;
    retryCount?: number;
  }[];
}

async function call(apiUrl: string, method: string, path: string, body?: unknown): Promise<string> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${text.slice(0, 500)}`);
  return text;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function registerTaskDef(apiUrl: string, def: Record<string, unknown>): Promise<void> {
  await call(apiUrl, "POST", "/metadata/taskdefs", [
    { timeoutSeconds: 0, responseTimeoutSeconds: 60, retryCount: 0, retryDelaySeconds: 0, ...def },
  ]);
}

/** A workflow running `taskNames` one after the other, each reading `workflow.input`. */
export async function registerSequence(apiUrl: string, name: string, taskNames: string[]): Promise<void> {
  await call(apiUrl, "POST", "/metadata/workflow?overwrite=true", {
    name,
    version: 1,
    schemaVersion: 2,
    ownerEmail: "tests@example.com",
    timeoutSeconds: 0,
    tasks: taskNames.map((task, i) => ({
      name: task,
      taskReferenceName: `${task}_${i}`,
      type: "SIMPLE",
      inputParameters: { n: "${workflow.input.n}", payload: "${workflow.input.payload}", step: i },
    })),
    outputParameters: Object.fromEntries(taskNames.map((task, i) => [`step${i}`, `\${${task}_${i}.output}`])),
  });
}

export async function startWorkflow(apiUrl: string, name: string, input: Record<string, unknown>): Promise<string> {
  return call(apiUrl, "POST", "/workflow", { name, version: 1, input });
}

export async function getWorkflow(apiUrl: string, id: string): Promise<WorkflowSummary> {
  return JSON.parse(await call(apiUrl, "GET", `/workflow/${id}?includeTasks=true`)) as WorkflowSummary;
}

export async function getTaskLogs(apiUrl: string, taskId: string): Promise<{ log: string }[]> {
  const text = await call(apiUrl, "GET", `/tasks/${taskId}/log`);
  return text ? (JSON.parse(text) as { log: string }[]) : [];
}

const TERMINAL = new Set(["COMPLETED", "FAILED", "TERMINATED", "TIMED_OUT"]);

/** Polls until every workflow is terminal (or the deadline passes); returns the last view of each. */
export async function waitForWorkflows(
  apiUrl: string,
  ids: string[],
  timeoutMs: number,
): Promise<Map<string, WorkflowSummary>> {
  const done = new Map<string, WorkflowSummary>();
  const deadline = Date.now() + timeoutMs;
  let pending = [...ids];
  while (pending.length > 0 && Date.now() < deadline) {
    const next: string[] = [];
    for (let i = 0; i < pending.length; i += 25) {
      const batch = pending.slice(i, i + 25);
      const views = await Promise.all(batch.map((id) => getWorkflow(apiUrl, id).catch(() => undefined)));
      views.forEach((view, j) => {
        const id = batch[j]!;
        if (view && TERMINAL.has(view.status)) done.set(id, view);
        else next.push(id);
      });
    }
    pending = next;
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 500));
  }
  for (const id of pending) {
    const view = await getWorkflow(apiUrl, id).catch(() => undefined);
    if (view) done.set(id, view);
  }
  return done;
}

export function countBy<T>(items: Iterable<T>, key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Runs an idempotent setup call again when it times out or meets a 5xx (a cold server on a busy machine), up to 3 times. */
export async function retryingSetup<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retryable = (error as Error).name === "TimeoutError" || / -> 5\d\d:/.test((error as Error).message);
      if (!retryable || attempt >= 3) throw error;
    }
  }
}

/**
 * Starts one workflow per input with `lanes` requests in flight, in input order. A start that times
 * out or meets a 5xx (a cold server on a busy machine) is tried again, up to 3 times; such a start
 * may have created a workflow too, which nothing here waits for.
 */
export async function startWorkflows(
  apiUrl: string,
  name: string,
  inputs: Record<string, unknown>[],
  lanes = 8,
): Promise<string[]> {
  const ids = new Array<string>(inputs.length);
  let next = 0;
  const lane = async () => {
    while (next < inputs.length) {
      const i = next++;
      ids[i] = await retryingSetup(() => startWorkflow(apiUrl, name, inputs[i]!));
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return ids;
}
