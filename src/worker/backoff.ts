/**
 * Exponential back-off with "equal jitter": half the delay is fixed, half random, so retries from
 * many workers spread out while the wait still grows. `attempt` starts at 1.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  const half = exp / 2;
  return Math.round(half + random() * half);
}

/**
 * A cancellable wait. `cancelAll()` resolves every pending wait at once (used by stop()), so no
 * timer outlives the runtime.
 */
export class Sleeper {
  private readonly pending = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: () => void }>();

  sleep(ms: number, options: { unref?: boolean } = {}): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      if (options.unref) entry.timer.unref?.();
      this.pending.add(entry);
    });
  }

  cancelAll(): void {
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.pending.clear();
  }
}
