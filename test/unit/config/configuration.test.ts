import { describe, expect, it } from "vitest";
import { Configuration, normalizeServerUrl } from "../../../src/config/index.js";
import { ConfigurationError } from "../../../src/errors/index.js";

describe("Configuration", () => {
  it("defaults to http://localhost:8080/api with an empty environment", () => {
    const c = new Configuration({ env: {} });
    expect(c.serverUrl).toBe("http://localhost:8080/api");
    expect(c.baseUrl).toBe("http://localhost:8080");
    expect(c.timeoutMs).toBe(60_000);
    expect(c.authKey).toBeUndefined();
    expect(c.hasCredentials).toBe(false);
  });

  it("reads CONDUCTOR_SERVER_URL and credentials from the environment", () => {
    const c = new Configuration({
      env: {
        CONDUCTOR_SERVER_URL: "https://example.test/api",
        CONDUCTOR_AUTH_KEY: "key",
        CONDUCTOR_AUTH_SECRET: "secret",
      },
    });
    expect(c.serverUrl).toBe("https://example.test/api");
    expect(c.authKey).toBe("key");
    expect(c.authSecret).toBe("secret");
    expect(c.hasCredentials).toBe(true);
  });

  it("lets an explicit serverUrl beat the environment", () => {
    const c = new Configuration({
      serverUrl: "http://explicit:1234",
      env: { CONDUCTOR_SERVER_URL: "http://fromenv:8080/api" },
    });
    expect(c.serverUrl).toBe("http://explicit:1234/api");
  });

  it("lets explicit credentials beat the environment as a pair", () => {
    const c = new Configuration({
      authKey: "k2",
      authSecret: "s2",
      env: { CONDUCTOR_AUTH_KEY: "k1", CONDUCTOR_AUTH_SECRET: "s1" },
    });
    expect(c.authKey).toBe("k2");
    expect(c.authSecret).toBe("s2");
  });

  it("reads process.env when no env option is given", () => {
    const before = process.env.CONDUCTOR_SERVER_URL;
    process.env.CONDUCTOR_SERVER_URL = "http://from-process:9000";
    try {
      expect(new Configuration().serverUrl).toBe("http://from-process:9000/api");
    } finally {
      if (before === undefined) delete process.env.CONDUCTOR_SERVER_URL;
      else process.env.CONDUCTOR_SERVER_URL = before;
    }
  });

  it.each([
    ["http://h:8080", "http://h:8080/api"],
    ["http://h:8080/", "http://h:8080/api"],
    ["http://h:8080/api", "http://h:8080/api"],
    ["http://h:8080/api/", "http://h:8080/api"],
    ["https://h/conductor", "https://h/conductor/api"],
    ["  http://h/api//  ", "http://h/api"],
  ])("normalizes %s to %s", (input, expected) => {
    expect(normalizeServerUrl(input)).toBe(expected);
    expect(new Configuration({ serverUrl: input, env: {} }).serverUrl).toBe(expected);
  });

  it.each(["not a url", "localhost:8080", "ftp://h/api", "http://h/api?x=1", "http://user:pw@h/api", ""])(
    "rejects the malformed URL %j with a ConfigurationError",
    (bad) => {
      expect(() => new Configuration({ serverUrl: bad, env: {} })).toThrow(ConfigurationError);
      try {
        new Configuration({ serverUrl: bad, env: {} });
      } catch (e) {
        expect((e as ConfigurationError).option).toBe("serverUrl");
        expect((e as ConfigurationError).code).toBe("CONFIGURATION");
      }
    },
  );

  it("names the environment variable when the env URL is malformed", () => {
    expect(() => new Configuration({ env: { CONDUCTOR_SERVER_URL: "nope" } })).toThrow(/CONDUCTOR_SERVER_URL/);
  });

  it("rejects half a credential pair", () => {
    expect(() => new Configuration({ authKey: "k", env: {} })).toThrow(/authSecret is missing/);
    expect(() => new Configuration({ env: { CONDUCTOR_AUTH_SECRET: "s" } })).toThrow(/authKey is missing/);
  });

  it("validates timeout, headers, fetch and retry options", () => {
    expect(() => new Configuration({ timeoutMs: 0, env: {} })).toThrow(/timeoutMs/);
    expect(() => new Configuration({ timeoutMs: Number.NaN, env: {} })).toThrow(/timeoutMs/);
    expect(() => new Configuration({ headers: { a: 1 as unknown as string }, env: {} })).toThrow(/header "a"/);
    expect(() => new Configuration({ fetch: "x" as unknown as typeof fetch, env: {} })).toThrow(/fetch/);
    expect(() => new Configuration({ retry: { maxRetries: 1.5 }, env: {} })).toThrow(/maxRetries/);
    expect(new Configuration({ retry: false, env: {} }).retry.maxRetries).toBe(0);
    expect(new Configuration({ retry: { maxRetries: 5, baseDelayMs: 10, maxDelayMs: 100 }, env: {} }).retry).toEqual({
      maxRetries: 5,
      baseDelayMs: 10,
      maxDelayMs: 100,
    });
  });

  it("keeps the secret out of logs and JSON", () => {
    const c = new Configuration({ authKey: "key-id", authSecret: "super-secret-value", env: {} });
    expect(JSON.stringify(c)).not.toContain("super-secret-value");
    expect(Object.values(c).map(String).join(" ")).not.toContain("super-secret-value");
    expect(c.authSecret).toBe("super-secret-value");
  });

  it("uses the given logger, headers and fetch", async () => {
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    const fake = (async () => new Response("ok")) as typeof fetch;
    const c = new Configuration({ logger, headers: { "X-Team": "a" }, fetch: fake, timeoutMs: 5, env: {} });
    expect(c.logger).toBe(logger);
    expect(c.headers).toEqual({ "X-Team": "a" });
    expect(c.fetch).toBe(fake);
    expect(c.timeoutMs).toBe(5);
  });
});
