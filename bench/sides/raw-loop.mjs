// The raw worker loop both raw sides run: a batch poll for the free slots and one POST
// /api/tasks/update-v2 per task (update-v2 hands back the next task of the same type, so a slot
// keeps working without a poll in between), nothing else: no back-off growth, no logging, no
// metrics; a failed update is retried up to 4 times (the SQLite server does answer 500 under write
// bursts). The sides differ only in the HTTP client they pass in: `getJson(url)` answers the
// parsed body of a 200 (or undefined), `postJson(url, body)` the parsed body of a 2xx (undefined when empty) or throws.
export async function runRawLoop(config, http) {
  const { apiUrl, taskTypes, concurrency, pollIntervalMs, pollTimeoutMs, reportEvery } = config;
  const workerId = `raw-${process.pid}`;
  let running = true;
  let executed = 0;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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
        return await http.postJson(`${apiUrl}/tasks/update-v2`, body);
      } catch {
        // retried
      }
    }
    return undefined;
  }

  async function runSlot(first) {
    let task = first;
    while (task && running) {
      const output = { echo: task.inputData?.n ?? null };
      executed++;
      if (executed % reportEvery === 0) process.stdout.write(`EXECUTED ${executed}\n`);
      task = await complete(task, output);
    }
  }

  async function pollLoop(taskType) {
    let inFlight = 0;
    let slotFreed;
    const base = `${apiUrl}/tasks/poll/batch/${encodeURIComponent(taskType)}?workerid=${workerId}&timeout=${pollTimeoutMs}&count=`;
    while (running) {
      const free = concurrency - inFlight;
      if (free === 0) {
        await new Promise((r) => (slotFreed = r));
        continue;
      }
      let tasks;
      try {
        tasks = (await http.getJson(base + free)) ?? [];
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
}
