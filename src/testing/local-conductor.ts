// Runs a real Conductor OSS server (the Maven Central boot jar) on loopback for tests:
// SQLite in a data directory, a free port, AI integrations off unless asked for, output in a log file.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { killOnExit } from "./children.js";
import { readLogTail } from "./log-tail.js";
import { LocalConductorError, ServerStartError } from "./errors.js";
import { findFreePort, isPortFree } from "./free-port.js";
import { findJava, type JavaInstallation } from "./java.js";
import { resolveServerJar } from "./server-jar.js";

/**
 * Default server version. The server notes point at 3.32.0, but 3.32.0 is not on Maven Central
 * (its maven-metadata lists 3.21.14, 3.32.1, 3.32.2, 3.32.3). 3.32.1 answers HTTP 500 on /api-docs
 * (Spring Boot 3.5 with springdoc 2.1.0; checked by starting it). 3.32.2 and 3.32.3 serve /api-docs,
 * so the newest of those is the default; spec/openapi.json is pulled from it.
 */
export const DEFAULT_SERVER_VERSION = "3.32.3";

/**
 * Default JVM flags, measured with 3.32.3 on Temurin 25, 2 shared cores (load average 12-17, so wall
 * times of 42-113 s were noise; JVM CPU seconds are the stable figure). CPU to reach healthy /
 * CPU per steady-state iteration (GET taskdefs + start a one-task workflow, after 400 warm-up ones):
 *   -Xmx1g (G1, tiered C2)          34.7 s, 32.7 s / 21.1 ms, 19.2 ms
 *   + -XX:TieredStopAtLevel=1       33.5 s / 13.6 ms (C1 only: the later C2 gain never comes)
 *   + -XX:+UseSerialGC              30.9 s, 30.3 s / 15.5 ms, 16.3 ms
 *   + SerialGC + TieredStopAtLevel=1 29.9 s / 15.8 ms
 * Serial GC costs less at start and per request with a 1 GB heap on 2 cores; C1-only saves almost
 * nothing at start but caps peak speed, and benchmarks run on this server. CDS for the JDK's own
 * classes is on by default (-Xshare:auto); an application CDS archive did not get written for the
 * nested-jar boot launcher, so it is not used.
 */
export const DEFAULT_JVM_ARGS: readonly string[] = ["-Xmx1g", "-XX:+UseSerialGC"];

export const DEFAULT_START_TIMEOUT_MS = 180_000;
const DEFAULT_STOP_GRACE_MS = 15_000;

export interface LocalConductorOptions {
  /** Server version to run (default DEFAULT_SERVER_VERSION). */
  version?: string;
  /** Port on 127.0.0.1 (default: a free port chosen by the OS). */
  port?: number;
  /**
   * Directory for the SQLite database and temp files (default: a new temp dir, removed by stop(),
   * kept after kill() and after a failed start so its log can be read).
   */
  dataDir?: string;
  /** Server output (default <dataDir>/server.log; appended to, so restarts keep earlier output). */
  logFile?: string;
  /** JVM flags placed before -jar (default DEFAULT_JVM_ARGS). */
  jvmArgs?: readonly string[];
  /** How long to wait for GET /health to report healthy (default 180 s). */
  startTimeoutMs?: number;
  /** Do not print progress to stderr. */
  quiet?: boolean;
  /** Receives each progress message (also when quiet). */
  onProgress?: (message: string) => void;
  /** Java executable or JDK home to use instead of searching (JAVA_HOME, system JVMs, PATH). */
  java?: string;
  /** Server jar to use instead of resolving `version` (CONDUCTOR_SERVER_JAR, Maven repository, mvn). */
  serverJar?: string;
  /**
   * AI integrations (LLM and MCP task types, the /api/agent controllers). Off by default; `true`
   * turns them on, an object also configures providers. See {@link LocalConductorAiOptions}.
   * @default false
   */
  ai?: boolean | LocalConductorAiOptions;
  /** Extra Spring properties passed as --key=value (they override ours, `ai` included). */
  serverProperties?: Readonly<Record<string, string | number | boolean>>;
  /** How long stop() waits after SIGTERM before SIGKILL (default 15 s). */
  stopGraceMs?: number;
}

/**
 * AI settings of a LocalConductor. Each becomes a Spring property of the server
 * (`conductor.integrations.ai.enabled`, `conductor.ai.<provider>.<setting>`, `conductor.ai.http.*`).
 *
 * @example
 * ```ts
 * const llm = await FakeLlmProvider.start();
 * const server = await LocalConductor.start({ ai: { openai: llm } }); // { baseURL, apiKey }
 * ```
 */
export interface LocalConductorAiOptions {
  /**
   * The `openai` provider (`llmProvider: "openai"` in a task): `conductor.ai.openai.apiKey`,
   * `.baseURL` (default the server's, https://api.openai.com/v1; the server appends `/v1` when
   * missing) and `.organizationId`. A FakeLlmProvider can be passed as it is.
   */
  openai?: { readonly baseURL?: string; readonly apiKey: string; readonly organizationId?: string };
  /**
   * Any other provider by its property name, e.g. `{ anthropic: { apiKey: "...", baseURL: "..." } }`
   * becomes `conductor.ai.anthropic.apiKey` and `conductor.ai.anthropic.baseURL`.
   */
  providers?: Readonly<Record<string, Readonly<Record<string, string | number | boolean>>>>;
  /**
   * How often the server's AI HTTP client retries a 429 or 5xx answer (`conductor.ai.http.max-retries`,
   * server default 3, with exponential backoff from 1 s). 0 makes provider errors fail the task at once.
   */
  httpMaxRetries?: number;
}

const PROVIDER_NAME = /^[a-z][a-z0-9-]*$/;
const SETTING_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

function checkBaseUrl(value: unknown, field: string): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new LocalConductorError(`${field} must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  return String(value);
}

/** True for server versions older than 3.32 (e.g. 3.21.14), whose defaults and SQLite module differ. */
function isBefore332(version: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map((n) => Number.parseInt(n, 10));
  return major < 3 || (major === 3 && minor < 32);
}

/**
 * The server properties for `ai` (LocalConductor's `ai` option); throws LocalConductorError naming the bad field.
 *
 * @example
 * ```ts
 * const properties = aiServerProperties(true); // Spring properties, e.g. for a server started by hand
 * ```
 */
export function aiServerProperties(ai: boolean | LocalConductorAiOptions | undefined): Record<string, string> {
  if (ai === undefined || ai === false) return { "conductor.integrations.ai.enabled": "false" };
  const properties: Record<string, string> = { "conductor.integrations.ai.enabled": "true" };
  if (ai === true) return properties;
  if (typeof ai !== "object" || ai === null)
    throw new LocalConductorError(`ai must be a boolean or an object, got ${JSON.stringify(ai)}`);
  for (const key of Object.keys(ai)) {
    if (!["openai", "providers", "httpMaxRetries"].includes(key))
      throw new LocalConductorError(`ai.${key} is not an AI option (use openai, providers, httpMaxRetries)`);
  }
  if (ai.openai !== undefined) {
    const { apiKey, baseURL, organizationId } = ai.openai;
    if (typeof apiKey !== "string" || apiKey === "")
      throw new LocalConductorError("ai.openai.apiKey must be a non-empty string");
    properties["conductor.ai.openai.apiKey"] = apiKey;
    if (baseURL !== undefined) properties["conductor.ai.openai.baseURL"] = checkBaseUrl(baseURL, "ai.openai.baseURL");
    if (organizationId !== undefined) {
      if (typeof organizationId !== "string")
        throw new LocalConductorError("ai.openai.organizationId must be a string");
      properties["conductor.ai.openai.organizationId"] = organizationId;
    }
  }
  for (const [name, settings] of Object.entries(ai.providers ?? {})) {
    if (!PROVIDER_NAME.test(name))
      throw new LocalConductorError(`ai.providers.${name}: a provider name is lower-case letters, digits and dashes`);
    if (typeof settings !== "object" || settings === null)
      throw new LocalConductorError(`ai.providers.${name} must be an object of settings`);
    for (const [setting, value] of Object.entries(settings)) {
      if (!SETTING_NAME.test(setting))
        throw new LocalConductorError(`ai.providers.${name}.${setting}: a setting name is letters, digits and dashes`);
      if (!["string", "number", "boolean"].includes(typeof value))
        throw new LocalConductorError(`ai.providers.${name}.${setting} must be a string, number or boolean`);
      properties[`conductor.ai.${name}.${setting}`] = String(value);
    }
  }
  if (ai.httpMaxRetries !== undefined) {
    if (!(Number.isInteger(ai.httpMaxRetries) && ai.httpMaxRetries >= 0))
      throw new LocalConductorError(
        `ai.httpMaxRetries must be a non-negative integer, got ${String(ai.httpMaxRetries)}`,
      );
    properties["conductor.ai.http.max-retries"] = String(ai.httpMaxRetries);
  }
  return properties;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A Conductor server run from its jar on 127.0.0.1 with SQLite in a temp dir, for tests and examples.
 *
 * @example
 * ```ts
 * const server = await LocalConductor.start({ quiet: true });
 * const configuration = new Configuration({ serverUrl: server.apiUrl });
 * // ...
 * await server.stop();
 * ```
 */
export class LocalConductor {
  /** e.g. "http://127.0.0.1:38123" */
  readonly serverUrl: string;
  /** e.g. "http://127.0.0.1:38123/api" */
  readonly apiUrl: string;
  readonly port: number;
  readonly dataDir: string;
  readonly logFile: string;
  readonly java: JavaInstallation;
  readonly serverJar: string;

  readonly #child: ChildProcess;
  readonly #exited: Promise<ExitInfo>;
  readonly #removeDataDirOnStop: boolean;
  readonly #stopGraceMs: number;
  #version: string;
  #ended = false;
  #stopping: Promise<void> | undefined;

  private constructor(init: {
    port: number;
    dataDir: string;
    logFile: string;
    version: string;
    java: JavaInstallation;
    serverJar: string;
    child: ChildProcess;
    exited: Promise<ExitInfo>;
    removeDataDirOnStop: boolean;
    stopGraceMs: number;
  }) {
    this.port = init.port;
    this.serverUrl = `http://127.0.0.1:${init.port}`;
    this.apiUrl = `${this.serverUrl}/api`;
    this.dataDir = init.dataDir;
    this.logFile = init.logFile;
    this.#version = init.version;
    this.java = init.java;
    this.serverJar = init.serverJar;
    this.#child = init.child;
    this.#exited = init.exited;
    void init.exited.then(() => {
      this.#ended = true; // also covers a spawn failure, where exitCode stays null
    });
    this.#removeDataDirOnStop = init.removeDataDirOnStop;
    this.#stopGraceMs = init.stopGraceMs;
  }

  /** Version the server reports at GET /api/version (the requested one if it does not answer). */
  get version(): string {
    return this.#version;
  }

  /** Process id of the server JVM. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** True until the server process has exited. */
  get running(): boolean {
    return !this.#ended && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /**
   * Starts a server and resolves once GET /health reports healthy.
   * Throws JavaNotFoundError, MavenNotFoundError, ServerJarNotFoundError or ServerStartError.
   *
   * @example
   * ```ts
   * const server = await LocalConductor.start({ port: 8080, startTimeoutMs: 240_000, ai: true });
   * ```
   */
  static async start(options: LocalConductorOptions = {}): Promise<LocalConductor> {
    const version = options.version ?? DEFAULT_SERVER_VERSION;
    const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    const progress = (message: string): void => {
      options.onProgress?.(message);
      if (!options.quiet) process.stderr.write(`[LocalConductor] ${message}\n`);
    };
    if (options.port !== undefined && !(Number.isInteger(options.port) && options.port > 0 && options.port < 65536)) {
      throw new LocalConductorError(`port must be an integer between 1 and 65535, got ${String(options.port)}`);
    }

    if (options.port !== undefined && !(await isPortFree(options.port))) {
      // Otherwise a server already listening there would answer /health in place of ours.
      throw new LocalConductorError(`port ${options.port} on 127.0.0.1 is already in use`);
    }

    const aiProperties = aiServerProperties(options.ai);

    const java = await findJava(options.java ? { java: options.java } : {});
    const serverJar = options.serverJar ?? (await resolveServerJar({ version, onProgress: progress })).path;
    if (options.serverJar && !statSync(options.serverJar, { throwIfNoEntry: false })?.isFile()) {
      throw new LocalConductorError(`serverJar ${options.serverJar} is not a file`);
    }

    const removeDataDirOnStop = options.dataDir === undefined;
    const dataDir = path.resolve(options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "conductor-local-")));
    mkdirSync(dataDir, { recursive: true });
    // The JVM temp dir (payload storage, Tomcat, SQLite's native library) lives in dataDir so stop() removes it.
    const tmpDir = path.join(dataDir, "tmp");
    mkdirSync(tmpDir, { recursive: true });
    const logFile = path.resolve(options.logFile ?? path.join(dataDir, "server.log"));
    mkdirSync(path.dirname(logFile), { recursive: true });
    const port = options.port ?? (await findFreePort());

    const properties: Record<string, string> = {
      "server.address": "127.0.0.1",
      "server.port": String(port),
      "spring.datasource.url": `jdbc:sqlite:${path.join(dataDir, "conductor.db")}?busy_timeout=15000&journal_mode=WAL`,
      // SQLite storage and queues, said explicitly: 3.32's defaults, but 3.21 defaults to in-memory storage with
      // queues in a Redis on localhost:6379 (starting a workflow there fails without one).
      "conductor.db.type": "sqlite",
      "conductor.queue.type": "sqlite",
      // Before 3.32 the SQLite module needs a single connection, or concurrent writes fail with SQLITE_BUSY.
      ...(isBefore332(version) ? { "spring.datasource.hikari.maximum-pool-size": "1" } : {}),
      // The AI module's beans load even with integrations off; their file store would default to ~/worker-payload/.
      "conductor.file-storage.parentDir": `${path.join(dataDir, "worker-payload")}${path.sep}`,
      // The server's default is AI on; it adds controllers and model clients a test server rarely needs.
      ...aiProperties,
    };
    for (const [key, value] of Object.entries(options.serverProperties ?? {})) properties[key] = String(value);
    const args = [
      ...(options.jvmArgs ?? DEFAULT_JVM_ARGS),
      `-Djava.io.tmpdir=${tmpDir}`,
      // sqlite-jdbc loads a native library; without this, Java 24+ warns that it will be blocked in the future.
      "--enable-native-access=ALL-UNNAMED",
      "-jar",
      serverJar,
      ...Object.entries(properties).map(([key, value]) => `--${key}=${value}`),
    ];

    // Remember where this start's output begins, so errors show this attempt's log only.
    const logFd = openSync(logFile, "a");
    const logOffset = statSync(logFile).size;
    writeSync(logFd, `\n==== LocalConductor ${new Date().toISOString()}: ${java.java} ${args.join(" ")}\n`);
    progress(
      `Starting Conductor ${version} on http://127.0.0.1:${port} (Java ${java.version} at ${java.java}; log ${logFile})`,
    );

    const started = Date.now();
    let child: ChildProcess;
    try {
      child = spawn(java.java, args, {
        cwd: dataDir,
        stdio: ["ignore", logFd, logFd],
        windowsHide: true,
        env: serverEnvironment(process.env),
      });
    } finally {
      closeSync(logFd); // the child has its own copy
    }
    // The server must not keep the Node process alive; the exit hook kills it when Node exits.
    child.unref();
    killOnExit(child);
    let spawnError: Error | undefined;
    const exited = new Promise<ExitInfo>((resolve) => {
      child.once("error", (error) => {
        spawnError = error;
        resolve({ code: null, signal: null });
      });
      child.once("exit", (code, signal) => resolve({ code, signal }));
    });

    const server = new LocalConductor({
      port,
      dataDir,
      logFile,
      version,
      java,
      serverJar,
      child,
      exited,
      removeDataDirOnStop,
      stopGraceMs: options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS,
    });

    const failure = (
      reason: string,
      extra: { exitCode?: number | null; signal?: NodeJS.Signals | null; cause?: unknown } = {},
    ) => new ServerStartError({ reason, logFile, logTail: readLogTail(logFile, logOffset), ...extra });

    let exitInfo: ExitInfo | undefined;
    void exited.then((info) => {
      exitInfo = info;
    });
    let lastReport = started;
    let lastHealthError = "";
    for (;;) {
      if (exitInfo) {
        if (spawnError) throw failure(`could not run ${java.java}: ${spawnError.message}`, { cause: spawnError });
        const how = exitInfo.signal ? `was killed by ${exitInfo.signal}` : `exited with code ${exitInfo.code}`;
        throw failure(`the server process ${how} after ${Math.round((Date.now() - started) / 1000)} s`, {
          exitCode: exitInfo.code,
          signal: exitInfo.signal,
        });
      }
      const elapsed = Date.now() - started;
      if (elapsed > startTimeoutMs) {
        await server.kill();
        throw failure(
          `not healthy after ${Math.round(startTimeoutMs / 1000)} s (last /health check: ${lastHealthError || "no answer"}); the process was killed`,
        );
      }
      const health = await checkHealth(server.serverUrl);
      if (health === true) break;
      lastHealthError = health;
      if (Date.now() - lastReport >= 10_000) {
        lastReport = Date.now();
        progress(`Still starting (${Math.round((Date.now() - started) / 1000)} s) ...`);
      }
      // Either the next poll or the process exiting, whichever comes first.
      await Promise.race([sleep(250), exited]);
    }
    const reported = await fetchVersion(server.apiUrl);
    if (reported && reported !== version) {
      progress(`Note: asked for version ${version}, but the server jar ${serverJar} is version ${reported}`);
      server.#version = reported;
    }
    progress(
      `Conductor ${server.version} ready at ${server.serverUrl} after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return server;
  }

  /**
   * Stops the server: SIGTERM, then SIGKILL after a grace period. Removes an auto-created data dir.
   *
   * @example
   * ```ts
   * afterAll(() => server.stop());
   * ```
   */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      if (this.running) {
        this.#child.kill("SIGTERM");
        let timer: NodeJS.Timeout | undefined;
        const graceOver = new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), this.#stopGraceMs);
        });
        const outcome = await Promise.race([this.#untilExited(), graceOver]);
        clearTimeout(timer);
        if (outcome === "timeout") {
          this.#child.kill("SIGKILL");
          await this.#untilExited();
        }
      } else {
        await this.#untilExited();
      }
      if (this.#removeDataDirOnStop) rmSync(this.dataDir, { recursive: true, force: true });
    })();
    return this.#stopping;
  }

  /**
   * Kills the server at once (SIGKILL), like a crash. Keeps the data dir, so
   * `LocalConductor.start({ dataDir: server.dataDir, port: server.port })` resumes on the same database.
   *
   * @example
   * ```ts
   * await server.kill();
   * const restarted = await LocalConductor.start({ dataDir: server.dataDir, port: server.port });
   * ```
   */
  async kill(): Promise<void> {
    if (this.running) this.#child.kill("SIGKILL");
    await this.#untilExited();
  }

  // The child is unref-ed so a running server never keeps Node alive; while something waits for it
  // to exit it must, or Node could run out of work and end (with code 0) before the exit arrives.
  async #untilExited(): Promise<void> {
    this.#child.ref();
    try {
      await this.#exited;
    } finally {
      this.#child.unref();
    }
  }
}

// The server maps environment variables onto its settings: AI provider keys (OPENAI_API_KEY, ...),
// cloud credentials, CONDUCTOR_CONFIG_FILE and Spring's relaxed binding (SPRING_*, CONDUCTOR_*).
// A test server must not pick up a developer's real credentials or configuration from the shell.
const SERVER_ENV_DENYLIST =
  /^(SPRING_|CONDUCTOR_|OPENAI_|ANTHROPIC_|MISTRAL_|COHERE_|XAI_|GROK_|PERPLEXITY_|HUGGINGFACE_|STABILITY_|AZURE_OPENAI_|AWS_|GEMINI_|GOOGLE_|OLLAMA_)/;

/** The environment for the server process: ours minus anything that would configure the server. */
export function serverEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !SERVER_ENV_DENYLIST.test(key.toUpperCase())) result[key] = value;
  }
  return result;
}

async function fetchVersion(apiUrl: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${apiUrl}/version`, { signal: AbortSignal.timeout(10_000) });
    const text = (await response.text()).trim();
    return response.ok && /^\d+\.\d+\.\d+\S*$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** true when healthy, else a short description of what /health answered. */
async function checkHealth(serverUrl: string): Promise<true | string> {
  try {
    const response = await fetch(`${serverUrl}/health`, { signal: AbortSignal.timeout(3_000) });
    const text = await response.text();
    if (!response.ok) return `HTTP ${response.status}`;
    try {
      const body = JSON.parse(text) as { healthy?: unknown };
      return body.healthy === true ? true : `healthy=${String(body.healthy)}`;
    } catch {
      return `unexpected body ${text.slice(0, 80)}`;
    }
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? (error as Error).name;
  }
}
