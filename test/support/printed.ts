import { vi } from "vitest";

/** Runs `fn` while collecting what it prints with console.log; a failure carries what was printed. */
export async function printed<T>(fn: () => Promise<T>): Promise<{ lines: string[]; value: T }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  });
  try {
    return { lines, value: await fn() };
  } catch (error) {
    // Show what the example printed before it failed: that is the diagnosis.
    throw new Error(`${String(error)}\nthe example printed:\n${lines.join("\n")}`, { cause: error });
  } finally {
    spy.mockRestore();
  }
}
