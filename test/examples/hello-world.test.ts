// Runs `npm run example:hello` as a newcomer would, against the test server, and checks that it
// prints the greeting and exits by itself (no timer or socket left alive by the worker runtime).
import { spawn } from "node:child_process";
import { expect, inject, test } from "vitest";

test("the hello world example prints its greeting and exits on its own", async () => {
  const apiUrl = inject("conductorApiUrl");
  const child = spawn(process.execPath, ["--import", "tsx", "examples/hello-world.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, CONDUCTOR_SERVER_URL: apiUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(-1);
    }, 90_000);
    child.on("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
  expect(stdout).toContain("workflow result: Hello Orkes");
  expect(stdout).toMatch(/workflow id: [0-9a-f-]{36}/);
});
