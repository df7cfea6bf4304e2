// A throw-away PostgreSQL server for the cluster kit: initdb into a fresh directory, then the
// `postgres` binary in the foreground on a free loopback port, trust authentication for one
// superuser, and durability settings off (fsync, synchronous_commit: a test database does not
// need to survive a power cut, and they cost most of its time on a small machine).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, realpathSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { killOnExit } from "./children.js";
import { PostgresNotFoundError, PostgresStartError } from "./errors.js";
import { findFreePort } from "./free-port.js";
import { readLogTail } from "./log-tail.js";

/** Binaries the kit needs from a PostgreSQL installation. */
const BINARIES = ["initdb", "postgres", "pg_isready"] as const;

export interface PostgresInstallation {
  /** Directory holding initdb, postgres and pg_isready. */
  readonly binDir: string;
  /** e.g. "15.18" */
  readonly version: string;
  readonly majorVersion: number;
}

export interface FindPostgresOptions {
  /** A bin directory to use instead of searching. */
  binDir?: string;
  /** Environment to read PATH and CONDUCTOR_TEST_PG_BIN from (default process.env). */
  env?: Record<string, string | undefined>;
}

function run(
  file: string,
  args: string[],
  options: { uid?: number; gid?: number } = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, encoding: "utf8", timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

function hasBinaries(dir: string): boolean {
  return BINARIES.every((b) => existsSync(path.join(dir, b)));
}

/**
 * Finds PostgreSQL's server binaries: `binDir`, else CONDUCTOR_TEST_PG_BIN, else the directory of
 * `pg_ctl`/`initdb` on PATH (symlinks followed, as Debian links them from /usr/local/bin or
 * /usr/bin), else /usr/lib/postgresql/<version>/bin (newest first) and the usual Homebrew and
 * source-build locations. Throws PostgresNotFoundError naming every place it looked.
 */
export async function findPostgres(options: FindPostgresOptions = {}): Promise<PostgresInstallation> {
  const env = options.env ?? process.env;
  const candidates: string[] = [];
  if (options.binDir) candidates.push(options.binDir);
  else {
    if (env.CONDUCTOR_TEST_PG_BIN) candidates.push(env.CONDUCTOR_TEST_PG_BIN);
    for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
      for (const exe of ["initdb", "pg_ctl"]) {
        const file = path.join(dir, exe);
        if (existsSync(file)) candidates.push(path.dirname(realpathSync(file)));
      }
    }
    const debian = "/usr/lib/postgresql";
    if (existsSync(debian)) {
      const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v));
      versions.sort((a, b) => Number(b) - Number(a));
      candidates.push(...versions.map((v) => path.join(debian, v, "bin")));
    }
    candidates.push("/opt/homebrew/opt/postgresql@15/bin", "/usr/local/opt/postgresql@15/bin", "/usr/local/pgsql/bin");
  }
  const checked: string[] = [];
  for (const dir of [...new Set(candidates)]) {
    if (!hasBinaries(dir)) {
      checked.push(`${dir} (no ${BINARIES.filter((b) => !existsSync(path.join(dir, b))).join(", ")})`);
      continue;
    }
    const { code, output } = await run(path.join(dir, "postgres"), ["--version"]);
    const match = /(\d+)(?:\.(\d+))?/.exec(output);
    if (code !== 0 || !match) {
      checked.push(`${dir} (postgres --version failed: ${output.trim().slice(0, 120)})`);
      continue;
    }
    return { binDir: dir, version: match[2] ? `${match[1]}.${match[2]}` : match[1]!, majorVersion: Number(match[1]) };
  }
  throw new PostgresNotFoundError({ checked });
}

export interface LocalPostgresOptions {
  /** Directory for the database cluster and its log; created if missing. */
  dataDir: string;
  installation: PostgresInstallation;
  /** Port on 127.0.0.1. @default a free port */
  port?: number;
  /** Superuser that Conductor connects as (trust authentication, loopback only). @default "conductor" */
  user?: string;
  /** Passed to postgres as `-c max_connections=`. @default 200 */
  maxConnections?: number;
  /** How long to wait for the server to accept connections. @default 60 s */
  startTimeoutMs?: number;
}

/** The unprivileged account PostgreSQL runs as when we are root (initdb and postgres refuse root). */
async function serviceAccount(): Promise<{ uid: number; gid: number; name: string } | undefined> {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    const uid = await run("id", ["-u", name]);
    const gid = await run("id", ["-g", name]);
    if (uid.code === 0 && gid.code === 0)
      return { uid: Number(uid.output.trim()), gid: Number(gid.output.trim()), name };
  }
  throw new PostgresStartError({
    reason:
      "running as root, and neither a `postgres` nor a `nobody` account exists to run PostgreSQL as (it refuses to run as root)",
    logFile: "",
    logTail: "",
  });
}

export class LocalPostgres {
  readonly port: number;
  readonly user: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly installation: PostgresInstallation;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  #stopping: Promise<void> | undefined;

  private constructor(init: {
    port: number;
    user: string;
    dataDir: string;
    logFile: string;
    installation: PostgresInstallation;
    child: ChildProcess;
    exited: Promise<void>;
  }) {
    this.port = init.port;
    this.user = init.user;
    this.dataDir = init.dataDir;
    this.logFile = init.logFile;
    this.installation = init.installation;
    this.#child = init.child;
    this.#exited = init.exited;
  }

  /** JDBC URL of the database Conductor uses. */
  get jdbcUrl(): string {
    return `jdbc:postgresql://127.0.0.1:${this.port}/postgres`;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  static async start(options: LocalPostgresOptions): Promise<LocalPostgres> {
    const { installation } = options;
    const user = options.user ?? "conductor";
    const port = options.port ?? (await findFreePort());
    const account = await serviceAccount();
    const dataDir = path.resolve(options.dataDir);
    const pgData = path.join(dataDir, "data");
    const logFile = path.join(dataDir, "postgres.log");
    mkdirSync(dataDir, { recursive: true });
    const ids = account ? { uid: account.uid, gid: account.gid } : {};
    if (account) {
      // The account must own its directory and be able to reach it; we change no directory above it.
      for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
        if ((statSync(dir).mode & 0o001) === 0) {
          throw new PostgresStartError({
            reason: `PostgreSQL runs as the \`${account.name}\` account (it refuses root), which cannot enter ${dir}: choose a dataDir whose parent directories are world-executable (e.g. under ${os.tmpdir()})`,
            logFile: "",
            logTail: "",
          });
        }
      }
      chownSync(dataDir, account.uid, account.gid);
    }
    const closeLog = openSync(logFile, "a");
    closeSync(closeLog);
    if (account) chownSync(logFile, account.uid, account.gid);

    const init = await run(
      path.join(installation.binDir, "initdb"),
      ["-D", pgData, "-U", user, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"],
      ids,
    );
    if (init.code !== 0) {
      throw new PostgresStartError({
        reason: `initdb failed (exit ${init.code})`,
        logFile,
        logTail: init.output.trim().split("\n").slice(-20).join("\n"),
      });
    }
    const settings = {
      listen_addresses: "127.0.0.1",
      port: String(port),
      unix_socket_directories: dataDir,
      max_connections: String(options.maxConnections ?? 200),
      fsync: "off",
      synchronous_commit: "off",
      full_page_writes: "off",
      shared_buffers: "128MB",
    };
    const args = ["-D", pgData, ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])];
    const logFd = openSync(logFile, "a");
    let child: ChildProcess;
    try {
      child = spawn(path.join(installation.binDir, "postgres"), args, { ...ids, stdio: ["ignore", logFd, logFd] });
    } finally {
      closeSync(logFd);
    }
    child.unref();
    killOnExit(child);
    let exitInfo: string | undefined;
    const exited = new Promise<void>((resolve) => {
      child.once("error", (error) => ((exitInfo = `could not run postgres: ${error.message}`), resolve()));
      child.once(
        "exit",
        (code, signal) => (
          (exitInfo = signal ? `postgres was killed by ${signal}` : `postgres exited with code ${code}`),
          resolve()
        ),
      );
    });
    const server = new LocalPostgres({ port, user, dataDir, logFile, installation, child, exited });
    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
    for (;;) {
      if (exitInfo) throw new PostgresStartError({ reason: exitInfo, logFile, logTail: readLogTail(logFile) });
      const ready = await run(path.join(installation.binDir, "pg_isready"), [
        "-q",
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-U",
        user,
        "-d",
        "postgres",
      ]);
      if (ready.code === 0) return server;
      if (Date.now() > deadline) {
        await server.stop();
        throw new PostgresStartError({
          reason: `not accepting connections on port ${port} after ${options.startTimeoutMs ?? 60_000} ms`,
          logFile,
          logTail: readLogTail(logFile),
        });
      }
      await Promise.race([new Promise((r) => setTimeout(r, 200)), exited]);
    }
  }

  /** Fast shutdown (SIGINT: roll back open transactions, then exit); SIGKILL if that takes over 15 s. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      // The child is unref-ed; while stop() waits for it, it must keep Node alive, or a script whose
      // last work is `await cluster.stop()` ends (code 0) before PostgreSQL has exited.
      this.#child.ref();
      try {
        if (this.running) {
          this.#child.kill("SIGINT");
          const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 15_000).unref());
          if ((await Promise.race([this.#exited, timer])) === "timeout") this.#child.kill("SIGKILL");
        }
        await this.#exited;
      } finally {
        this.#child.unref();
      }
    })();
    return this.#stopping;
  }
}
