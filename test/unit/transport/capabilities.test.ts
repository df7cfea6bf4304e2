// Capability detection over real HTTP on 127.0.0.1: a server that reports an old version at
// /api/version and answers 404 for newer operations gets ServerVersionError naming both versions.
import { afterEach, describe, expect, it } from "vitest";
import { Configuration, silentLogger } from "../../../src/config/index.js";
import { ConductorError, ServerVersionError, UnsupportedOperationError } from "../../../src/errors/index.js";
import { compareVersions } from "../../../src/transport/capabilities.js";
import { Transport } from "../../../src/transport/index.js";
import { minServerVersions } from "../../../generated/min-versions.js";
import { AgentResource } from "../../../generated/resources/agent.js";
import { startLoopbackServer, type LoopbackServer } from "../../support/loopback-server.js";

const servers: LoopbackServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** `versionAt`: "version" answers GET /api/version (3.32+); "admin-config" only GET /api/admin/config (3.21). */
async function serverRunning(version: string, versionAt: "version" | "admin-config" = "version") {
  const server = await startLoopbackServer((request, res) => {
    if (request.url === "/api/version" && versionAt === "version")
      return res.writeHead(200, { "content-type": "text/plain" }).end(version);
    if (request.url === "/api/admin/config" && versionAt === "admin-config")
      return res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ version, buildDate: "x" }));
    res
      .writeHead(404, { "content-type": "application/json" })
      .end(JSON.stringify({ status: 404, message: `No static resource ${request.url}` }));
  });
  servers.push(server);
  const transport = new Transport(
    new Configuration({ serverUrl: `${server.origin}/api`, logger: silentLogger, env: {} }),
  );
  return { server, transport };
}

const startAgent = {
  operation: "agent.startAgent",
  method: "POST",
  path: "/api/agent/start",
  body: {},
  parseAs: "json",
  idempotent: false,
  minServerVersion: "3.32.2",
} as const;

describe("ServerVersionError", () => {
  it("names the minimum and the server's version when a newer operation answers 404 on an older server", async () => {
    expect(minServerVersions["POST /api/agent/start"]).toBe("3.32.2");
    const { server, transport } = await serverRunning("3.21.14", "admin-config");
    const error = await transport.call(startAgent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerVersionError);
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect(error).toMatchObject({
      minimumVersion: "3.32.2",
      serverVersion: "3.21.14",
      status: 404,
      code: "UNSUPPORTED",
      operation: "agent.startAgent",
    });
    expect((error as Error).message).toBe(
      "agent.startAgent (POST /api/agent/start) needs Conductor 3.32.2 or newer; the server runs 3.21.14 and answered 404",
    );
    // The generated method's request carries the minimum itself (from spec/min-versions.yaml).
    const viaResource = await new AgentResource(transport).startAgent({}).catch((e: unknown) => e);
    expect(viaResource).toBeInstanceOf(ServerVersionError);
    expect(viaResource).toMatchObject({ minimumVersion: "3.32.2", serverVersion: "3.21.14" });
    // The version is read once per transport.
    expect(server.requests.map((r) => r.url)).toEqual([
      "/api/agent/start",
      "/api/version",
      "/api/admin/config",
      "/api/agent/start",
    ]);
  });

  it("leaves a 404 alone on a new enough server, and for operations every supported server has", async () => {
    const { server, transport } = await serverRunning("3.32.3");
    const onNew = await transport.call(startAgent).catch((e: unknown) => e);
    expect(onNew).toBeInstanceOf(ConductorError);
    expect(onNew).not.toBeInstanceOf(UnsupportedOperationError);
    expect((onNew as ConductorError).status).toBe(404);

    const old = await serverRunning("3.21.14");
    const getWorkflow = await old.transport
      .call({
        operation: "workflow.getWorkflow",
        method: "GET",
        path: "/api/workflow/{workflowId}",
        pathParams: { workflowId: "nope" },
        parseAs: "json",
        idempotent: true,
      })
      .catch((e: unknown) => e);
    expect(getWorkflow).not.toBeInstanceOf(UnsupportedOperationError);
    expect(old.server.requests.map((r) => r.url)).toEqual(["/api/workflow/nope"]);
    expect(server.requests.map((r) => r.url)).toEqual(["/api/agent/start", "/api/version"]);
  });

  it("leaves an entity's 404 alone even on an older server: it is the operation answering, not a missing route", async () => {
    const server = await startLoopbackServer((request, res) => {
      if (request.url === "/api/version") return res.writeHead(200, { "content-type": "text/plain" }).end("3.21.14");
      res
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ status: 404, message: "No such agent execution: x" }));
    });
    servers.push(server);
    const transport = new Transport(
      new Configuration({ serverUrl: `${server.origin}/api`, logger: silentLogger, env: {} }),
    );
    const error = await transport.call(startAgent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConductorError);
    expect(error).not.toBeInstanceOf(UnsupportedOperationError);
    expect(server.requests.map((r) => r.url)).toEqual(["/api/agent/start"]);
  });

  it("compares versions numerically", () => {
    expect(compareVersions("3.21.14", "3.32.2")).toBeLessThan(0);
    expect(compareVersions("3.32.10", "3.32.2")).toBeGreaterThan(0);
    expect(compareVersions("3.32.2", "3.32.2")).toBe(0);
    expect(compareVersions("3.32.2-SNAPSHOT", "3.32.2")).toBe(0);
  });
});
