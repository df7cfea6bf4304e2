import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Configuration } from "../../../src/config/index.js";
import { ConductorAuthError, ConductorError } from "../../../src/errors/index.js";
import { Transport } from "../../../src/transport/index.js";
import type { OperationRequest } from "../../../src/transport/index.js";
import { jwtExpiry } from "../../../src/transport/auth.js";

const BASE = "http://orkes.test";
const SECRET = "s3cr3t-value-never-logged";
const KEY = "key-id-123";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

function jwt(expSeconds: number): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${enc({ alg: "HS256" })}.${enc({ sub: "app", exp: expSeconds })}.sig`;
}

const logs: string[] = [];
const logger = {
  debug: (...a: unknown[]) => logs.push(a.map(String).join(" ")),
  info: (...a: unknown[]) => logs.push(a.map(String).join(" ")),
  warn: (...a: unknown[]) => logs.push(a.map(String).join(" ")),
  error: (...a: unknown[]) => logs.push(a.map(String).join(" ")),
};

function transport(extra: ConstructorParameters<typeof Configuration>[0] = {}) {
  return new Transport(
    new Configuration({
      serverUrl: `${BASE}/api`,
      authKey: KEY,
      authSecret: SECRET,
      logger,
      env: {},
      retry: { maxRetries: 0 },
      ...extra,
    }),
  );
}

const getWorkflow: OperationRequest = {
  operation: "workflow.getWorkflow",
  method: "GET",
  path: "/api/workflow/{workflowId}",
  pathParams: { workflowId: "w1" },
  parseAs: "json",
  idempotent: true,
};

/** Token endpoint that hands out tok-1, tok-2, ... and records the bodies it got. */
function tokenEndpoint(make: (n: number) => string = (n) => `tok-${n}`) {
  const bodies: unknown[] = [];
  server.use(
    http.post(`${BASE}/api/token`, async ({ request }) => {
      bodies.push(await request.json());
      await new Promise((r) => setTimeout(r, 10));
      return HttpResponse.json({ token: make(bodies.length) });
    }),
  );
  return bodies;
}

/** Workflow endpoint echoing the token it saw. */
function echoEndpoint() {
  const seen: (string | null)[] = [];
  server.use(
    http.get(`${BASE}/api/workflow/:id`, ({ request }) => {
      seen.push(request.headers.get("X-Authorization"));
      return HttpResponse.json({ token: request.headers.get("X-Authorization") });
    }),
  );
  return seen;
}

describe("auth", () => {
  it("gets a token with keyId/keySecret, sends it as X-Authorization and reuses it", async () => {
    const bodies = tokenEndpoint();
    const seen = echoEndpoint();
    const t = transport();
    await t.call(getWorkflow);
    await t.call(getWorkflow);
    expect(bodies).toEqual([{ keyId: KEY, keySecret: SECRET }]);
    expect(seen).toEqual(["tok-1", "tok-1"]);
  });

  it("shares one token request among concurrent calls", async () => {
    const bodies = tokenEndpoint();
    const seen = echoEndpoint();
    const t = transport();
    await Promise.all(Array.from({ length: 10 }, () => t.call(getWorkflow)));
    expect(bodies).toHaveLength(1);
    expect(new Set(seen)).toEqual(new Set(["tok-1"]));
  });

  it("refreshes before the JWT's exp", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.parse("2026-11-26T12:00:00Z");
    vi.setSystemTime(start);
    const bodies = tokenEndpoint((n) => jwt(Date.now() / 1000 + 600 + n));
    const seen = echoEndpoint();
    const t = transport();
    await t.call(getWorkflow);
    vi.setSystemTime(start + 500_000); // still more than a minute left
    await t.call(getWorkflow);
    expect(bodies).toHaveLength(1);
    vi.setSystemTime(start + 550_000); // within the last minute before exp
    await t.call(getWorkflow);
    expect(bodies).toHaveLength(2);
    expect(seen[2]).not.toBe(seen[0]);
  });

  it("uses tokenTtlMs when the token is not a JWT", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse("2026-11-26T12:00:00Z"));
    const bodies = tokenEndpoint();
    echoEndpoint();
    const t = transport({ tokenTtlMs: 10 * 60_000 });
    await t.call(getWorkflow);
    vi.setSystemTime(Date.now() + 8 * 60_000);
    await t.call(getWorkflow);
    expect(bodies).toHaveLength(1);
    vi.setSystemTime(Date.now() + 2 * 60_000);
    await t.call(getWorkflow);
    expect(bodies).toHaveLength(2);
  });

  it.each(["EXPIRED_TOKEN", "INVALID_TOKEN"])(
    "refreshes once on a 401 saying %s and repeats the call",
    async (word) => {
      const bodies = tokenEndpoint();
      server.use(
        http.get(`${BASE}/api/workflow/:id`, ({ request }) =>
          request.headers.get("X-Authorization") === "tok-1"
            ? HttpResponse.json({ error: word, message: "Token expired" }, { status: 401 })
            : HttpResponse.json({ ok: request.headers.get("X-Authorization") }),
        ),
      );
      const t = transport();
      // Works for a non-idempotent call too: the server refused it before doing anything.
      expect(await t.call({ ...getWorkflow, idempotent: false })).toEqual({ ok: "tok-2" });
      expect(bodies).toHaveLength(2);
    },
  );

  it("refreshes only once when the new token is rejected too", async () => {
    const bodies = tokenEndpoint();
    let hits = 0;
    server.use(
      http.get(`${BASE}/api/workflow/:id`, () => {
        hits++;
        return HttpResponse.json({ message: "EXPIRED_TOKEN" }, { status: 401 });
      }),
    );
    const error = (await transport()
      .call(getWorkflow)
      .catch((e: unknown) => e)) as ConductorError;
    expect(error).toBeInstanceOf(ConductorError);
    expect(error.status).toBe(401);
    expect(hits).toBe(2);
    expect(bodies).toHaveLength(2);
  });

  it("does not refresh on a 401 for other reasons or on 403", async () => {
    const bodies = tokenEndpoint();
    server.use(
      http.get(`${BASE}/api/workflow/:id`, () => HttpResponse.json({ message: "no access" }, { status: 403 })),
    );
    await expect(transport().call(getWorkflow)).rejects.toMatchObject({ status: 403 });
    server.use(
      http.get(`${BASE}/api/workflow/:id`, () => HttpResponse.json({ message: "who are you" }, { status: 401 })),
    );
    await expect(transport().call(getWorkflow)).rejects.toMatchObject({ status: 401 });
    expect(bodies).toHaveLength(2); // one per transport
  });

  it("stops asking after a 404 from /api/token (server without auth)", async () => {
    let tokenCalls = 0;
    server.use(
      http.post(`${BASE}/api/token`, () => {
        tokenCalls++;
        return HttpResponse.json({ status: 404, message: "No static resource api/token." }, { status: 404 });
      }),
    );
    const seen = echoEndpoint();
    const t = transport();
    await Promise.all([t.call(getWorkflow), t.call(getWorkflow)]);
    await t.call(getWorkflow);
    expect(tokenCalls).toBe(1);
    expect(seen).toEqual([null, null, null]);
    expect(t.tokens?.disabled).toBe(true);
  });

  it("fails with ConductorAuthError on bad credentials, without leaking the secret", async () => {
    server.use(
      http.post(`${BASE}/api/token`, async ({ request }) =>
        HttpResponse.json({ message: `invalid credentials ${JSON.stringify(await request.json())}` }, { status: 401 }),
      ),
    );
    const error = (await transport()
      .call(getWorkflow)
      .catch((e: unknown) => e)) as ConductorAuthError;
    expect(error).toBeInstanceOf(ConductorAuthError);
    expect(error.code).toBe("AUTH");
    expect(error.status).toBe(401);
    expect(error.message).toContain("could not obtain an access token");
    expect(JSON.stringify({ ...error, message: error.message, body: error.body })).not.toContain(SECRET);
    expect(error.message).not.toContain(SECRET);
  });

  it("never sends the token to another origin through a redirect", async () => {
    tokenEndpoint();
    let foreignHits = 0;
    server.use(
      http.get(
        `${BASE}/api/workflow/:id`,
        () => new HttpResponse(null, { status: 302, headers: { Location: "http://evil.test/steal" } }),
      ),
      http.get("http://evil.test/steal", () => {
        foreignHits++;
        return HttpResponse.json({});
      }),
    );
    await expect(transport().call(getWorkflow)).rejects.toThrow(/redirect/);
    expect(foreignHits).toBe(0);
  });

  it("calls a custom fetch unbound, as browsers' native fetch requires", async () => {
    tokenEndpoint();
    echoEndpoint();
    const strictFetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
      return globalThis.fetch(input, init);
    } as typeof fetch;
    expect(await transport({ fetch: strictFetch }).call(getWorkflow)).toEqual({ token: "tok-1" });
  });

  it("never logs the secret or a token", () => {
    const all = logs.join("\n");
    expect(all).not.toContain(SECRET);
    expect(all).not.toMatch(/tok-\d/);
    expect(all).toContain("no /api/token endpoint");
  });

  it("reads exp from JWTs and ignores other tokens", () => {
    expect(jwtExpiry(jwt(1_900_000_000))).toBe(1_900_000_000_000);
    expect(jwtExpiry("opaque-token")).toBeUndefined();
    expect(jwtExpiry("a.%%%.c")).toBeUndefined();
  });
});

describe("no background timer", () => {
  it("lets a Node process exit right after an authenticated call", async () => {
    let tokenCalls = 0;
    const local = createServer((req, res) => {
      if (req.url === "/api/token") {
        tokenCalls++;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ token: jwt(Math.floor(Date.now() / 1000) + 3600) }));
      } else {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ auth: req.headers["x-authorization"] !== undefined }));
      }
    });
    await new Promise<void>((r) => local.listen(0, "127.0.0.1", r));
    const port = (local.address() as AddressInfo).port;
    const transportModule = fileURLToPath(new URL("../../../src/transport/index.ts", import.meta.url));
    const configModule = fileURLToPath(new URL("../../../src/config/index.ts", import.meta.url));
    const script = `
      const { Transport } = await import(${JSON.stringify(transportModule)});
      const { Configuration, silentLogger } = await import(${JSON.stringify(configModule)});
      const t = new Transport(new Configuration({ serverUrl: "http://127.0.0.1:${port}/api", authKey: "k", authSecret: "s", logger: silentLogger, env: {} }));
      console.log(JSON.stringify(await t.call({ operation: "x", method: "GET", path: "/api/x", parseAs: "json", idempotent: true })));
    `;
    const started = Date.now();
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: fileURLToPath(new URL("../../..", import.meta.url)),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    local.close();
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out.trim()).toBe('{"auth":true}');
    expect(tokenCalls).toBe(1);
    // The configured timeout is 60 s; exiting well before it shows nothing keeps the loop alive.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
