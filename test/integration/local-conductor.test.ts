// The shared server from global setup works, and a LocalConductor killed with SIGKILL
// restarts on the same data dir and port with its data intact (SQLite on disk).
import { randomUUID } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { LocalConductor } from "../../src/testing/index.js";
import { DEFAULT_START_TIMEOUT_MS } from "../../src/testing/local-conductor.js";

describe("global-setup server", () => {
  const serverUrl = inject("conductorServerUrl");
  const apiUrl = inject("conductorApiUrl");

  it("provides matching server and API URLs", () => {
    expect(apiUrl).toBe(`${serverUrl}/api`);
  });

  it("answers /health as healthy", async () => {
    const response = await fetch(`${serverUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ healthy: true });
  });

  it("serves its OpenAPI document at /api-docs", async () => {
    const response = await fetch(`${serverUrl}/api-docs`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi?: string; paths?: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths ?? {})).toContain("/api/metadata/taskdefs");
  });
});

describe("LocalConductor kill and restart", () => {
  // Two server starts of up to DEFAULT_START_TIMEOUT_MS each on a shared 2-core machine.
  it(
    "keeps registered metadata across kill -9 and a restart on the same dataDir and port",
    { timeout: 2 * DEFAULT_START_TIMEOUT_MS + 60_000 },
    async () => {
      const name = `lc_restart_${randomUUID().slice(0, 8)}`;
      const first = await LocalConductor.start({ quiet: true });
      let second: LocalConductor | undefined;
      try {
        const register = await fetch(`${first.apiUrl}/metadata/taskdefs`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify([
            { name, retryCount: 2, timeoutSeconds: 60, responseTimeoutSeconds: 30, ownerEmail: "t@example.com" },
          ]),
        });
        expect(register.status).toBe(200);

        await first.kill();
        expect(first.running).toBe(false);
        // The server keeps its database and scratch files inside dataDir, nowhere else.
        for (const entry of ["conductor.db", "server.log", "tmp", "worker-payload"]) {
          expect(existsSync(path.join(first.dataDir, entry)), entry).toBe(true);
        }
        await expect(fetch(`${first.serverUrl}/health`)).rejects.toThrow();

        second = await LocalConductor.start({ dataDir: first.dataDir, port: first.port, quiet: true });
        expect(second.serverUrl).toBe(first.serverUrl);
        const read = await fetch(`${second.apiUrl}/metadata/taskdefs/${name}`);
        expect(read.status).toBe(200);
        expect(await read.json()).toMatchObject({ name, retryCount: 2 });
      } finally {
        await first.kill();
        await second?.stop();
        // first's dataDir was auto-created; kill() keeps it for the restart, so clean it here.
        rmSync(first.dataDir, { recursive: true, force: true });
      }
    },
  );
});
