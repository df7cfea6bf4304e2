// The raw loop (raw-loop.mjs) on plain `fetch`: what any Node, Bun or Deno program can do with no
// library at all.
import { runRawLoop } from "./raw-loop.mjs";

const JSON_HEADERS = { "content-type": "application/json" };

await runRawLoop(JSON.parse(process.env.BENCH_CONFIG), {
  async getJson(url) {
    const res = await fetch(url);
    const text = await res.text();
    return res.status === 200 && text ? JSON.parse(text) : undefined;
  },
  async postJson(url, body) {
    const res = await fetch(url, { method: "POST", headers: JSON_HEADERS, body });
    const text = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return text ? JSON.parse(text) : undefined;
  },
});
