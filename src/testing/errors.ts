import { ConductorError } from "../errors/conductor-error.js";

// Typed errors of the local test server kit (part of the SDK's ConductorError family). Each message says what to install or set,
// because the person reading it is usually looking at a failed CI job.

/** Base class of every error thrown by `LocalConductor` and its helpers. */
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

/** A fake LLM provider was given something it cannot use (a malformed script, a bad option), or could not be reached. */
export class FakeLlmError extends LocalConductorError {
  static override readonly kind: string = "FakeLlmError";
  constructor(message: string, init: { cause?: unknown } = {}) {
    super(message, init);
  }
}

/** No usable PostgreSQL server installation (initdb, postgres, pg_isready) was found. */
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

/** PostgreSQL was found but did not start (initdb failed, the server exited, or never accepted connections). */
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

/** The load balancer (HAProxy) is not installed. */
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

/** The load balancer was found but did not start or never answered. */
export class LoadBalancerStartError extends LocalConductorError {
  override name = "LoadBalancerStartError";
  readonly output: string;

  constructor(init: { reason: string; output: string }) {
    const { reason, output } = init;
    super(`HAProxy failed to start: ${reason}${output.trim() ? `\nIts output:\n${output.trim().slice(-3000)}` : ""}`);
    this.output = output;
  }
}
