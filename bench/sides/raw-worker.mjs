// The floor: batch poll and update with plain fetch, nothing else (no metrics, no logging; an
// update is retried only when it fails, as the SQLite server does answer 500 under write bursts). Same concurrency and poll settings as every SDK side.
const config = JSON.parse(process.env.BENCH_CONFIG);
const { apiUrl, taskTypes, concurrency, pollIntervalMs, pollTimeoutMs, reportEvery } = config;
const workerId = `raw-${process.pid}`;
let running = true;
let executed = 0;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function trivialWorker(task) {
  return { echo: task.inputData?.n ?? null };
}

// Completes a task with POST /api/tasks/update-v2, which also hands back the next task of the
// same type when there is one: a slot keeps working without a poll in between.
async function complete(task, outputData) {
  const body = JSON.stringify({
    taskId: task.taskId,
    workflowInstanceId: task.workflowInstanceId,
    workerId,
    status: "COMPLETED",
    outputData,
  });
  for (let attempt = 1; attempt <= 5; attempt++) {
    if (attempt > 1) await sleep(20 * attempt);
    try {
      const res = await fetch(`${apiUrl}/tasks/update-v2`, { method: "POST", headers: { "content-type": "application/json" }, body });
      const text = await res.text();
      if (res.ok) return text ? JSON.parse(text) : undefined;
    } catch {
      // retried below
    }
  }
  return undefined;
}

async function runSlot(first) {
  let task = first;
  while (task && running) {
    const output = trivialWorker(task);
    executed++;
    if (executed % reportEvery === 0) process.stdout.write(`EXECUTED ${executed}\n`);
    task = await complete(task, output);
  }
}

async function pollLoop(taskType) {
  let inFlight = 0;
  let slotFreed;
  while (running) {
    const free = concurrency - inFlight;
    if (free === 0) {
      await new Promise((r) => (slotFreed = r));
      continue;
    }
    let tasks = [];
    try {
      const url = `${apiUrl}/tasks/poll/batch/${encodeURIComponent(taskType)}?workerid=${workerId}&count=${free}&timeout=${pollTimeoutMs}`;
      const res = await fetch(url);
      if (res.status === 200) tasks = await res.json();
      else await res.text();
    } catch {
      tasks = [];
    }
    if (tasks.length === 0) {
      await sleep(pollIntervalMs);
      continue;
    }
    for (const task of tasks) {
      inFlight++;
      runSlot(task).finally(() => {
        inFlight--;
        slotFreed?.();
        slotFreed = undefined;
      });
    }
  }
}

process.on("SIGTERM", () => {
  running = false;
  setTimeout(() => process.exit(0), 300).unref();
});
process.stdout.write("READY\n");
await Promise.all(taskTypes.map(pollLoop));
process.exit(0);
