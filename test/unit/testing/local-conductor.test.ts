// LocalConductor's process handling, driven by a stand-in "java" (a Node script) whose behaviour is
// chosen by the content of the "jar" it is given; one test runs the real JDK on a corrupt jar.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  JavaNotFoundError,
  LocalConductor,
  LocalConductorError,
  ServerStartError,
} from "../../../src/testing/index.js";
import { findJava } from "../../../src/testing/java.js";
import { aiServerProperties, serverEnvironment } from "../../../src/testing/local-conductor.js";

const FAKE_JAVA = `#!/usr/bin/env node
const fs = require("fs");
const http = require("http");
const args = process.argv.slice(2);
if (args[0] === "-version") {
  process.stderr.write('openjdk version "21.0.4" 2024-07-16\\n');
  process.exit(0);
}
const mode = fs.readFileSync(args[args.indexOf("-jar") + 1], "utf8").trim();
const prop = (k) => (args.find((a) => a.startsWith("--" + k + "=")) || "").slice(k.length + 3);
console.log("fake args: " + JSON.stringify(args));
console.log("fake cwd: " + process.cwd());
if (mode.startsWith("exit:")) {
  for (let i = 0; i < 50; i++) console.log("line " + i);
  console.error("fatal: boom");
  process.exit(Number(mode.slice(5)));
}
if (mode === "hang") setInterval(() => {}, 1000);
if (mode === "healthy" || mode === "stubborn") {
  let ready = false;
  setTimeout(() => (ready = true), 300);
  http
    .createServer((req, res) => {
      if (req.url === "/api/version") return res.end("9.9.9");
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ healthResults: [], healthy: ready }));
    })
    .listen(Number(prop("server.port")), prop("server.address"));
  process.on("SIGTERM", () => {
    console.log("got SIGTERM");
    if (mode === "healthy") process.exit(0);
  });
}
`;

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An orphan killed after its parent exited stays a zombie where PID 1 does not reap (containers).
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return true;
  }
}

describe("serverEnvironment", () => {
  it("keeps the shell's environment but drops what would configure the server or hand it credentials", () => {
    const env = serverEnvironment({
      PATH: "/usr/bin",
      HOME: "/home/u",
      JAVA_TOOL_OPTIONS: "-Dhttps.proxyHost=proxy",
      OPENAI_API_KEY: "sk-secret",
      ANTHROPIC_API_KEY: "secret",
      AWS_SECRET_ACCESS_KEY: "secret",
      CONDUCTOR_CONFIG_FILE: "/etc/conductor.properties",
      SPRING_DATASOURCE_URL: "jdbc:postgresql://db/conductor",
      GOOGLE_APPLICATION_CREDENTIALS: "/key.json",
    });
    expect(env).toEqual({ PATH: "/usr/bin", HOME: "/home/u", JAVA_TOOL_OPTIONS: "-Dhttps.proxyHost=proxy" });
  });
});

// These tests spawn processes; on a loaded machine that takes longer than the default 5 s.
describe("aiServerProperties", () => {
  it("keeps AI off unless asked, and maps providers onto conductor.ai.<provider>.<setting>", () => {
    expect(aiServerProperties(undefined)).toEqual({ "conductor.integrations.ai.enabled": "false" });
    expect(aiServerProperties(false)).toEqual({ "conductor.integrations.ai.enabled": "false" });
    expect(aiServerProperties(true)).toEqual({ "conductor.integrations.ai.enabled": "true" });
    expect(
      aiServerProperties({
        openai: { baseURL: "http://127.0.0.1:8080/v1", apiKey: "sk-test", organizationId: "org" },
        providers: { anthropic: { apiKey: "a", baseURL: "http://127.0.0.1:8081" }, ollama: { timeout: "30s" } },
        httpMaxRetries: 0,
      }),
    ).toEqual({
      "conductor.integrations.ai.enabled": "true",
      "conductor.ai.openai.apiKey": "sk-test",
      "conductor.ai.openai.baseURL": "http://127.0.0.1:8080/v1",
      "conductor.ai.openai.organizationId": "org",
      "conductor.ai.anthropic.apiKey": "a",
      "conductor.ai.anthropic.baseURL": "http://127.0.0.1:8081",
      "conductor.ai.ollama.timeout": "30s",
      "conductor.ai.http.max-retries": "0",
    });
  });

  it("names the bad field", () => {
    const bad: [unknown, string][] = [
      [{ openai: { apiKey: "k", baseURL: "ftp://x" } }, 'ai.openai.baseURL must be an http(s) URL, got "ftp://x"'],
      [{ openai: { apiKey: "k", baseURL: "not a url" } }, 'ai.openai.baseURL must be an http(s) URL, got "not a url"'],
      [{ openai: {} }, "ai.openai.apiKey must be a non-empty string"],
      [
        { providers: { "Bad Name": {} } },
        "ai.providers.Bad Name: a provider name is lower-case letters, digits and dashes",
      ],
      [{ providers: { x: { "a.b": "1" } } }, "ai.providers.x.a.b: a setting name is letters, digits and dashes"],
      [{ providers: { x: { key: {} } } }, "ai.providers.x.key must be a string, number or boolean"],
      [{ httpMaxRetries: -1 }, "ai.httpMaxRetries must be a non-negative integer, got -1"],
      [{ openAI: {} }, "ai.openAI is not an AI option (use openai, providers, httpMaxRetries)"],
      ["yes", 'ai must be a boolean or an object, got "yes"'],
    ];
    for (const [ai, message] of bad) {
      expect(() => aiServerProperties(ai as never)).toThrow(new LocalConductorError(message));
    }
  });
});

describe("LocalConductor process handling", { timeout: 60_000 }, () => {
  let root: string;
  let java: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "lc-test-"));
    java = path.join(root, "bin", "java");
    mkdirSync(path.dirname(java));
    writeFileSync(java, FAKE_JAVA);
    chmodSync(java, 0o755);
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function jar(mode: string): string {
    const p = path.join(root, `${mode.replace(/\W/g, "_")}.jar`);
    writeFileSync(p, mode);
    return p;
  }

  it("reports a server that exits during start at once, with the exit code and the log tail", async () => {
    const started = Date.now();
    const error = await LocalConductor.start({
      java,
      serverJar: jar("exit:3"),
      dataDir: path.join(root, "data"),
      quiet: true,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(error).toBeInstanceOf(ServerStartError);
    const e = error as ServerStartError;
    expect(e.name).toBe("ServerStartError");
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/exited with code 3/);
    expect(e.message).toContain("fatal: boom");
    expect(e.logTail.split("\n")).toHaveLength(40);
    expect(e.logTail).toContain("line 49");
    expect(e.logTail).not.toContain("line 5\n");
    expect(e.logFile).toBe(path.join(root, "data", "server.log"));
  });

  it("reports a java that cannot be executed as ServerStartError", async () => {
    // A JDK home whose release file says 21 but whose bin/java is not executable.
    const home = path.join(root, "broken-jdk");
    mkdirSync(path.join(home, "bin"), { recursive: true });
    writeFileSync(path.join(home, "release"), 'JAVA_VERSION="21.0.4"\n');
    writeFileSync(path.join(home, "bin", "java"), "not a program");
    chmodSync(path.join(home, "bin", "java"), 0o644);
    const error = await LocalConductor.start({
      java: home,
      serverJar: jar("healthy"),
      dataDir: path.join(root, "data"),
      quiet: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerStartError);
    expect((error as Error).message).toMatch(/could not run .*broken-jdk\/bin\/java: .*EACCES/);
  });

  it("reports a corrupt jar run by the real JDK as ServerStartError", async () => {
    const realJava = await findJava(); // this repository's tests need a JDK 21+ anyway
    const corrupt = path.join(root, "corrupt.jar");
    writeFileSync(corrupt, "this is not a zip file");
    const started = Date.now();
    const error = await LocalConductor.start({
      java: realJava.java,
      serverJar: corrupt,
      dataDir: path.join(root, "data"),
      quiet: true,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(error).toBeInstanceOf(ServerStartError);
    expect((error as ServerStartError).exitCode).toBe(1);
    expect((error as ServerStartError).logTail).toMatch(/corrupt jarfile/i);
  });

  it("times out a server that never becomes healthy and kills it", async () => {
    const dataDir = path.join(root, "data");
    const started = Date.now();
    const error = await LocalConductor.start({
      java,
      serverJar: jar("hang"),
      dataDir,
      startTimeoutMs: 1_500,
      quiet: true,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(ServerStartError);
    expect((error as Error).message).toMatch(/not healthy after 2 s .*the process was killed/);
    expect((error as ServerStartError).logTail).toContain("fake args");
  });

  it("settles a timed-out start in a process with nothing else to do (the killed server's exit is awaited)", async () => {
    // The server child is unref'ed; waiting for its exit must still keep Node alive, or the start's promise
    // never settles and Node simply ends (a test run's global setup ended silently with exit code 0).
    const script = path.join(root, "timeout.mts");
    const entry = path.resolve("src/testing/index.ts");
    writeFileSync(
      script,
      `import { LocalConductor } from ${JSON.stringify(entry)};\n` +
        `await LocalConductor.start({ java: ${JSON.stringify(java)}, serverJar: ${JSON.stringify(jar("hang"))}, startTimeoutMs: 500, quiet: true })\n` +
        `  .then(() => console.log("started"), (e) => console.log("rejected " + e.name));\n`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(out.trim()).toBe("rejected ServerStartError");
    expect(code).toBe(0);
  });

  it("starts with loopback, SQLite in dataDir and AI off; stop() sends SIGTERM and removes the temp dataDir", async () => {
    const logFile = path.join(root, "logs", "server.log");
    const progress: string[] = [];
    const server = await LocalConductor.start({
      java,
      serverJar: jar("healthy"),
      logFile,
      quiet: true,
      onProgress: (m) => progress.push(m),
    });
    expect(server.serverUrl).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.apiUrl).toBe(`${server.serverUrl}/api`);
    // The version is what the server reports, with a note when it differs from the requested one.
    expect(server.version).toBe("9.9.9");
    expect(progress).toContainEqual(expect.stringMatching(/asked for version 3\.32\.3, but .* is version 9\.9\.9/));
    expect(server.logFile).toBe(logFile);
    expect(existsSync(server.dataDir)).toBe(true);
    expect(progress.at(-1)).toMatch(/ready at http:\/\/127\.0\.0\.1:\d+/);

    const log = readFileSync(logFile, "utf8");
    expect(log).toContain(`fake cwd: ${server.dataDir}`);
    expect(log).toContain("--server.address=127.0.0.1");
    expect(log).toContain(`--server.port=${server.port}`);
    expect(log).toContain("--conductor.integrations.ai.enabled=false");
    expect(log).toContain(`--conductor.file-storage.parentDir=${path.join(server.dataDir, "worker-payload")}/`);
    expect(log).toContain(`-Djava.io.tmpdir=${path.join(server.dataDir, "tmp")}`);
    expect(log).toContain(
      `--spring.datasource.url=jdbc:sqlite:${path.join(server.dataDir, "conductor.db")}?busy_timeout=15000&journal_mode=WAL`,
    );

    const pid = server.pid;
    await server.stop();
    expect(server.running).toBe(false);
    expect(alive(pid)).toBe(false);
    expect(existsSync(server.dataDir)).toBe(false);
    expect(readFileSync(logFile, "utf8")).toContain("got SIGTERM");
    await server.stop(); // idempotent
  });

  it("stop() escalates to SIGKILL when SIGTERM is ignored", async () => {
    const server = await LocalConductor.start({ java, serverJar: jar("stubborn"), quiet: true, stopGraceMs: 500 });
    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(alive(server.pid)).toBe(false);
  });

  it("kill() keeps the dataDir so a new start can resume on it with the same port", async () => {
    const first = await LocalConductor.start({ java, serverJar: jar("stubborn"), quiet: true });
    await first.kill();
    expect(alive(first.pid)).toBe(false);
    expect(existsSync(first.dataDir)).toBe(true);
    const second = await LocalConductor.start({
      java,
      serverJar: jar("healthy"),
      dataDir: first.dataDir,
      port: first.port,
      quiet: true,
    });
    try {
      expect(second.serverUrl).toBe(first.serverUrl);
      const log = readFileSync(second.logFile, "utf8");
      expect(log.match(/==== LocalConductor/g)).toHaveLength(2); // appended, earlier output kept
    } finally {
      await second.stop();
    }
    expect(existsSync(first.dataDir)).toBe(true); // not auto-created for the second server
    rmSync(first.dataDir, { recursive: true, force: true });
  });

  it("never keeps Node alive, and kills a server left running when Node exits", async () => {
    const script = path.join(root, "forget.mts");
    const entry = path.resolve("src/testing/index.ts");
    writeFileSync(
      script,
      `import { LocalConductor } from ${JSON.stringify(entry)};\n` +
        `const s = await LocalConductor.start({ java: ${JSON.stringify(java)}, serverJar: ${JSON.stringify(jar("stubborn"))}, quiet: true });\n` +
        `console.log(JSON.stringify({ pid: s.pid, dataDir: s.dataDir }));\n`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    const { pid, dataDir } = JSON.parse(out.trim()) as { pid: number; dataDir: string };
    rmSync(dataDir, { recursive: true, force: true }); // never stopped, so never cleaned
    // The kill happens in the exit hook; the process may take a moment to go.
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });

  it("reports a start timeout even when nothing else keeps Node alive (it once ended Node with code 0)", async () => {
    const script = path.join(root, "timeout.mts");
    const entry = path.resolve("src/testing/index.ts");
    writeFileSync(
      script,
      `import { LocalConductor } from ${JSON.stringify(entry)};\n` +
        `try {\n` +
        `  await LocalConductor.start({ java: ${JSON.stringify(java)}, serverJar: ${JSON.stringify(jar("hang"))}, quiet: true, startTimeoutMs: 1000 });\n` +
        `} catch (error) { console.log(error.name); process.exitCode = 3; }\n`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect({ code, out: out.trim() }).toEqual({ code: 3, out: "ServerStartError" });
  });

  it("kills the server when Node is ended by SIGTERM, and still dies of that signal", async () => {
    const script = path.join(root, "signalled.mts");
    const entry = path.resolve("src/testing/index.ts");
    writeFileSync(
      script,
      `import { LocalConductor } from ${JSON.stringify(entry)};\n` +
        `const s = await LocalConductor.start({ java: ${JSON.stringify(java)}, serverJar: ${JSON.stringify(jar("stubborn"))}, quiet: true });\n` +
        `console.log(JSON.stringify({ pid: s.pid, dataDir: s.dataDir }));\n` +
        `setInterval(() => {}, 1000);\n`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    const line = await new Promise<string>((resolve) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) resolve(out);
      });
    });
    const { pid, dataDir } = JSON.parse(line.trim()) as { pid: number; dataDir: string };
    expect(alive(pid)).toBe(true);
    child.kill("SIGTERM");
    expect(await exited).toBe("SIGTERM");
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("passes the ai option as server properties, which serverProperties can still override", async () => {
    const logFile = path.join(root, "ai.log");
    const server = await LocalConductor.start({
      java,
      serverJar: jar("healthy"),
      logFile,
      quiet: true,
      ai: { openai: { baseURL: "http://127.0.0.1:9/v1", apiKey: "k" }, httpMaxRetries: 0 },
      serverProperties: { "conductor.ai.http.max-retries": 1 },
    });
    await server.stop();
    const log = readFileSync(logFile, "utf8");
    expect(log).toContain("--conductor.integrations.ai.enabled=true");
    expect(log).toContain("--conductor.ai.openai.baseURL=http://127.0.0.1:9/v1");
    expect(log).toContain("--conductor.ai.openai.apiKey=k");
    expect(log).toContain("--conductor.ai.http.max-retries=1");
    expect(log).not.toContain("--conductor.ai.http.max-retries=0");
    await expect(
      LocalConductor.start({ java, serverJar: jar("healthy"), quiet: true, ai: { openai: { apiKey: "" } } }),
    ).rejects.toThrow(new LocalConductorError("ai.openai.apiKey must be a non-empty string"));
  });

  it("rejects a bad port, a busy port and a missing Java with typed errors", async () => {
    await expect(LocalConductor.start({ port: 70_000, quiet: true })).rejects.toBeInstanceOf(LocalConductorError);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      const error = await LocalConductor.start({ java, serverJar: jar("healthy"), port: busy, quiet: true }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LocalConductorError);
      expect((error as Error).message).toBe(`port ${busy} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
    await expect(
      LocalConductor.start({ java: path.join(root, "no-such-jdk"), serverJar: jar("healthy"), quiet: true }),
    ).rejects.toBeInstanceOf(JavaNotFoundError);
  });
});
