// The official JavaScript SDK (@io-orkes/conductor-javascript 4.0.0) with its TaskManager,
// loaded from bench/.peers so it never touches our own dependencies.
const config = JSON.parse(process.env.BENCH_CONFIG);
const { apiUrl, taskTypes, concurrency, pollIntervalMs, pollTimeoutMs, reportEvery } = config;
const sdk = await import(process.env.BENCH_PEER_JS_ENTRY);
let executed = 0;

// The SDK lets CONDUCTOR_SERVER_URL beat an explicit serverUrl; make sure only ours counts.
delete process.env.CONDUCTOR_SERVER_URL;
const client = await sdk.orkesConductorClient({ serverUrl: apiUrl });
const workers = taskTypes.map((taskDefName) => ({
  taskDefName,
  concurrency,
  pollInterval: pollIntervalMs,
  execute: async (task) => {
    const outputData = { echo: task.inputData?.n ?? null };
    executed++;
    if (executed % reportEvery === 0) process.stdout.write(`EXECUTED ${executed}\n`);
    return { status: "COMPLETED", outputData };
  },
}));
const manager = new sdk.TaskManager(client, workers, {
  logger: sdk.noopLogger,
  options: { concurrency, pollInterval: pollIntervalMs, batchPollingTimeout: pollTimeoutMs },
});
process.on("SIGTERM", async () => {
  await manager.stopPolling();
  process.exit(0);
});
process.stdout.write("READY\n");
manager.startPolling();
