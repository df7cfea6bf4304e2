// The raw loop (raw-loop.mjs) on undici's lower-level client: one Pool for the server's origin and
// `pool.request`, which skips the WHATWG fetch layer (Request/Response objects, body streams). This
// is the floor for an HTTP/1.1 worker in Node: the same requests with the least client work.
import { Pool } from "undici";
import { runRawLoop } from "./raw-loop.mjs";

const config = JSON.parse(process.env.BENCH_CONFIG);
const origin = new URL(config.apiUrl).origin;
const pool = new Pool(origin, { keepAliveTimeout: 30_000 });
const JSON_HEADERS = { "content-type": "application/json" };
const pathOf = (url) => url.slice(origin.length);

await runRawLoop(config, {
  async getJson(url) {
    const { statusCode, body } = await pool.request({ method: "GET", path: pathOf(url) });
    const text = await body.text();
    return statusCode === 200 && text ? JSON.parse(text) : undefined;
  },
  async postJson(url, payload) {
    const { statusCode, body } = await pool.request({
      method: "POST",
      path: pathOf(url),
      headers: JSON_HEADERS,
      body: payload,
    });
    const text = await body.text();
    if (statusCode < 200 || statusCode >= 300) throw new Error(`HTTP ${statusCode}`);
    return text ? JSON.parse(text) : undefined;
  },
});
