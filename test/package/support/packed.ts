// Helpers of the package suite: the tarball global-setup.ts packed and installed, consumer projects inside its
// consumer root, and child processes with a time limit whose output a failing assertion shows.
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { inject } from "vitest";

export const repoRoot = resolve(import.meta.dirname, "../../..");
export const appsDir = join(repoRoot, "test/package/apps");
export const tscPath = join(repoRoot, "node_modules/typescript/bin/tsc");

export interface PackedSdk {
  /** The .tgz `npm pack` wrote. */
  readonly tarball: string;
  /** Paths inside the tarball, relative to the package root, sorted. */
  readonly files: readonly string[];
  /** Consumer root: its node_modules holds the installed tarball; consumer projects are folders inside it. */
  readonly root: string;
  /** The clean copy of the repository that was packed. */
  readonly sourceDir: string;
  readonly installedVersion: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    packedSdk: PackedSdk;
  }
}

/** Packages consumer projects use besides the SDK, at the versions this repository pins. */
export function consumerDependencies(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  return Object.fromEntries(["zod", "expect-type", "msw"].map((name) => [name, pkg.devDependencies[name]!]));
}

export function packedSdk(): PackedSdk {
  return inject("packedSdk");
}

/** The installed package's directory in the consumer root. */
export function installedPackageDir(): string {
  return join(packedSdk().root, "node_modules/@conductor-ts/sdk");
}

/** Creates (or refreshes) a consumer project folder with the given files; returns its path. */
export function consumerProject(name: string, files: Record<string, string> = {}, copyFrom?: string): string {
  const dir = join(packedSdk().root, name);
  mkdirSync(dir, { recursive: true });
  if (copyFrom) cpSync(copyFrom, dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

export interface Ran {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** Command, exit and output in one string, for assertion messages. */
  readonly report: string;
}

/** Runs a command to its end (or kills it after timeoutMs), collecting its output. */
export function exec(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number },
): Promise<Ran> {
  const env = Object.fromEntries(
    Object.entries({ ...process.env, ...options.env }).filter(
      ([k, v]) => v !== undefined && !k.toLowerCase().startsWith("npm_"),
    ),
  ) as Record<string, string>;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 120_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const report =
        `$ ${command} ${args.join(" ")}  (in ${options.cwd})\n` +
        `exit ${code ?? signal}${timedOut ? " (killed: timed out)" : ""}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
      resolvePromise({ code, signal, stdout, stderr, timedOut, report });
    });
  });
}

/** stdout split into trimmed, non-empty lines. */
export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Runs tsc with the given tsconfig; resolves to its output (errors are lines with "error TS"). */
export async function tsc(project: string, extraArgs: readonly string[] = []): Promise<Ran> {
  return exec(process.execPath, [tscPath, "-p", project, ...extraArgs], {
    cwd: join(project, ".."),
    timeoutMs: 180_000,
  });
}

const binaries = new Map<string, Promise<string>>();

/**
 * The executable of a runtime installed from the npm registry through npx (`npx -y node@22`, `npx -y bun@1.4.5`,
 * `npx -y deno@2.9.6`), asked once for its own path so tests spawn it directly. `probe` prints the executable
 * path, a space and the version.
 */
function npxBinary(
  pkg: string,
  probe: readonly string[],
  expectVersion: (version: string) => boolean,
): Promise<string> {
  let found = binaries.get(pkg);
  if (!found) {
    found = exec("npx", ["-y", pkg, ...probe], { cwd: repoRoot, timeoutMs: 300_000 }).then((ran) => {
      const [path, version] = ran.stdout.trim().split(" ");
      if (ran.code !== 0 || !path || !version || !expectVersion(version)) {
        throw new Error(`could not run ${pkg} through npx:\n${ran.report}`);
      }
      return path;
    });
    binaries.set(pkg, found);
  }
  return found;
}

/** The node executable of a major version: this process's if it is that major, else `npx -y node@<major>`'s. */
export function nodeBinary(major: number): Promise<string> {
  if (Number(process.versions.node.split(".")[0]) === major) return Promise.resolve(process.execPath);
  return npxBinary(`node@${major}`, ["-p", "process.execPath + ' ' + process.versions.node"], (v) =>
    v.startsWith(`${major}.`),
  );
}

export const BUN_VERSION = "1.4.5";
export const DENO_VERSION = "2.9.6";

export function bunBinary(): Promise<string> {
  return npxBinary(
    `bun@${BUN_VERSION}`,
    ["-e", "console.log(process.execPath + ' ' + Bun.version)"],
    (v) => v === BUN_VERSION,
  );
}

export function denoBinary(): Promise<string> {
  return npxBinary(
    `deno@${DENO_VERSION}`,
    ["eval", "console.log(Deno.execPath() + ' ' + Deno.version.deno)"],
    (v) => v === DENO_VERSION,
  );
}
