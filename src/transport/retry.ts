import type { RetryPolicy } from "../config/configuration.js";

/**
 * Backoff before retry number `attempt` (0-based): exponential, capped, with "equal jitter" —
 * half of the step is fixed and half random, so delays stay in [step/2, step].
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + random() * (step / 2));
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits `ms`, ending early with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A signal that aborts when either input does, plus a `release` that detaches it again. Unlike
 * AbortSignal.any this leaves nothing behind on a long-lived caller signal (e.g. a worker's
 * shutdown signal passed to every poll).
 */
export function linkSignals(caller: AbortSignal, timeout: AbortSignal): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  if (caller.aborted) controller.abort(caller.reason);
  else if (timeout.aborted) controller.abort(timeout.reason);
  const onCaller = () => controller.abort(caller.reason);
  const onTimeout = () => controller.abort(timeout.reason);
  caller.addEventListener("abort", onCaller, { once: true });
  timeout.addEventListener("abort", onTimeout, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      caller.removeEventListener("abort", onCaller);
      timeout.removeEventListener("abort", onTimeout);
    },
  };
}
