// The SDK in a real browser: Debian's Chromium (driven by playwright-core, never a downloaded browser) loads a
// page bundled from our source, which registers, starts and reads back a workflow on the real test server.
import { existsSync } from "node:fs";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { chromium, type Browser, type Request } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { ScenarioResult } from "./page/scenario.js";

const CHROMIUM = "/usr/bin/chromium";
const here = dirname(fileURLToPath(import.meta.url));

let browser: Browser | undefined;
let server: Server | undefined;
let pageUrl: string;
const proxied: string[] = [];

/** Bundles the page script the way an app's bundler would: browser platform, everything inlined. */
async function bundlePage(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [join(here, "page/scenario.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/** Forwards /api/* to the Conductor server, so page and API share one origin. */
function proxy(target: URL, req: IncomingMessage, res: ServerResponse): void {
  proxied.push(`${req.method} ${req.url}`);
  const upstream = httpRequest(
    {
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: target.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", (error) => {
    res.writeHead(502, { "content-type": "text/plain" });
    res.end(`proxy error: ${error.message}`);
  });
  req.pipe(upstream);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. Install Debian's package: ` +
        "`sudo apt-get update && sudo apt-get install -y chromium` (playwright-core drives it; no browser is downloaded).",
    );
  }
  const target = new URL(inject("conductorServerUrl"));
  const script = await bundlePage();
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">' +
    '<title>conductor sdk</title><script type="module" src="/app.js"></script></head><body></body></html>';

  server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/api" || path?.startsWith("/api/")) return proxy(target, req, res);
    if (req.method === "GET" && path === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    } else if (req.method === "GET" && path === "/app.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(script);
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server!.once("error", reject);
    server!.listen(0, "127.0.0.1", resolve);
  });
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
  }
});

it("starts a workflow from a page in Chromium and reads it back to COMPLETED", async () => {
  const page = await browser!.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
  const failedRequests: Request[] = [];
  page.on("requestfailed", (req) => failedRequests.push(req));

  await page.goto(pageUrl);
  await page.waitForFunction(() => typeof window.runConductorScenario === "function", undefined, { timeout: 10_000 });
  const workflowName = `sdk_browser_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const unknownId = `no_such_workflow_${workflowName}`;
  const result: ScenarioResult = await page.evaluate(([name, unknown]) => window.runConductorScenario(name, unknown), [
    workflowName,
    unknownId,
  ] as const);

  expect(result.serverUrl).toBe(`${pageUrl}api`);
  expect(result.workflowId).toMatch(/^[0-9a-f-]{36}$/);
  expect(result.statuses.at(-1)).toBe("COMPLETED");
  // Computed by the server from the page's input: the workflow really ran.
  expect(result.output).toEqual({ greeting: "hello chromium", answer: 42 });
  // The calls went through the page's own origin (the proxy), not straight to the server.
  expect(proxied).toContain("POST /api/workflow");
  expect(proxied.some((r) => r.startsWith(`GET /api/workflow/${result.workflowId}/status`))).toBe(true);
  // A 404 reaches page code as a ConductorError carrying the status and the server's message.
  expect(result.notFound).toMatchObject({ isConductorError: true, status: 404 });
  expect(result.notFound.message).toContain(unknownId);
  // Chromium logs every HTTP error answer to the console; the deliberate 404 is the only one allowed.
  expect(consoleErrors.filter((m) => !m.includes("status of 404"))).toEqual([]);
  expect(consoleErrors.filter((m) => m.includes("status of 404")).length).toBeLessThanOrEqual(1);
  const unknownReads = proxied.filter((r) => r.includes(unknownId));
  expect(unknownReads).toHaveLength(1);
  expect(unknownReads[0]).toMatch(new RegExp(`^GET /api/workflow/${unknownId}/status(\\?|$)`));
  // Chromium reports an empty (Content-Length: 0) response whose body nobody read as "aborted" once it is
  // collected; the answer itself arrived. Any other failed request is a real failure.
  const realFailures: string[] = [];
  for (const req of failedRequests) {
    const answer = await req.response();
    const unreadEmptyBody =
      req.failure()?.errorText === "net::ERR_ABORTED" && answer?.headers()["content-length"] === "0";
    if (!unreadEmptyBody) realFailures.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
  }
  expect(realFailures).toEqual([]);
  await page.close();
});
