// Locates the Conductor server boot jar (~460 MB): CONDUCTOR_SERVER_JAR, then the local Maven
// repository, then our cache directory, else downloads it with the user's own `mvn` so their
// settings.xml (mirrors, proxies, credentials) apply. No repository host is named here on purpose.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MavenNotFoundError, ServerJarNotFoundError } from "./errors.js";

export const SERVER_GROUP_ID = "org.conductoross";
export const SERVER_ARTIFACT_ID = "conductor-server";
export const SERVER_CLASSIFIER = "boot";

export function serverArtifact(version: string): string {
  return `${SERVER_GROUP_ID}:${SERVER_ARTIFACT_ID}:${version}:jar:${SERVER_CLASSIFIER}`;
}

export function serverJarFileName(version: string): string {
  return `${SERVER_ARTIFACT_ID}-${version}-${SERVER_CLASSIFIER}.jar`;
}

export interface ResolveServerJarOptions {
  version: string;
  /** Environment for CONDUCTOR_SERVER_JAR, MAVEN_OPTS, PATH, HOME (default process.env). */
  env?: Record<string, string | undefined>;
  /** Local Maven repository (default: -Dmaven.repo.local in MAVEN_OPTS, settings.xml, ~/.m2/repository). */
  mavenRepoLocal?: string;
  /** Where downloaded jars are kept (default $XDG_CACHE_HOME or ~/.cache, then conductor-ts/server). */
  cacheDir?: string;
  /** mvn executable (default: found on PATH, MAVEN_HOME/bin, M2_HOME/bin). */
  mvn?: string;
  onProgress?: (message: string) => void;
  /** How often a download reports bytes and percent through onProgress (default 5 s). */
  progressIntervalMs?: number;
}

export interface ResolvedServerJar {
  readonly path: string;
  readonly source: "env" | "maven-repository" | "cache" | "download";
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function homeDir(env: Record<string, string | undefined>): string {
  return env.HOME ?? env.USERPROFILE ?? os.homedir();
}

function expandHome(p: string, env: Record<string, string | undefined>): string {
  return p.replace(/^~(?=$|[\\/])/, homeDir(env)).replace(/\$\{user\.home\}/g, homeDir(env));
}

/** The local repository Maven would use: -Dmaven.repo.local in MAVEN_OPTS, then <localRepository> in settings.xml. */
export function mavenLocalRepository(env: Record<string, string | undefined> = process.env): string {
  const fromOpts = /-Dmaven\.repo\.local=("([^"]+)"|(\S+))/.exec(env.MAVEN_OPTS ?? "");
  const optValue = fromOpts?.[2] ?? fromOpts?.[3];
  if (optValue) return expandHome(optValue, env);
  const home = homeDir(env);
  for (const settings of [
    path.join(home, ".m2", "settings.xml"),
    env.M2_HOME && path.join(env.M2_HOME, "conf", "settings.xml"),
  ]) {
    if (!settings || !isFile(settings)) continue;
    try {
      // Comments may hold an example <localRepository>; drop them first.
      const xml = readFileSync(settings, "utf8").replace(/<!--[\s\S]*?-->/g, "");
      const match = /<localRepository>\s*([^<]+?)\s*<\/localRepository>/.exec(xml);
      if (match?.[1]) return expandHome(match[1], env);
    } catch {
      // unreadable settings: fall through to the default
    }
  }
  return path.join(home, ".m2", "repository");
}

export function defaultJarCacheDir(env: Record<string, string | undefined> = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(homeDir(env), ".cache");
  return path.join(base, "conductor-ts", "server");
}

/** Finds mvn: PATH, then MAVEN_HOME/bin and M2_HOME/bin. Returns the path or the places checked. */
export function findMaven(env: Record<string, string | undefined> = process.env): { mvn?: string; checked: string[] } {
  const names = process.platform === "win32" ? ["mvn.cmd", "mvn.bat", "mvn"] : ["mvn"];
  const dirs = (env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const home of [env.MAVEN_HOME, env.M2_HOME]) if (home) dirs.push(path.join(home, "bin"));
  const checked: string[] = [];
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      checked.push(candidate);
      if (isFile(candidate)) return { mvn: candidate, checked };
    }
  }
  return { checked: [`PATH (${dirs.length} directories)`, "MAVEN_HOME/bin", "M2_HOME/bin"] };
}

/**
 * Reads Maven's transfer progress ("Progress (2): 120/458 MB | 3/5 kB", printed when not in batch mode) and
 * returns the largest transfer in it, which for us is the server jar: bytes so far and the total.
 */
export function parseMavenProgress(line: string): { done: number; total: number } | undefined {
  const match = /Progress \(\d+\): (.*)$/.exec(line);
  if (!match) return undefined;
  const unit: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 };
  let best: { done: number; total: number } | undefined;
  for (const part of match[1]!.split("|")) {
    const m = /([\d.]+)\/([\d.]+) (B|kB|KB|MB|GB)/.exec(part);
    if (!m) continue;
    const factor = unit[m[3]!]!;
    const item = { done: Number(m[1]) * factor, total: Number(m[2]) * factor };
    if (!best || item.total > best.total) best = item;
  }
  return best;
}

function runMaven(
  mvn: string,
  args: string[],
  env: Record<string, string | undefined>,
  onLine: (line: string) => void = () => {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(mvn, args, {
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      shell: process.platform === "win32",
      windowsHide: true,
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      // Progress lines end in \r; they are reported, not kept for the error tail.
      for (const line of chunk.toString("utf8").split(/[\r\n]+/)) {
        if (!line.trim()) continue;
        onLine(line);
        if (!line.startsWith("Progress (")) output = `${output}${line}\n`.slice(-20_000);
      }
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** Resolves the server jar for `version`, downloading it with Maven when it is nowhere on disk. */
export async function resolveServerJar(options: ResolveServerJarOptions): Promise<ResolvedServerJar> {
  const env = options.env ?? process.env;
  const { version } = options;
  const artifact = serverArtifact(version);
  const fileName = serverJarFileName(version);
  const progress = options.onProgress ?? (() => {});

  const fromEnv = env.CONDUCTOR_SERVER_JAR?.trim();
  if (fromEnv) {
    if (!isFile(fromEnv)) {
      throw new ServerJarNotFoundError({
        artifact,
        detail: `CONDUCTOR_SERVER_JAR points at ${fromEnv}, which is not a file.`,
      });
    }
    return { path: fromEnv, source: "env" };
  }

  const repo = options.mavenRepoLocal ?? mavenLocalRepository(env);
  const inRepo = path.join(repo, ...SERVER_GROUP_ID.split("."), SERVER_ARTIFACT_ID, version, fileName);
  if (isFile(inRepo)) return { path: inRepo, source: "maven-repository" };

  const cacheDir = options.cacheDir ?? defaultJarCacheDir(env);
  const cached = path.join(cacheDir, fileName);
  if (isFile(cached)) return { path: cached, source: "cache" };

  const mvn = options.mvn ? { mvn: options.mvn, checked: [options.mvn] } : findMaven(env);
  if (!mvn.mvn || !isFile(mvn.mvn)) throw new MavenNotFoundError({ artifact, checked: mvn.checked });

  // Download into a private directory, then rename: concurrent test runs never see a half-written jar.
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(path.join(cacheDir, ".download-"));
  try {
    progress(`Downloading ${artifact} (about 460 MB) with ${mvn.mvn} into ${cacheDir} ...`);
    // Not batch mode (-B) and not quiet: only then does Maven print transfer progress, which we report.
    const args = ["-Dstyle.color=never", "dependency:copy", `-Dartifact=${artifact}`, `-DoutputDirectory=${staging}`];
    if (options.mavenRepoLocal) args.push(`-Dmaven.repo.local=${options.mavenRepoLocal}`);
    let result: { code: number | null; output: string };
    const started = Date.now();
    // Every 5 s: bytes and percent of the jar when Maven says them, else that it is still busy.
    let latest: { done: number; total: number } | undefined;
    const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
    const ticker = setInterval(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      progress(
        latest
          ? `Downloading ${fileName}: ${mb(latest.done)} of ${mb(latest.total)} (${Math.floor((100 * latest.done) / latest.total)}%, ${seconds} s)`
          : `Still downloading (${seconds} s) ...`,
      );
    }, options.progressIntervalMs ?? 5_000);
    ticker.unref();
    try {
      result = await runMaven(mvn.mvn, args, env, (line) => {
        const p = parseMavenProgress(line);
        if (p && p.total >= (latest?.total ?? 0)) latest = p;
      });
    } catch (error) {
      throw new MavenNotFoundError({ artifact, checked: [`${mvn.mvn} (${(error as Error).message})`] });
    } finally {
      clearInterval(ticker);
    }
    const downloaded = path.join(staging, fileName);
    if (result.code !== 0 || !isFile(downloaded)) {
      const tail = result.output.trim().split("\n").slice(-15).join("\n");
      throw new ServerJarNotFoundError({
        artifact,
        detail: `\`mvn dependency:copy\` exited with code ${result.code}.\n${tail}`,
      });
    }
    renameSync(downloaded, cached);
    progress(`Downloaded ${fileName}.`);
    return { path: cached, source: "download" };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
