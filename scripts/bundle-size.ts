// Measures what a browser app pays for the SDK as users get it: the package packed (`npm pack`), installed into
// a fresh app, and built by Vite with its defaults (minified) — the app in test/package/apps/browser/budget,
// which starts a workflow and reads its status. The figure is the app's JavaScript gzipped at level 9. Exits
// non-zero above the budget. The package suite measures the same app from the tarball it installs, checks the
// budget and that README.md states this figure.
//
//   npx tsx scripts/bundle-size.ts [--json]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Budget for the minified + gzipped app, in bytes (12 KB). Raised from 10 KB for the request
 * hardening every browser call needs (issue 10: header and path checks, no credential header across
 * origins, secret scrubbing of every error), which costs about 1.6 KB gzipped.
 */
export const GZIP_BUDGET_BYTES = 12 * 1024;

/** The app measured: index.html + main.ts importing "@conductor-ts/sdk". */
export const budgetAppDir = join(repoRoot, "test/package/apps/browser/budget");

/** README.md's sentence that carries the figure. */
export const README_FIGURE = /a browser app that starts a workflow and reads its status is ([\d.]+) KB gzipped/;

export interface BundleReport {
  readonly minifiedBytes: number;
  readonly gzippedBytes: number;
  readonly budgetBytes: number;
  /** Each JavaScript file Vite wrote, with its size. */
  readonly assets: readonly { file: string; bytes: number; gzippedBytes: number }[];
  /** The JavaScript, concatenated, for checks that the app really does what it claims. */
  readonly code: string;
}

function run(command: string, args: string[], cwd: string): void {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} (in ${cwd}) exited with ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/** Builds a Vite app (a folder with index.html) with the repository's Vite, as its user would; returns outDir. */
export function viteBuild(appDir: string, outDir = join(appDir, "dist")): string {
  run(
    process.execPath,
    [
      join(repoRoot, "node_modules/vite/bin/vite.js"),
      "build",
      "--outDir",
      outDir,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ],
    appDir,
  );
  return outDir;
}

/** Sizes of the JavaScript Vite wrote to outDir. */
export function measureBuild(outDir: string): BundleReport {
  const assetsDir = join(outDir, "assets");
  const assets = readdirSync(assetsDir)
    .filter((f) => f.endsWith(".js"))
    .sort()
    .map((file) => {
      const code = readFileSync(join(assetsDir, file));
      return { file, bytes: code.byteLength, gzippedBytes: gzipSync(code, { level: 9 }).byteLength, code };
    });
  return {
    minifiedBytes: assets.reduce((sum, a) => sum + a.bytes, 0),
    gzippedBytes: assets.reduce((sum, a) => sum + a.gzippedBytes, 0),
    budgetBytes: GZIP_BUDGET_BYTES,
    assets: assets.map(({ file, bytes, gzippedBytes }) => ({ file, bytes, gzippedBytes })),
    code: assets.map((a) => a.code.toString("utf8")).join("\n"),
  };
}

/** Copies the budget app into `consumerRoot` (whose node_modules holds the installed SDK), builds and measures it. */
export function measureBudgetApp(consumerRoot: string, name = "bundle-size"): BundleReport {
  const appDir = join(consumerRoot, name);
  cpSync(budgetAppDir, appDir, { recursive: true });
  return measureBuild(viteBuild(appDir));
}

/** The figure README.md states, in KB. */
export function readmeFigureKb(readme = readFileSync(join(repoRoot, "README.md"), "utf8")): number | undefined {
  const match = README_FIGURE.exec(readme.replace(/\s+/g, " "));
  return match ? Number(match[1]) : undefined;
}

export function kb(bytes: number, digits = 2): string {
  return `${(bytes / 1024).toFixed(digits)} KB`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = mkdtempSync(join(tmpdir(), "conductor-bundle-size-"));
  try {
    // prepack builds dist/ first, so this measures the current source.
    run("npm", ["pack", "--silent", "--pack-destination", dir], repoRoot);
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({
        name: "bundle-size",
        private: true,
        dependencies: { "@conductor-ts/sdk": `file:${join(dir, tarball)}` },
      }),
    );
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], dir);
    const report = measureBudgetApp(dir);
    const stated = readmeFigureKb();
    if (process.argv.includes("--json")) {
      const { code: _code, ...rest } = report;
      console.log(JSON.stringify({ ...rest, readmeFigureKb: stated }, null, 2));
    } else {
      console.log('browser app "start a workflow and read its status", built by Vite from the packed package');
      console.log(`  minified: ${report.minifiedBytes} B (${kb(report.minifiedBytes)})`);
      console.log(
        `  gzipped:  ${report.gzippedBytes} B (${kb(report.gzippedBytes)}), budget ${kb(report.budgetBytes)}`,
      );
      for (const a of report.assets) console.log(`    ${a.file.padEnd(30)} ${a.bytes} B, ${a.gzippedBytes} B gzipped`);
      console.log(`  README.md states: ${stated ?? "no figure"} KB`);
    }
    if (report.gzippedBytes > report.budgetBytes) {
      console.error(`bundle-size: ${report.gzippedBytes} B gzipped is over the ${report.budgetBytes} B budget`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
