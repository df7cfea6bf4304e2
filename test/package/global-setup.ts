// Packs the SDK once per test run, as a clean clone would (`npm pack`, whose prepack builds dist/), and installs
// the tarball into one throwaway consumer root under a temp dir. Every consumer project of the package suite is a
// folder inside that root, so all of them resolve `@conductor-ts/sdk` to the same installed copy.
// Set KEEP_PACKAGE_CONSUMERS=1 to keep the temp dir for a look after the run.
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { consumerDependencies, type PackedSdk } from "./support/packed.js";

const repoRoot = resolve(import.meta.dirname, "../..");

function run(command: string, args: string[], cwd: string): string {
  // npm_* variables of an outer `npm test` would point the inner npm at this repository's config and scripts.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} (in ${cwd}) exited with ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** The files a fresh clone has (tracked, plus new files not ignored), without dist/ or node_modules/. */
function copyCleanTree(to: string): void {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  })
    .split("\0")
    .filter((f) => f && existsSync(join(repoRoot, f)));
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(to, file));
  }
  // The tools prepack runs (tsx, esbuild, tsc) come from the repository's install, as after `npm ci`.
  symlinkSync(join(repoRoot, "node_modules"), join(to, "node_modules"), "dir");
}

/** Packs and installs into `dir`; returns what the tests need. */
function packAndInstall(dir: string): PackedSdk {
  const source = join(dir, "clone");
  const root = join(dir, "consumers");
  mkdirSync(source);
  mkdirSync(root);
  copyCleanTree(source);

  // prepack's build prints to stdout before npm's JSON report.
  const output = run("npm", ["pack", "--json", "--pack-destination", dir], source);
  const packed = JSON.parse(output.slice(output.search(/^\[/m))) as {
    filename: string;
    files: { path: string }[];
  }[];
  const tarball = join(dir, packed[0]!.filename);
  const files = packed[0]!.files.map((f) => f.path).sort();

  writeFileSync(
    join(root, "package.json"),
    JSON.stringify(
      {
        name: "sdk-consumers",
        private: true,
        dependencies: { "@conductor-ts/sdk": `file:${tarball}`, ...consumerDependencies() },
      },
      null,
      2,
    ),
  );
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], root);
  const installedVersion = (
    JSON.parse(readFileSync(join(root, "node_modules/@conductor-ts/sdk/package.json"), "utf8")) as { version: string }
  ).version;
  return { tarball, files, root, sourceDir: source, installedVersion };
}

export default function setup(project: TestProject): () => void {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "conductor-sdk-package-"));
  const removeDir = () => {
    if (!process.env.KEEP_PACKAGE_CONSUMERS) rmSync(dir, { recursive: true, force: true });
  };
  let sdk: PackedSdk;
  try {
    sdk = packAndInstall(dir);
  } catch (error) {
    removeDir();
    throw error;
  }
  project.provide("packedSdk", sdk);
  console.log(
    `package suite: packed ${sdk.files.length} files and installed them in ${((performance.now() - started) / 1000).toFixed(1)} s (${sdk.root})`,
  );
  return removeDir;
}
