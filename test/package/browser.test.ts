// The installed package in a real browser: two Vite apps built from the tarball install (the one README's bundle
// size is measured on, and a richer scenario), served with a same-origin proxy to the real test server (Conductor
// sends no CORS headers) and opened in Debian's Chromium, driven by playwright-core (never a downloaded browser).
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { chromium, type Browser, type Page, type Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  GZIP_BUDGET_BYTES,
  kb,
  measureBudgetApp,
  measureBuild,
  readmeFigureKb,
  viteBuild,
  type BundleReport,
} from "../../scripts/bundle-size.js";
import type { MswPageResult } from "./apps/browser/msw/main.js";
import type { ScenarioResult } from "./apps/browser/scenario/main.js";
import { appsDir, consumerProject, packedSdk } from "./support/packed.js";

const CHROMIUM = "/usr/bin/chromium";

let browser: Browser | undefined;
const servers: Server[] = [];
const proxied: string[] = [];
let budget: { report: BundleReport; url: string };
let scenarioUrl: string;
let mswUrl: string;

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

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css",
};

/** Serves a Vite build and proxies /api to the Conductor server on one origin; resolves to the page's URL. */
async function serve(distDir: string): Promise<string> {
  const target = new URL(inject("conductorServerUrl"));
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path === "/api" || path.startsWith("/api/")) return proxy(target, req, res);
    const file = normalize(join(distDir, path === "/" ? "index.html" : path));
    if (req.method === "GET" && file.startsWith(distDir) && existsSync(file)) {
      res.writeHead(200, { "content-type": contentTypes[extname(file)] ?? "application/octet-stream" });
      res.end(readFileSync(file));
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** A page whose console errors and failed requests are collected. */
async function openPage(url: string): Promise<{ page: Page; consoleErrors: string[]; failedRequests: Request[] }> {
  const page = await browser!.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
  const failedRequests: Request[] = [];
  page.on("requestfailed", (req) => failedRequests.push(req));
  await page.goto(url);
  return { page, consoleErrors, failedRequests };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. Install Debian's package: ` +
        "`sudo apt-get update && sudo apt-get install -y chromium` (playwright-core drives it; no browser is downloaded).",
    );
  }
  const root = packedSdk().root;
  const report = measureBudgetApp(root, "vite-budget");
  budget = { report, url: await serve(join(root, "vite-budget/dist")) };
  const scenarioDir = consumerProject("vite-scenario", {}, join(appsDir, "browser/scenario"));
  scenarioUrl = await serve(viteBuild(scenarioDir));
  // The msw page: msw's service worker script is served from the app's origin, as `npx msw init public/` does.
  const mswDir = consumerProject("vite-msw", {}, join(appsDir, "browser/msw"));
  mkdirSync(join(mswDir, "public"), { recursive: true });
  copyFileSync(join(root, "node_modules/msw/lib/mockServiceWorker.js"), join(mswDir, "public/mockServiceWorker.js"));
  mswUrl = await serve(viteBuild(mswDir));

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
}, 240_000);

afterAll(async () => {
  await browser?.close();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe("bundle size of a Vite app over the installed package", () => {
  it("keeps both API calls and openapi-fetch, and stays within the budget", () => {
    const { report } = budget;
    // Tree-shaking must not have dropped what the app claims to do.
    expect(report.code).toContain("/api/workflow");
    expect(report.code).toContain("/api/workflow/{workflowId}/status");
    expect(report.code).toContain("querySerializer"); // openapi-fetch
    expect(report.code).not.toMatch(/from\s*["']node:/);
    expect(report.gzippedBytes, `gzipped size over the ${GZIP_BUDGET_BYTES} B budget`).toBeLessThanOrEqual(
      GZIP_BUDGET_BYTES,
    );
  });

  it("is the figure README.md states (within 0.2 KB)", () => {
    const stated = readmeFigureKb();
    expect(stated, "README.md states the figure").toBeDefined();
    const measured = budget.report.gzippedBytes / 1024;
    expect(
      Math.abs(stated! - measured),
      `README.md says ${stated} KB, Vite over the installed package gives ${kb(budget.report.gzippedBytes)}`,
    ).toBeLessThanOrEqual(0.2);
  });

  it("measures what scripts/bundle-size.ts measures (same build, same sizes)", () => {
    const again = measureBuild(join(packedSdk().root, "vite-budget/dist"));
    expect(again.gzippedBytes).toBe(budget.report.gzippedBytes);
  });
});

it("runs the measured app in Chromium: it starts a workflow and shows its status", async () => {
  const name = "hello_browser";
  const api = inject("conductorApiUrl");
  const definition = {
    name,
    version: 1,
    schemaVersion: 2,
    ownerEmail: "sdk-tests@example.com",
    timeoutSeconds: 60,
    tasks: [
      {
        name: "set_who",
        taskReferenceName: "set_who",
        type: "SET_VARIABLE",
        inputParameters: { who: "${workflow.input.who}" },
      },
    ],
  };
  const registered = await fetch(`${api}/metadata/workflow`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify([definition]),
  });
  expect(registered.status, await registered.text()).toBeLessThan(300);
  const { page, consoleErrors } = await openPage(budget.url);
  await page.waitForFunction(() => document.body.textContent?.includes("{"), undefined, { timeout: 30_000 });
  const text = (await page.textContent("body")) ?? "";
  const [id, status] = [
    text.slice(0, text.indexOf(" ")),
    JSON.parse(text.slice(text.indexOf(" ") + 1)) as { workflowId: string },
  ];
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(status.workflowId).toBe(id);
  expect(proxied).toContain("POST /api/workflow");
  expect(consoleErrors).toEqual([]);
  await page.close();
});

it("runs the scenario app in Chromium: registers, starts and reads back a workflow to COMPLETED", async () => {
  const { page, consoleErrors, failedRequests } = await openPage(scenarioUrl);
  await page.waitForFunction(() => typeof window.runConductorScenario === "function", undefined, { timeout: 10_000 });
  const workflowName = `sdk_browser_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const unknownId = `no_such_workflow_${workflowName}`;
  const result: ScenarioResult = await page.evaluate(([name, unknown]) => window.runConductorScenario(name, unknown), [
    workflowName,
    unknownId,
  ] as const);

  expect(result.serverUrl).toBe(`${scenarioUrl}api`);
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

it("runs the msw page in Chromium: typed mocks and FakeConductor answer the SDK in the page, nothing goes out", async () => {
  const before = proxied.length;
  const { page, consoleErrors, failedRequests } = await openPage(mswUrl);
  await page.waitForFunction(() => typeof window.runMswPage === "function", undefined, { timeout: 10_000 });
  const result: MswPageResult = await page.evaluate(() => window.runMswPage());
  expect(result).toEqual({
    mockedStatus: "COMPLETED",
    mockedOutput: { total: 42 },
    notFound: { isConductorError: true, status: 404 },
    fakeStatuses: ["RUNNING", "COMPLETED"],
    fakeOutput: { packed: "boxed book" },
  });
  // Answered by the service worker: no request reached the page's server (or its proxy to Conductor).
  expect(proxied.slice(before)).toEqual([]);
  expect(consoleErrors.filter((m) => !m.includes("status of 404"))).toEqual([]);
  expect(failedRequests.map((r) => r.url())).toEqual([]);
  await page.close();
});
