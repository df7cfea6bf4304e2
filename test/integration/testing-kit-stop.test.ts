// The testing kit's child processes are unref-ed, so a running server never keeps Node alive. While
// stop() waits for one to exit it must keep Node alive: a script whose last work is `await x.stop()`
// otherwise ends before the child has exited and the code after the await never runs (the benchmark's
// cluster part ended that way, silently, in LocalConductorCluster.stop -> LocalPostgres.stop).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";

const postgresModule = pathToFileURL(join(import.meta.dirname, "../../src/testing/postgres.ts")).href;

it("a script that ends with `await postgres.stop()` runs the code after it", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "pg-stop-"));
  // Run as root, PostgreSQL runs as `postgres`, which must be able to enter the directory.
  chmodSync(dataDir, 0o755);
  try {
    const script =
      `import { findPostgres, LocalPostgres } from ${JSON.stringify(postgresModule)};\n` +
      `const pg = await LocalPostgres.start({ dataDir: ${JSON.stringify(join(dataDir, "pg"))}, installation: await findPostgres() });\n` +
      `await pg.stop();\n` +
      `console.log("after stop");\n`;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 120_000,
    });
    expect({ code: run.status, stdout: run.stdout.trim() }, run.stderr).toEqual({ code: 0, stdout: "after stop" });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
