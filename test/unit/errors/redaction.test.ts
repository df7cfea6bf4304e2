// No secret survives in an error, however a server echoes it: raw or JSON-escaped, in the message,
// the server message, the body (parsed or raw), validation errors, the stack or a cause, and from
// any endpoint, not only /api/token. A real server on 127.0.0.1 plays the echoing server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Configuration, silentLogger, type ConfigurationOptions } from "../../../src/config/index.js";
import { ConductorAuthError, ConductorError } from "../../../src/errors/index.js";
import { Transport, type OperationRequest } from "../../../src/transport/index.js";
import { json, startLoopbackServer, type LoopbackServer } from "../../support/loopback-server.js";

// Secrets with `"` and `\`, which JSON escapes: the raw text then holds `se\"cr\\et`, not the secret.
const SECRET = 'se"cr\\et-value-42';
const KEY = 'key-"id-7';
const TOKEN = 'tok"en\\issued-99';
const HEADER_TOKEN = 'hdr"tok\\en-5';

let server: LoopbackServer;
let tokenAnswer: "ok" | "echo401" = "ok";

beforeAll(async () => {
  server = await startLoopbackServer((r, res) => {
    const echoed = { auth: r.headers["x-authorization"], apiKey: r.headers["x-api-key"], body: r.body };
    if (r.url === "/api/token") {
      if (tokenAnswer === "echo401") return json(res, 401, { message: `invalid credentials ${r.body}` });
      return json(res, 200, { token: TOKEN });
    }
    if (r.url.startsWith("/api/echo/json"))
      return json(res, 500, {
        message: `rejected ${JSON.stringify(echoed)}`,
        validationErrors: [{ path: "auth", message: `bad ${String(echoed.auth)}`, invalidValue: echoed }],
        echoed,
      });
    if (r.url.startsWith("/api/echo/text")) {
      res.writeHead(502, { "Content-Type": "text/plain" });
      return res.end(`upstream said ${JSON.stringify(echoed)}`);
    }
    if (r.url.startsWith("/api/echo/not-json")) {
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end(`{token: ${String(echoed.auth)}`);
    }
    return json(res, 404, {});
  });
});
afterAll(() => server.close());

function transport(options: ConfigurationOptions) {
  return new Transport(
    new Configuration({ serverUrl: `${server.origin}/api`, logger: silentLogger, env: {}, retry: false, ...options }),
  );
}

const call = (path: string): OperationRequest => ({
  operation: "echo.get",
  method: "POST",
  path,
  body: { note: "request body" },
  parseAs: "json",
  idempotent: false,
});

/** Every string reachable from the error: own fields (message and stack too), nested values, causes. */
function stringsOf(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === "string") return [value];
  if (typeof value !== "object" || value === null || seen.has(value)) return [];
  seen.add(value);
  const keys = new Set([
    ...Object.getOwnPropertyNames(value),
    ...(value instanceof Error ? ["message", "stack", "cause"] : []),
  ]);
  return [...keys].flatMap((k) => [k, ...stringsOf((value as Record<string, unknown>)[k], seen)]);
}

function expectScrubbed(error: unknown, secrets: string[]): void {
  expect(error).toBeInstanceOf(ConductorError);
  const all = stringsOf(error).join("\n");
  for (const secret of secrets) {
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) {
      expect(all, `the error still holds ${form}`).not.toContain(form);
    }
  }
  expect(all).toContain("[redacted]");
}

describe("secrets never survive in an error", () => {
  it("key and secret echoed by /api/token, JSON-escaped, are scrubbed from the ConductorAuthError", async () => {
    tokenAnswer = "echo401";
    try {
      const error = await transport({ authKey: KEY, authSecret: SECRET })
        .call(call("/api/echo/json"))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConductorAuthError);
      expectScrubbed(error, [SECRET, KEY]);
    } finally {
      tokenAnswer = "ok";
    }
  });

  it.each(["/api/echo/json", "/api/echo/text", "/api/echo/not-json"])(
    "the token another endpoint (%s) echoes is scrubbed from message, serverMessage, body, validation errors and causes",
    async (path) => {
      const error = await transport({ authKey: KEY, authSecret: SECRET })
        .call(call(path))
        .catch((e: unknown) => e);
      expectScrubbed(error, [TOKEN, SECRET, KEY]);
      expect((error as Error).message).toMatch(/\[redacted\]/);
    },
  );

  it("credential header values, configured or per call, are scrubbed too", async () => {
    const configured = await transport({ headers: { "X-Authorization": HEADER_TOKEN } })
      .call(call("/api/echo/json"))
      .catch((e: unknown) => e);
    expectScrubbed(configured, [HEADER_TOKEN]);
    const perCall = await transport({ sensitiveHeaders: ["X-Api-Key"] })
      .call(call("/api/echo/text"), { headers: { "X-Api-Key": HEADER_TOKEN } })
      .catch((e: unknown) => e);
    expectScrubbed(perCall, [HEADER_TOKEN]);
  });

  it("an error that holds no secret is left as it was", async () => {
    const error = (await transport({ headers: { "X-Team": "payments" } })
      .call(call("/api/echo/json"))
      .catch((e: unknown) => e)) as ConductorError;
    expect(error.status).toBe(500);
    expect(JSON.stringify(error.body)).not.toContain("[redacted]");
  });
});
