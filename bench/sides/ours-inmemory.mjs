// The worker runtime alone: our TaskHandler (from a package build) on an in-memory task API, so the
// CPU per task is the runtime's own work (poll loop, execution, result delivery, metrics), with no
// HTTP. Prints `CPU_US_PER_TASK <n>` once BENCH_TASKS tasks have been delivered.
const dist = process.env.BENCH_OURS_DIST;
const total = Number(process.env.BENCH_TASKS ?? "20000");
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? "10");
const { TaskHandler, workerTask } = await import(`${dist}/worker.js`);

let queued = total;
let delivered = 0;
let nextId = 0;
let done;
const finished = new Promise((resolve) => (done = resolve));
const task = () => ({
  taskId: `t${nextId++}`,
  workflowInstanceId: "wf",
  taskType: "mem",
  taskDefName: "mem",
  referenceTaskName: "mem_ref",
  inputData: { n: nextId },
  retryCount: 0,
  pollCount: 1,
  status: "IN_PROGRESS",
});
const take = (count) => {
  const out = [];
  while (out.length < count && queued > 0) {
    queued--;
    out.push(task());
  }
  return out;
};
const land = () => {
  if (++delivered === total) done();
};
const api = {
  async batchPoll(_type, request) {
    const got = take(request.count);
    if (got.length === 0) await new Promise((r) => setTimeout(r, 5));
    return got;
  },
  async updateTaskV2() {
    land();
    return take(1)[0];
  },
  async updateTask() {
    land();
  },
  async addTaskLog() {},
  async registerTaskDefs() {},
  async getTaskDef() {
    return undefined;
  },
};
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const worker = workerTask("mem", (input) => ({ echo: input.n }), { concurrency, pollTimeoutMs: 0 });
const handler = new TaskHandler({ workers: [worker], taskApi: api, logger: silent, env: {} });
const cpu0 = process.cpuUsage();
await handler.start();
await finished;
const cpu = process.cpuUsage(cpu0);
await handler.stop();
process.stdout.write(`CPU_US_PER_TASK ${((cpu.user + cpu.system) / total).toFixed(3)}\n`);
