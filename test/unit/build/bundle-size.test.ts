// The bundle-size check must measure an app that really starts a workflow and reads its status, and stay in budget.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { GZIP_BUDGET_BYTES, measureBundle } from "../../../scripts/bundle-size.js";
import { repoRoot } from "../../../scripts/build.js";

describe("browser bundle size", () => {
  it("measures a bundle that keeps both API calls and inlines openapi-fetch", async () => {
    const report = await measureBundle();
    // Tree-shaking must not have dropped what the app claims to do.
    expect(report.code).toContain("/api/workflow");
    expect(report.code).toContain("/api/workflow/{workflowId}/status");
    expect(report.byGroup["npm:openapi-fetch"]).toBeGreaterThan(0);
    expect(report.byGroup["src/"]).toBeGreaterThan(0);
    expect(report.minifiedBytes).toBe(Buffer.byteLength(report.code));
    expect(report.gzippedBytes).toBe(gzipSync(report.code, { level: 9 }).byteLength);
    // No Node built-in may reach a browser bundle (esbuild would also refuse to resolve it).
    expect(report.code).not.toMatch(/from\s*"node:/);
    expect(report.gzippedBytes, `gzipped size over the ${GZIP_BUDGET_BYTES} B budget`).toBeLessThanOrEqual(
      GZIP_BUDGET_BYTES,
    );
  }, 60_000);

  it("prints the sizes and exits 0 within budget (`npm run bundle-size`)", () => {
    const run = spawnSync(
      process.execPath,
      [join(repoRoot, "node_modules/tsx/dist/cli.mjs"), "scripts/bundle-size.ts"],
      {
        cwd: repoRoot,
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/gzipped: +\d+ B/);
    expect(run.stdout).toMatch(/openapi-fetch alone: \d+ B minified, \d+ B gzipped/);
  }, 60_000);
});
