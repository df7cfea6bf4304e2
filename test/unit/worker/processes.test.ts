// Behaviour that needs a process of its own: standard decorators (compiled by tsx) and the check
// that a stopped handler leaves nothing alive, so the process exits by itself.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

function run(
  fixture: string,
  timeoutMs = 30_000,
): Promise<{ code: number | null; stdout: string; stderr: string; exitedAt: number }> {
  const file = fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", file], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, exitedAt: Date.now() });
    });
  });
}

test("@WorkerTask methods become workers bound to their instance", async () => {
  const { code, stdout, stderr } = await run("decorated.ts");
  expect(code, stderr).toBe(0);
  const out = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
    names: string[];
    concurrency: number;
    outputs: Record<string, unknown>;
    otherInstance: number;
  };
  expect(out.names).toEqual(["charge", "refund"]);
  expect(out.concurrency).toBe(3);
  expect(Object.values(out.outputs)).toContainEqual({ charged: 15 });
  expect(out.outputs["refund-1"]).toEqual({ refunded: 2, taskId: "refund-1" });
  expect(out.otherInstance).toBe(2);
}, 60_000);

test("after stop() no timer, socket or signal handler keeps the process alive", async () => {
  const { code, stdout, stderr, exitedAt } = await run("exit-check.ts");
  expect(code, stderr).toBe(0);
  const line = stdout.split("\n").find((l) => l.startsWith("STOPPED "));
  expect(line, stdout + stderr).toBeDefined();
  const [, stoppedAt, delivered] = line!.split(" ");
  expect(Number(delivered)).toBe(12);
  // A leftover 5 s poll pause, 30 s lease timer or open metrics socket would hold it far longer.
  expect(exitedAt - Number(stoppedAt)).toBeLessThan(1500);
}, 60_000);
