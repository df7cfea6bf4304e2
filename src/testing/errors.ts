import { ConductorError } from "../errors/conductor-error.js";

// Typed errors of the local test server kit (part of the SDK's ConductorError family). Each message says what to install or set,
// because the person reading it is usually looking at a failed CI job.

/**
 * Base class of every error thrown by `LocalConductor` and its helpers.
 *
 * @example
 * ```ts
 * try {
 *   server = await LocalConductor.start();
 * } catch (error) {
 *   if (error instanceof LocalConductorError) console.error(error.message); // says what to install or set
 *   throw error;
 * }
 * ```
 */
export class LocalConductorError extends ConductorError {
  static override readonly kind: string = "LocalConductorError";
  constructor(message: string, init: { cause?: unknown } = {}) {
    super(message, { ...init, code: "TESTING" });
  }
}

/** One Java installation that was looked at and rejected. */
export interface RejectedJava {
  /** The java executable (or JDK home) that was checked. */
  readonly path: string;
  /** Where the candidate came from: "JAVA_HOME", "system", "PATH" or "option". */
  readonly source: string;
  /** Major version found, or undefined when it could not be determined. */
  readonly majorVersion: number | undefined;
  /** Why it was rejected. */
  readonly reason: string;
}

/**
 * No Java of at least `minimumVersion` was found; `rejected` lists every installation looked at and why.
 *
 * @example
 * ```ts
 * try {
 *   await LocalConductor.start();
 * } catch (error) {
 *   if (error instanceof JavaNotFoundError) {
 *     for (const java of error.rejected) console.error(`${java.path} (${java.source}): ${java.reason}`);
 *   }
 *   throw error;
 * }
 * ```
 */
export class JavaNotFoundError extends LocalConductorError {
  override name = "JavaNotFoundError";
  readonly minimumVersion: number;
  readonly rejected: readonly RejectedJava[];

  constructor(init: { minimumVersion: number; rejected: readonly RejectedJava[] }) {
    const { minimumVersion, rejected } = init;
    const seen =
      rejected.length === 0
        ? "No Java installation was found (checked JAVA_HOME, the system JVM directories and `java` on PATH)."
        : "Checked:\n" + rejected.map((r) => `  - ${r.path} (${r.source}): ${r.reason}`).join("\n");
    super(
      `The Conductor server needs Java ${minimumVersion} or newer. ${seen}\n` +
        `Install a JDK ${minimumVersion}+ (for example Eclipse Temurin ${minimumVersion}: https://adoptium.net/) ` +
        `and either put its bin/ directory on PATH or set JAVA_HOME to its home directory.`,
    );
    this.minimumVersion = minimumVersion;
    this.rejected = rejected;
  }
}

/**
 * The server jar is not in the local Maven repository and `mvn` is not there to fetch it.
 *
 * @example
 * ```ts
 * try {
 *   await LocalConductor.start();
 * } catch (error) {
 *   if (error instanceof MavenNotFoundError) console.error(`install mvn, or set CONDUCTOR_SERVER_JAR for ${error.artifact}`);
 *   throw error;
 * }
 * ```
 */
export class MavenNotFoundError extends LocalConductorError {
  override name = "MavenNotFoundError";
  readonly artifact: string;

  constructor(init: { artifact: string; checked: readonly string[] }) {
    const { artifact, checked } = init;
    super(
      `The Conductor server jar ${artifact} is not in the local Maven repository, and Maven (mvn) ` +
        `was not found to download it (checked: ${checked.join(", ") || "PATH"}).\n` +
        `Install Apache Maven (https://maven.apache.org/install.html, or your package manager: ` +
        `\`apt-get install maven\`, \`brew install maven\`), or download the jar yourself and set ` +
        `CONDUCTOR_SERVER_JAR to its path.`,
    );
    this.artifact = artifact;
  }
}

/**
 * The server jar could not be obtained (download failed, no such version).
 *
 * @example
 * ```ts
 * try {
 *   await LocalConductor.start({ version: "3.32.3" });
 * } catch (error) {
 *   if (error instanceof ServerJarNotFoundError) console.error(`could not get ${error.artifact}`, error.cause);
 *   throw error;
 * }
 * ```
 */
export class ServerJarNotFoundError extends LocalConductorError {
  override name = "ServerJarNotFoundError";
  readonly artifact: string;

  constructor(init: { artifact: string; detail: string; cause?: unknown }) {
    const { artifact, detail } = init;
    super(
      `Could not obtain the Conductor server jar ${artifact}: ${detail}\n` +
        `Check the version exists on Maven Central (groupId org.conductoross, artifactId conductor-server, ` +
        `classifier boot), that Maven can reach your repository (settings.xml, proxy), or set ` +
        `CONDUCTOR_SERVER_JAR to a downloaded conductor-server-<version>-boot.jar.`,
      { cause: init.cause },
    );
    this.artifact = artifact;
  }
}

/**
 * The server process exited or never became healthy; `logFile` and `logTail` show why.
 *
 * @example
 * ```ts
 * try {
 *   await LocalConductor.start({ startTimeoutMs: 120_000 });
 * } catch (error) {
 *   if (error instanceof ServerStartError) console.error(`exit ${error.exitCode}; see ${error.logFile}:\n${error.logTail}`);
 *   throw error;
 * }
 * ```
 */
export class ServerStartError extends LocalConductorError {
  override name = "ServerStartError";
  /** Exit code when the process exited during start, else undefined. */
  readonly exitCode: number | null | undefined;
  /** Signal that ended the process during start, else undefined. */
  readonly signal: NodeJS.Signals | null | undefined;
  readonly logFile: string;
  /** The last lines of the server log, also included in the message. */
  readonly logTail: string;

  constructor(init: {
    reason: string;
    logFile: string;
    logTail: string;
    exitCode?: number | null;
    signal?: NodeJS.Signals | null;
    cause?: unknown;
  }) {
    super(
      `Conductor server failed to start: ${init.reason}\n` +
        `Log file: ${init.logFile}\n` +
        (init.logTail.trim() === "" ? "(the log is empty)" : `Last log lines:\n${init.logTail}`),
      { cause: init.cause },
    );
    this.exitCode = init.exitCode;
    this.signal = init.signal;
    this.logFile = init.logFile;
    this.logTail = init.logTail;
  }
}

/**
 * A fake LLM provider was given something it cannot use (a malformed script, a bad option), or could not be reached.
 *
 * @example
 * ```ts
 * try {
 *   await llm.script("gpt-4o-mini", { fallback: { text: "ok" } });
 * } catch (error) {
 *   if (error instanceof FakeLlmError) console.error(`fake LLM: ${error.message}`); // malformed script or unreachable
 *   throw error;
 * }
 * ```
 */
export class FakeLlmError extends LocalConductorError {
  static override readonly kind: string = "FakeLlmError";
  constructor(message: string, init: { cause?: unknown } = {}) {
    super(message, init);
  }
}

/**
 * No usable PostgreSQL server installation (initdb, postgres, pg_isready) was found.
 *
 * @example
 * ```ts
 * try {
 *   await LocalConductorCluster.start({ nodes: 2 });
 * } catch (error) {
 *   if (error instanceof PostgresNotFoundError) console.error(error.checked.join("\n")); // set CONDUCTOR_TEST_PG_BIN
 *   throw error;
 * }
 * ```
 */
export class PostgresNotFoundError extends LocalConductorError {
  override name = "PostgresNotFoundError";
  /** Every directory that was looked at, with why it was not used. */
  readonly checked: readonly string[];

  constructor(init: { checked: readonly string[] }) {
    const { checked } = init;
    super(
      `LocalConductorCluster needs PostgreSQL's server binaries (initdb, postgres, pg_isready). ` +
        (checked.length
          ? `Checked:\n${checked.map((c) => `  - ${c}`).join("\n")}\n`
          : "None were found on PATH or in /usr/lib/postgresql/*/bin.\n") +
        `Install PostgreSQL 15 or newer (Debian/Ubuntu: \`apt-get install postgresql-15\`; macOS: \`brew install postgresql@15\`), ` +
        `or set CONDUCTOR_TEST_PG_BIN (or the postgresBin option) to the directory holding initdb.`,
    );
    this.checked = checked;
  }
}

/**
 * PostgreSQL was found but did not start (initdb failed, the server exited, or never accepted connections).
 *
 * @example
 * ```ts
 * try {
 *   await LocalConductorCluster.start();
 * } catch (error) {
 *   if (error instanceof PostgresStartError) console.error(`see ${error.logFile}:\n${error.logTail}`);
 *   throw error;
 * }
 * ```
 */
export class PostgresStartError extends LocalConductorError {
  override name = "PostgresStartError";
  readonly logFile: string;
  readonly logTail: string;

  constructor(init: { reason: string; logFile: string; logTail: string }) {
    super(
      `PostgreSQL failed to start: ${init.reason}` +
        (init.logFile ? `\nLog file: ${init.logFile}` : "") +
        (init.logTail.trim() ? `\nLast log lines:\n${init.logTail}` : ""),
    );
    this.logFile = init.logFile;
    this.logTail = init.logTail;
  }
}

/**
 * The load balancer (HAProxy) is not installed.
 *
 * @example
 * ```ts
 * try {
 *   await LocalConductorCluster.start();
 * } catch (error) {
 *   if (error instanceof LoadBalancerNotFoundError) console.error(`no haproxy in ${error.checked.join(", ")}`);
 *   throw error;
 * }
 * ```
 */
export class LoadBalancerNotFoundError extends LocalConductorError {
  override name = "LoadBalancerNotFoundError";
  readonly checked: readonly string[];

  constructor(init: { checked: readonly string[] }) {
    const { checked } = init;
    super(
      `LocalConductorCluster puts HAProxy in front of its server nodes, and no haproxy executable was found ` +
        `(checked: ${checked.join(", ")}). Install it (Debian/Ubuntu: \`apt-get install haproxy\`; macOS: \`brew install haproxy\`), ` +
        `or set CONDUCTOR_TEST_HAPROXY (or the haproxy option) to its path.`,
    );
    this.checked = checked;
  }
}

/**
 * The load balancer was found but did not start or never answered.
 *
 * @example
 * ```ts
 * try {
 *   await LocalConductorCluster.start();
 * } catch (error) {
 *   if (error instanceof LoadBalancerStartError) console.error(error.output);
 *   throw error;
 * }
 * ```
 */
export class LoadBalancerStartError extends LocalConductorError {
  override name = "LoadBalancerStartError";
  readonly output: string;

  constructor(init: { reason: string; output: string }) {
    const { reason, output } = init;
    super(`HAProxy failed to start: ${reason}${output.trim() ? `\nIts output:\n${output.trim().slice(-3000)}` : ""}`);
    this.output = output;
  }
}
