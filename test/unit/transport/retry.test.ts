import { describe, expect, it } from "vitest";
import { backoffDelay, retryAfterMs } from "../../../src/transport/retry.js";

const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe("backoffDelay", () => {
  it("doubles each attempt and stays within [step/2, step]", () => {
    for (const [attempt, step] of [
      [0, 100],
      [1, 200],
      [2, 400],
      [3, 800],
      [4, 1000],
      [9, 1000],
    ] as const) {
      expect(backoffDelay(attempt, policy, () => 0)).toBe(step / 2);
      expect(backoffDelay(attempt, policy, () => 0.999999)).toBe(step);
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(attempt, policy);
        expect(d).toBeGreaterThanOrEqual(step / 2);
        expect(d).toBeLessThanOrEqual(step);
      }
    }
  });

  it("jitters: random delays are not all equal", () => {
    const seen = new Set(Array.from({ length: 20 }, () => backoffDelay(3, policy)));
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
    const now = Date.parse("2026-11-26T10:00:00Z");
    expect(retryAfterMs("Thu, 26 Nov 2026 10:00:03 GMT", now)).toBe(3000);
    expect(retryAfterMs("Thu, 26 Nov 2026 09:00:00 GMT", now)).toBe(0);
  });
});
