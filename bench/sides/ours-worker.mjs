// Our SDK's worker runtime, loaded from the package build (scripts/build.ts output) exactly as a
// user's program would load `@conductor-ts/sdk/worker`.
const config = JSON.parse(process.env.BENCH_CONFIG);
const dist = process.env.BENCH_OURS_DIST;
const { TaskHandler, workerTask } = await import(`${dist}/worker.js`);
const { Configuration } = await import(`${dist}/index.js`);
let executed = 0;

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const workers = config.taskTypes.map((type) =>
  workerTask(
    type,
    (input) => {
      const output = { echo: input.n ?? null };
      executed++;
      if (executed % config.reportEvery === 0) process.stdout.write(`EXECUTED ${executed}\n`);
      return output;
    },
    { concurrency: config.concurrency, pollIntervalMs: config.pollIntervalMs, pollTimeoutMs: config.pollTimeoutMs },
  ),
);
const handler = new TaskHandler({
  workers,
  configuration: new Configuration({ serverUrl: config.apiUrl, logger: silent }),
  logger: silent,
});
process.on("SIGTERM", () => {
  void handler.stop().then(() => process.exit(0));
});
process.stdout.write("READY\n");
await handler.start();
