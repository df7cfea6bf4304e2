// A request carrying credentials never follows a redirect to another origin, whatever header the
// credential is in. Two real servers on 127.0.0.1, on different ports (different origins): the
// first redirects, the second records every header it receives.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Configuration, silentLogger, type ConfigurationOptions } from "../../../src/config/index.js";
import { ConductorError } from "../../../src/errors/index.js";
import { WorkflowClient } from "../../../src/clients/index.js";
import { json, startLoopbackServer, type LoopbackServer } from "../../support/loopback-server.js";

let foreign: LoopbackServer;
let server: LoopbackServer;

beforeAll(async () => {
  foreign = await startLoopbackServer((_r, res) => json(res, 200, { workflowId: "from-elsewhere", status: "RUNNING" }));
  server = await startLoopbackServer((r, res) => {
    if (r.url.startsWith("/api/token")) return json(res, 200, { token: "issued-token-123" });
    if (r.url.startsWith("/api/workflow/moved"))
      return json(res, 302, {}, { Location: `${foreign.origin}/api/workflow/stolen` });
    if (r.url.startsWith("/api/workflow/renamed")) return json(res, 307, {}, { Location: "/api/workflow/here" });
    return json(res, 200, { workflowId: "here", status: "RUNNING" });
  });
});
afterAll(async () => {
  await server.close();
  await foreign.close();
});

function client(options: ConfigurationOptions = {}) {
  return new WorkflowClient(
    new Configuration({ serverUrl: `${server.origin}/api`, logger: silentLogger, env: {}, retry: false, ...options }),
  );
}

async function foreignHeadersAfter(call: () => Promise<unknown>): Promise<{ error: unknown; received: string[] }> {
  const before = foreign.requests.length;
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, received: foreign.requests.slice(before).flatMap((r) => Object.keys(r.headers)) };
}

describe("redirects and credentials", () => {
  it.each([
    ["X-Authorization in Configuration.headers", { headers: { "X-Authorization": "plain-token-1" } }, undefined],
    ["Authorization in Configuration.headers", { headers: { Authorization: "Bearer plain-token-2" } }, undefined],
    ["X-Authorization per call", {}, { "X-Authorization": "plain-token-3" }],
    ["a header marked sensitive", { sensitiveHeaders: ["X-Api-Key"] }, { "x-api-key": "plain-token-4" }],
    ["a token from authKey/authSecret", { authKey: "key-id", authSecret: "key-secret" }, undefined],
  ] as const)("%s is never sent to another origin", async (_what, options, headers) => {
    const { error, received } = await foreignHeadersAfter(() =>
      client(options as ConfigurationOptions).getWorkflow("moved", {}, headers ? { headers } : {}),
    );
    expect(received).toEqual([]);
    expect(error).toBeInstanceOf(ConductorError);
    expect((error as ConductorError).status).toBe(302);
    expect((error as Error).message).toMatch(/redirect to another origin \(http:\/\/127\.0\.0\.1:\d+\); not followed/);
    expect((error as Error).message).not.toContain("plain-token");
  });

  it("follows a redirect within the configured origin, credentials and all", async () => {
    const before = server.requests.length;
    const run = await client({ headers: { "X-Authorization": "plain-token-5" } }).getWorkflow("renamed");
    expect(run.workflowId).toBe("here");
    const hops = server.requests.slice(before);
    expect(hops.map((r) => r.url.split("?")[0])).toEqual(["/api/workflow/renamed", "/api/workflow/here"]);
    expect(hops.map((r) => r.headers["x-authorization"])).toEqual(["plain-token-5", "plain-token-5"]);
  });

  it("without credentials a redirect is followed as fetch does", async () => {
    const { error, received } = await foreignHeadersAfter(() =>
      client({ headers: { "X-Team": "payments" } }).getWorkflow("moved"),
    );
    expect(error).toBeUndefined();
    expect(received).toContain("x-team");
  });
});
