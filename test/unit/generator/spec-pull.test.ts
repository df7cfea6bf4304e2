// spec:pull against a secured deployment: a real HTTP server on 127.0.0.1 that wants a gateway header
// and an Orkes-style token (from CONDUCTOR_AUTH_KEY/SECRET), and reports its version at /api/version.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startLoopbackServer, type LoopbackServer } from "../../support/loopback-server.js";

const root = join(import.meta.dirname, "../../..");
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function specPull(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/spec-pull.ts", ...args],
      {
        cwd: root,
        env: { ...process.env, CONDUCTOR_AUTH_KEY: "", CONDUCTOR_AUTH_SECRET: "", ...env },
      },
    );
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

async function securedServer(): Promise<LoopbackServer> {
  const server = await startLoopbackServer((request, res) => {
    if (request.headers["x-gateway"] !== "open-sesame") return res.writeHead(403).end("no gateway header");
    if (request.url === "/api/token" && request.method === "POST") {
      const body = JSON.parse(request.body) as { keyId: string; keySecret: string };
      if (body.keyId !== "k" || body.keySecret !== "s") return res.writeHead(401).end("bad key");
      return res.writeHead(200, { "content-type": "application/json" }).end('{"token":"t0k"}');
    }
    if (request.headers["x-authorization"] !== "t0k") return res.writeHead(401).end("no token");
    if (request.url === "/api/version") return res.writeHead(200).end("3.99.0");
    if (request.url === "/api-docs") {
      return res
        .writeHead(200, { "content-type": "application/json" })
        .end(
          JSON.stringify({
            openapi: "3.0.1",
            servers: [{ url: "x" }],
            info: {},
            paths: { "/api/b": {}, "/api/a": {} },
          }),
        );
    }
    res.writeHead(404).end();
  });
  cleanups.push(() => server.close());
  return server;
}

describe("npm run spec:pull --url", () => {
  it("sends --header and the token from CONDUCTOR_AUTH_KEY/SECRET, records the reported version", async () => {
    const server = await securedServer();
    const out = mkdtempSync(join(tmpdir(), "pull-"));
    cleanups.push(() => rmSync(out, { recursive: true, force: true }));
    const { code, output } = await specPull(
      { CONDUCTOR_AUTH_KEY: "k", CONDUCTOR_AUTH_SECRET: "s" },
      "--url",
      `${server.origin}/api-docs`,
      "--header",
      "X-Gateway: open-sesame",
      "--out-dir",
      out,
    );
    expect(output).toContain("(2 paths) from Conductor 3.99.0");
    expect(code).toBe(0);
    expect(readFileSync(join(out, "openapi.json"), "utf8")).toBe(
      '{\n  "info": {},\n  "openapi": "3.0.1",\n  "paths": {\n    "/api/a": {},\n    "/api/b": {}\n  }\n}\n',
    );
    expect(JSON.parse(readFileSync(join(out, "source.json"), "utf8"))).toMatchObject({
      serverVersion: "3.99.0",
      configuration: expect.stringContaining("as deployed at 127.0.0.1:"),
    });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /api/token",
      "GET /api/version",
      "GET /api-docs",
    ]);
  }, 60_000);

  it("fails with the server's answer, and refuses a malformed header or --server-property with --url", async () => {
    const server = await securedServer();
    const refused = await specPull({}, "--url", `${server.origin}/api-docs`);
    expect(refused.output).toContain("answered HTTP 403: no gateway header");
    expect(refused.code).toBe(2);
    const badHeader = await specPull({}, "--url", `${server.origin}/api-docs`, "--header", "no colon");
    expect(badHeader.output).toContain('--header must look like "Name: value"');
    const property = await specPull({}, "--url", `${server.origin}/api-docs`, "--server-property", "a=b");
    expect(property.output).toContain("--server-property configures a server this command starts");
    expect(property.code).toBe(2);
  }, 60_000);
});
