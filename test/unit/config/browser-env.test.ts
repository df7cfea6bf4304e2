// The configuration, errors, transport and clients must load and work where there is no `process`
// (browsers): bundle them for the browser and run the bundle in a bare VM context.
import { runInNewContext } from "node:vm";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { describe, expect, it } from "vitest";

const entry = `
  export { Configuration } from "./src/config/index.js";
  export { ConductorError, ConfigurationError } from "./src/errors/index.js";
  export { ConductorClients, WorkflowClient } from "./src/clients/index.js";
`;

type Bundle = typeof import("../../../src/config/index.js") &
  typeof import("../../../src/errors/index.js") &
  typeof import("../../../src/clients/index.js");

async function loadBundle(globals: Record<string, unknown>): Promise<Bundle> {
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: fileURLToPath(new URL("../../..", import.meta.url)), loader: "ts" },
    bundle: true,
    format: "iife",
    globalName: "sdk",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  // Node built-ins would make a browser bundle fail; none may be referenced.
  expect(code).not.toMatch(/require\(["']node:/);
  const context: Record<string, unknown> = { ...globals };
  runInNewContext(`${code};globalThis.sdk = sdk;`, context);
  return context.sdk as Bundle;
}

const browserGlobals = () => ({
  URL,
  console,
  AbortController,
  AbortSignal,
  Headers,
  Request,
  Response,
  FormData,
  setTimeout,
  clearTimeout,
  atob,
  JSON,
});

describe("browser environment", () => {
  it("loads without process and defaults to localhost", async () => {
    const sdk = await loadBundle(browserGlobals());
    const config = new sdk.Configuration();
    expect(config.serverUrl).toBe("http://localhost:8080/api");
    expect(() => new sdk.Configuration({ serverUrl: "nope" })).toThrow(sdk.ConfigurationError);
  });

  it("starts a workflow and reads its status through a page-provided fetch", async () => {
    const seen: string[] = [];
    // A page's fetch is called like the browser's: fetch(url, init).
    const fakeFetch = async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? "GET";
      seen.push(`${method} ${url}`);
      if (method === "POST") return new Response("wf-1", { headers: { "content-type": "text/plain" } });
      return Response.json({ workflowId: "wf-1", status: "RUNNING" });
    };
    const sdk = await loadBundle({ ...browserGlobals(), fetch: fakeFetch });
    const workflows = new sdk.WorkflowClient(new sdk.Configuration({ serverUrl: "http://app.test" }));
    const id = await workflows.startWorkflow({ name: "hello" });
    expect(id).toBe("wf-1");
    expect((await workflows.getWorkflowStatus(id)).status).toBe("RUNNING");
    expect(seen).toEqual(["POST http://app.test/api/workflow", "GET http://app.test/api/workflow/wf-1/status"]);
    // Errors created in the bundle are recognised by this copy of the classes.
    const { ConductorError } = await import("../../../src/errors/index.js");
    const error = await workflows.getWorkflow("").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorError);
  });
});
