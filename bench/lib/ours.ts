// Builds our package with the project's own build script into the bench cache (see paths.ts), so every figure
// about ours is taken from what users install (ESM bundles per entry point), not from sources.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { cacheDir } from "./paths.js";

export interface OursBuild {
  /** Folder holding index.js (main entry) and worker.js, when the build succeeded. */
  dist?: string;
  missing?: string;
  buildSeconds?: number;
}

export function buildOurs(repoDir: string): OursBuild {
  const outDir = join(cacheDir, "dist");
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [join(repoDir, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/build.ts", "--outdir", outDir], {
    cwd: repoDir,
    encoding: "utf8",
  });
  const buildSeconds = (performance.now() - t0) / 1000;
  if (res.status !== 0) {
    return { missing: `npm run build failed: ${(res.stderr || res.stdout).trim().split("\n").slice(-3).join(" / ")}` };
  }
  for (const file of ["index.js", "worker.js"]) {
    if (!existsSync(join(outDir, file))) return { missing: `the build produced no ${file}` };
  }
  return { dist: outDir, buildSeconds };
}
