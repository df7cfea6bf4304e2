// Times `calls` sequential status reads through one client and prints p50/p99 in microseconds.
// BENCH_CALL = { "client": "fetch" | "ours" | "official", "origin": "http://127.0.0.1:PORT", "calls": 10000, "warmup": 500 }
const { client, origin, calls, warmup } = JSON.parse(process.env.BENCH_CALL);
const id = "wf-1";

async function makeCall() {
  if (client === "fetch") {
    return async () => {
      const res = await fetch(`${origin}/api/workflow/${id}/status?includeOutput=false&includeVariables=false`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    };
  }
  if (client === "ours") {
    const sdk = await import(`${process.env.BENCH_OURS_DIST}/index.js`);
    const workflow = new sdk.WorkflowClient(new sdk.Configuration({ serverUrl: `${origin}/api` }));
    return () => workflow.getWorkflowStatus(id, { includeOutput: false, includeVariables: false });
  }
  if (client === "official") {
    delete process.env.CONDUCTOR_SERVER_URL;
    const sdk = await import(process.env.BENCH_PEER_JS_ENTRY);
    const executor = new sdk.WorkflowExecutor(await sdk.orkesConductorClient({ serverUrl: origin }));
    return () => executor.getWorkflowStatus(id, false, false);
  }
  throw new Error(`unknown client ${client}`);
}

const call = await makeCall();
for (let i = 0; i < warmup; i++) {
  const r = await call();
  if (r?.status !== "RUNNING") throw new Error(`unexpected response ${JSON.stringify(r)}`);
}
const samples = new Float64Array(calls);
for (let i = 0; i < calls; i++) {
  const t0 = process.hrtime.bigint();
  await call();
  samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
}
samples.sort();
const at = (q) => samples[Math.min(calls - 1, Math.max(0, Math.ceil(q * calls) - 1))];
process.stdout.write(JSON.stringify({ p50Us: at(0.5), p99Us: at(0.99) }) + "\n");
process.exit(0);
