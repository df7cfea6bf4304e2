import { describe, expect, test } from "vitest";
import { WorkerConfigError } from "../../../src/worker/errors.js";
import { envName, MAX_POLL_TIMEOUT_MS, resolveSettings } from "../../../src/worker/settings.js";

describe("worker settings", () => {
  test("built-in defaults", () => {
    const s = resolveSettings("greet", {}, {}, {});
    expect(s).toMatchObject({
      concurrency: 1,
      pollIntervalMs: 100,
      pollTimeoutMs: 100,
      paused: false,
      domain: undefined,
    });
    expect(typeof s.workerId).toBe("string");
  });

  test("precedence: explicit > CONDUCTOR_WORKER_<NAME>_ > CONDUCTOR_WORKER_ALL_ > handler defaults", () => {
    const env = {
      CONDUCTOR_WORKER_ALL_CONCURRENCY: "4",
      CONDUCTOR_WORKER_ALL_POLL_INTERVAL_MS: "300",
      CONDUCTOR_WORKER_ALL_DOMAIN: "all-domain",
      CONDUCTOR_WORKER_SEND_EMAIL_POLL_INTERVAL_MS: "700",
      CONDUCTOR_WORKER_SEND_EMAIL_PAUSED: "true",
      CONDUCTOR_WORKER_SEND_EMAIL_WORKER_ID: "box-7",
    };
    const s = resolveSettings("send-email", { domain: "code-domain" }, { concurrency: 2, pollTimeoutMs: 50 }, env);
    expect(s.concurrency).toBe(4); // ALL beats handler default
    expect(s.pollTimeoutMs).toBe(50); // handler default beats built-in
    expect(s.pollIntervalMs).toBe(700); // NAME beats ALL
    expect(s.paused).toBe(true);
    expect(s.workerId).toBe("box-7");
    expect(s.domain).toBe("code-domain"); // explicit code wins
    const other = resolveSettings("other", {}, {}, env);
    expect(other.pollIntervalMs).toBe(300);
    expect(other.paused).toBe(false);
  });

  test("pickupPolls: 2 by default, 1 to 4, from code or the environment", () => {
    expect(resolveSettings("greet", {}, {}, {}).pickupPolls).toBe(2);
    expect(resolveSettings("greet", { pickupPolls: 1 }, {}, {}).pickupPolls).toBe(1);
    expect(resolveSettings("greet", {}, {}, { CONDUCTOR_WORKER_GREET_PICKUP_POLLS: "3" }).pickupPolls).toBe(3);
    expect(() => resolveSettings("greet", { pickupPolls: 0 }, {}, {})).toThrow(WorkerConfigError);
    expect(() => resolveSettings("greet", { pickupPolls: 5 }, {}, {})).toThrow(/pickupPolls must be at most 4/);
    expect(() => resolveSettings("greet", {}, {}, { CONDUCTOR_WORKER_ALL_PICKUP_POLLS: "two" })).toThrow(
      /CONDUCTOR_WORKER_ALL_PICKUP_POLLS=two: expected an integer/,
    );
  });

  test("long-poll waits: idle polls wait the server's maximum by default, and more than it is refused", () => {
    expect(resolveSettings("greet", {}, {}, {}).idlePollTimeoutMs).toBe(MAX_POLL_TIMEOUT_MS);
    expect(MAX_POLL_TIMEOUT_MS).toBe(5000);
    expect(resolveSettings("greet", { pollTimeoutMs: 5000, idlePollTimeoutMs: 5000 }, {}, {}).pollTimeoutMs).toBe(5000);
    expect(() => resolveSettings("greet", { idlePollTimeoutMs: 5001 }, {}, {})).toThrow(
      /worker greet: option idlePollTimeoutMs must be at most 5000/,
    );
    expect(() => resolveSettings("greet", { pollTimeoutMs: 60_000 }, {}, {})).toThrow(WorkerConfigError);
    expect(() => resolveSettings("greet", {}, {}, { CONDUCTOR_WORKER_ALL_IDLE_POLL_TIMEOUT_MS: "9000" })).toThrow(
      /CONDUCTOR_WORKER_ALL_IDLE_POLL_TIMEOUT_MS=9000: must be <= 5000/,
    );
  });

  test("the task name may also appear as-is in the variable", () => {
    expect(resolveSettings("greet", {}, {}, { CONDUCTOR_WORKER_greet_CONCURRENCY: "9" }).concurrency).toBe(9);
    expect(envName("my-task.v2")).toBe("MY_TASK_V2");
  });

  test("bad environment values name the variable", () => {
    expect(() => resolveSettings("greet", {}, {}, { CONDUCTOR_WORKER_GREET_CONCURRENCY: "many" })).toThrow(
      /CONDUCTOR_WORKER_GREET_CONCURRENCY=many: expected an integer/,
    );
    expect(() => resolveSettings("greet", {}, {}, { CONDUCTOR_WORKER_ALL_CONCURRENCY: "0" })).toThrow(/must be >= 1/);
    expect(() => resolveSettings("greet", {}, {}, { CONDUCTOR_WORKER_ALL_PAUSED: "maybe" })).toThrow(WorkerConfigError);
  });

  test("bad explicit options name the option", () => {
    expect(() => resolveSettings("greet", { concurrency: 1.5 }, {}, {})).toThrow(/worker greet: option concurrency/);
    expect(() => resolveSettings("greet", { paused: "yes" as never }, {}, {})).toThrow(
      /option paused must be a boolean/,
    );
  });

  test("the poll timeout margin is small by default and bounded both ways", () => {
    expect(resolveSettings("greet", {}, {}, {}).pollTimeoutMarginMs).toBe(5000);
    expect(
      resolveSettings("greet", {}, {}, { CONDUCTOR_WORKER_ALL_POLL_TIMEOUT_MARGIN_MS: "750" }).pollTimeoutMarginMs,
    ).toBe(750);
    expect(() => resolveSettings("greet", {}, {}, { CONDUCTOR_WORKER_ALL_POLL_TIMEOUT_MARGIN_MS: "60000" })).toThrow(
      /must be <= 30000/,
    );
    expect(() => resolveSettings("greet", { pollTimeoutMarginMs: 0 }, {}, {})).toThrow(
      /option pollTimeoutMarginMs must be an integer >= 100 and <= 30000, got 0/,
    );
  });
});
