// Configuration refuses at construction what could only fail later: header names that are not
// HTTP tokens, header values fetch would refuse, and loggers missing methods.
import { describe, expect, it } from "vitest";
import { Configuration, type ConfigurationOptions } from "../../../src/config/index.js";
import { ConfigurationError, InvalidArgumentError } from "../../../src/errors/index.js";
import { Transport } from "../../../src/transport/index.js";

function configError(options: ConfigurationOptions): ConfigurationError {
  try {
    new Configuration({ env: {}, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error("Configuration accepted it");
}

describe("Configuration validates headers and the logger at construction", () => {
  it.each([
    ["X-Team\r\nX-Injected", "x", /header name "X-Team\\r\\nX-Injected" is not an HTTP token/],
    ["X Team", "x", /header name "X Team" is not an HTTP token/],
    ["X-Team:", "x", /header name "X-Team:" is not an HTTP token/],
    ["", "x", /header name "" is not an HTTP token/],
  ])("header name %j", (name, value, why) => {
    const error = configError({ headers: { [name]: value } });
    expect(error.option).toBe(`headers.${name}`);
    expect(error.message).toMatch(why);
  });

  it.each([
    ["a\r\nX-Injected: 1", /header "X-Team": value contains CR at position 1/],
    ["line\nbreak", /header "X-Team": value contains LF at position 4/],
    ["nul\0", /header "X-Team": value contains NUL at position 3/],
    ["price €5", /header "X-Team": value contains U\+20AC, outside Latin-1 .* at position 6/],
  ])("header value %j", (value, why) => {
    const error = configError({ headers: { "X-Team": value } });
    expect(error.option).toBe("headers.X-Team");
    expect(error.message).toMatch(why);
    // The value itself may be a secret: never echoed.
    expect(error.message).not.toContain(value);
  });

  it("accepts Latin-1 values, tabs and every token character", () => {
    const c = new Configuration({ env: {}, headers: { "X-!#$%&'*+-.^_`|~09az": "café\tçà ÿ" } });
    expect(Object.keys(c.headers)).toHaveLength(1);
  });

  it.each([
    [{ debug() {}, info() {}, error() {} }, /Invalid logger: it has no warn method/],
    [{ info() {} }, /Invalid logger: it has no debug, warn, error methods/],
    [{ debug() {}, info() {}, warn: "loud", error() {} }, /has no warn method/],
    ["console", /Invalid logger: it must be an object with debug, info, warn, error methods, got string/],
    [null, /got null/],
  ])("logger %j", (logger, why) => {
    const error = configError({ logger: logger as never });
    expect(error.option).toBe("logger");
    expect(error.message).toMatch(why);
  });

  it("sensitiveHeaders must be header names", () => {
    expect(configError({ sensitiveHeaders: ["X Key"] }).option).toBe("sensitiveHeaders[0]");
    expect(configError({ sensitiveHeaders: "X-Key" as never }).option).toBe("sensitiveHeaders");
    expect(new Configuration({ env: {}, sensitiveHeaders: ["X-Api-Key"] }).sensitiveHeaders).toContain("x-api-key");
  });

  it("per-call headers are checked before sending: a typed error, not a retryable network error", async () => {
    let sent = 0;
    const transport = new Transport(
      new Configuration({
        env: {},
        serverUrl: "http://conductor.test/api",
        fetch: (async () => {
          sent++;
          return Response.json({});
        }) as typeof fetch,
      }),
    );
    const error = await transport
      .call(
        { operation: "x.get", method: "GET", path: "/api/x", parseAs: "json", idempotent: true },
        { headers: { "X-Trace": "a\nb" } },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("headers.X-Trace");
    expect((error as InvalidArgumentError).retryable).toBe(false);
    expect(sent).toBe(0);
  });
});
