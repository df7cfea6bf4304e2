// Finds a Java runtime new enough for the Conductor server (3.22+ needs 21+).
// Order: JAVA_HOME, then JDKs installed in the system's JVM directories (newest first), then `java` on PATH.
// Too-old candidates are skipped, not fatal, because a machine often has an old default JDK beside a new one.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { JavaNotFoundError, type RejectedJava } from "./errors.js";

export const MINIMUM_JAVA_VERSION = 21;

export interface JavaInstallation {
  /** Absolute path of the java executable. */
  readonly java: string;
  /** JDK/JRE home when known. */
  readonly home: string | undefined;
  readonly majorVersion: number;
  /** Full version string, e.g. "25.0.3". */
  readonly version: string;
  readonly source: string;
}

export interface FindJavaOptions {
  /** Explicit java executable or JDK home; when given, nothing else is searched. */
  java?: string;
  minimumVersion?: number;
  /** Environment to read JAVA_HOME and PATH from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Directories holding one JDK per subdirectory (default depends on the platform). */
  systemJvmDirs?: readonly string[];
  platform?: NodeJS.Platform;
}

interface Candidate {
  java: string;
  home: string | undefined;
  source: string;
}

/** Major version of a Java version string: "1.8.0_292" -> 8, "17.0.15" -> 17, "25-ea" -> 25. */
export function parseJavaVersionString(version: string): number | undefined {
  const match = /^(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!match) return undefined;
  const first = Number(match[1]);
  // Java 8 and older report "1.x".
  if (first === 1 && match[2] !== undefined) return Number(match[2]);
  return first;
}

/** Version string from `java -version` output (which goes to stderr), e.g. `openjdk version "17.0.15" 2025-04-15`. */
export function parseJavaVersionOutput(output: string): { version: string; majorVersion: number } | undefined {
  const match = /version\s+"([^"]+)"/.exec(output);
  if (!match?.[1]) return undefined;
  const majorVersion = parseJavaVersionString(match[1]);
  return majorVersion === undefined ? undefined : { version: match[1], majorVersion };
}

/** Version from a JDK's `release` file (`JAVA_VERSION="25.0.3"`). */
export function parseReleaseFile(content: string): { version: string; majorVersion: number } | undefined {
  const match = /^JAVA_VERSION\s*=\s*"?([^"\r\n]+)"?\s*$/m.exec(content);
  if (!match?.[1]) return undefined;
  const majorVersion = parseJavaVersionString(match[1]);
  return majorVersion === undefined ? undefined : { version: match[1], majorVersion };
}

function defaultSystemJvmDirs(platform: NodeJS.Platform): string[] {
  if (platform === "darwin") return ["/Library/Java/JavaVirtualMachines"];
  if (platform === "win32") return [];
  return ["/usr/lib/jvm", "/usr/java", "/opt/java"];
}

function javaExe(platform: NodeJS.Platform): string {
  return platform === "win32" ? "java.exe" : "java";
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function fromHome(home: string, source: string, platform: NodeJS.Platform): Candidate {
  return { java: path.join(home, "bin", javaExe(platform)), home, source };
}

/** Candidates in search order, without probing their versions. */
export function listJavaCandidates(options: FindJavaOptions = {}): Candidate[] {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const candidates: Candidate[] = [];

  const javaHome = env.JAVA_HOME?.trim();
  if (javaHome) candidates.push(fromHome(javaHome, "JAVA_HOME", platform));

  for (const dir of options.systemJvmDirs ?? defaultSystemJvmDirs(platform)) {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const entry of entries) {
      // macOS bundles keep the home under Contents/Home.
      const bundleHome = path.join(dir, entry, "Contents", "Home");
      const home = existsSync(bundleHome) ? bundleHome : path.join(dir, entry);
      const candidate = fromHome(home, "system", platform);
      if (isFile(candidate.java)) candidates.push(candidate);
    }
  }

  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const java = path.join(dir, javaExe(platform));
    if (isFile(java)) {
      candidates.push({ java, home: undefined, source: "PATH" });
      break;
    }
  }
  return candidates;
}

function runJavaVersion(java: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(java, ["-version"], { timeout: 20_000, windowsHide: true }, (error, stdout, stderr) => {
      if (error) reject(error);
      else resolve(`${stderr}\n${stdout}`);
    });
  });
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** Reads a candidate's version: the `release` file when there is one (cheap), else `java -version`. */
export async function probeJavaVersion(
  java: string,
  home: string | undefined,
): Promise<{ version: string; majorVersion: number } | { error: string }> {
  if (!isFile(java)) return { error: "no java executable there" };
  // For a java found on PATH, the home is two levels above the resolved executable.
  const homeDir = home ?? path.dirname(path.dirname(realpathOr(java)));
  const release = path.join(homeDir, "release");
  if (isFile(release)) {
    const parsed = parseReleaseFile(readFileSync(release, "utf8"));
    if (parsed) return parsed;
  }
  try {
    const parsed = parseJavaVersionOutput(await runJavaVersion(java));
    return parsed ?? { error: "could not read the version from `java -version`" };
  } catch (error) {
    return { error: `\`${java} -version\` failed: ${(error as Error).message.split("\n")[0]}` };
  }
}

/**
 * Finds a Java installation of at least `minimumVersion` (default 21).
 * Throws JavaNotFoundError listing every candidate that was skipped and why.
 */
export async function findJava(options: FindJavaOptions = {}): Promise<JavaInstallation> {
  const minimumVersion = options.minimumVersion ?? MINIMUM_JAVA_VERSION;
  const platform = options.platform ?? process.platform;
  let candidates: Candidate[];
  if (options.java) {
    const explicit = options.java;
    candidates = [
      isFile(explicit) ? { java: explicit, home: undefined, source: "option" } : fromHome(explicit, "option", platform),
    ];
  } else {
    candidates = listJavaCandidates(options);
  }

  const rejected: RejectedJava[] = [];
  const seen = new Set<string>();
  const probed: Array<Candidate & { version: string; majorVersion: number }> = [];
  for (const candidate of candidates) {
    const key = realpathOr(candidate.java);
    if (seen.has(key)) continue; // /usr/lib/jvm holds symlinks to the same JDK
    seen.add(key);
    const result = await probeJavaVersion(candidate.java, candidate.home);
    if ("error" in result) {
      rejected.push({ path: candidate.java, source: candidate.source, majorVersion: undefined, reason: result.error });
    } else {
      probed.push({ ...candidate, ...result });
    }
  }

  // JAVA_HOME and explicit choices win when they fit; among system JDKs the newest wins; PATH comes last.
  const rank = (source: string): number =>
    source === "option" || source === "JAVA_HOME" ? 0 : source === "system" ? 1 : 2;
  const ordered = probed
    .map((c, index) => ({ c, index }))
    .sort((a, b) => {
      const byRank = rank(a.c.source) - rank(b.c.source);
      if (byRank !== 0) return byRank;
      if (a.c.source === "system" && b.c.source === "system") return b.c.majorVersion - a.c.majorVersion;
      return a.index - b.index;
    })
    .map(({ c }) => c);

  for (const c of ordered) {
    if (c.majorVersion >= minimumVersion) {
      return { java: c.java, home: c.home, majorVersion: c.majorVersion, version: c.version, source: c.source };
    }
    rejected.push({
      path: c.java,
      source: c.source,
      majorVersion: c.majorVersion,
      reason: `Java ${c.version} is too old (need ${minimumVersion}+)`,
    });
  }
  throw new JavaNotFoundError({ minimumVersion, rejected });
}
