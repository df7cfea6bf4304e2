import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JavaNotFoundError } from "../../../src/testing/index.js";
import {
  findJava,
  parseJavaVersionOutput,
  parseJavaVersionString,
  parseReleaseFile,
} from "../../../src/testing/java.js";

describe("Java version parsing", () => {
  it("reads `java -version` output of modern and legacy JDKs", () => {
    expect(
      parseJavaVersionOutput(
        'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)\n',
      ),
    ).toEqual({ version: "17.0.15", majorVersion: 17 });
    expect(parseJavaVersionOutput('openjdk version "25.0.3" 2026-04-21 LTS')).toEqual({
      version: "25.0.3",
      majorVersion: 25,
    });
    expect(parseJavaVersionOutput('java version "1.8.0_292"\nJava(TM) SE Runtime Environment')).toEqual({
      version: "1.8.0_292",
      majorVersion: 8,
    });
    expect(parseJavaVersionOutput('openjdk version "21" 2023-09-19')).toEqual({ version: "21", majorVersion: 21 });
    expect(parseJavaVersionOutput('openjdk version "26-ea" 2026-03-17')?.majorVersion).toBe(26);
    expect(parseJavaVersionOutput("bash: java: command not found")).toBeUndefined();
  });

  it("reads version strings", () => {
    expect(parseJavaVersionString("1.8.0_292")).toBe(8);
    expect(parseJavaVersionString("11.0.2")).toBe(11);
    expect(parseJavaVersionString("25.0.3+9-LTS")).toBe(25);
    expect(parseJavaVersionString("abc")).toBeUndefined();
  });

  it("reads a JDK release file", () => {
    const release =
      'IMPLEMENTOR="Eclipse Adoptium"\nIMPLEMENTOR_VERSION="Temurin-25.0.3+9"\nJAVA_RUNTIME_VERSION="25.0.3+9-LTS"\nJAVA_VERSION="25.0.3"\nOS_NAME="Linux"\n';
    expect(parseReleaseFile(release)).toEqual({ version: "25.0.3", majorVersion: 25 });
    expect(parseReleaseFile('JAVA_VERSION="1.8.0_292"\n')).toEqual({ version: "1.8.0_292", majorVersion: 8 });
    expect(parseReleaseFile('JAVA_RUNTIME_VERSION="21.0.1"\n')).toBeUndefined();
  });
});

describe("findJava", { timeout: 30_000 }, () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "lc-java-test-"));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** A fake JDK home with a release file and an executable bin/java that must not be needed. */
  function jdk(dir: string, version: string | undefined, script?: string): string {
    const home = path.join(root, dir);
    mkdirSync(path.join(home, "bin"), { recursive: true });
    if (version) writeFileSync(path.join(home, "release"), `JAVA_VERSION="${version}"\n`);
    const java = path.join(home, "bin", "java");
    writeFileSync(java, script ?? "#!/bin/sh\necho 'release file should have been used' >&2\nexit 9\n");
    chmodSync(java, 0o755);
    return home;
  }

  it("skips a too-old JAVA_HOME and picks the newest system JDK", async () => {
    const old = jdk("jvm/java-17-openjdk-amd64", "17.0.15");
    jdk("jvm/java-21-openjdk-amd64", "21.0.5");
    const newest = jdk("jvm/temurin-25-jdk-amd64", "25.0.3");
    symlinkSync(old, path.join(root, "jvm", "java-1.17.0-openjdk-amd64"));
    const found = await findJava({
      env: { JAVA_HOME: old, PATH: "" },
      systemJvmDirs: [path.join(root, "jvm")],
      platform: "linux",
    });
    expect(found).toMatchObject({
      java: path.join(newest, "bin", "java"),
      majorVersion: 25,
      version: "25.0.3",
      source: "system",
    });
  });

  it("prefers a JAVA_HOME that is new enough over newer system JDKs", async () => {
    const home = jdk("custom/jdk-22", "22.0.1");
    jdk("jvm/temurin-25", "25.0.3");
    const found = await findJava({
      env: { JAVA_HOME: home, PATH: "" },
      systemJvmDirs: [path.join(root, "jvm")],
      platform: "linux",
    });
    expect(found).toMatchObject({ majorVersion: 22, source: "JAVA_HOME" });
  });

  it("falls back to java on PATH, reading `java -version` when there is no release file", async () => {
    jdk("jvm/jdk-11", "11.0.2");
    const onPath = jdk("tools/somejava", undefined, "#!/bin/sh\necho 'openjdk version \"21.0.4\" 2024-07-16' >&2\n");
    const found = await findJava({
      env: { PATH: path.join(onPath, "bin") },
      systemJvmDirs: [path.join(root, "jvm")],
      platform: "linux",
    });
    expect(found).toMatchObject({
      java: path.join(onPath, "bin", "java"),
      majorVersion: 21,
      version: "21.0.4",
      source: "PATH",
    });
  });

  it("throws JavaNotFoundError naming every skipped Java and how to install one", async () => {
    const old = jdk("jvm/java-17-openjdk-amd64", "17.0.15");
    const error = await findJava({
      env: { JAVA_HOME: path.join(root, "missing"), PATH: "" },
      systemJvmDirs: [path.join(root, "jvm")],
      platform: "linux",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JavaNotFoundError);
    const e = error as JavaNotFoundError;
    expect(e.minimumVersion).toBe(21);
    expect(e.rejected).toEqual([
      expect.objectContaining({ source: "JAVA_HOME", majorVersion: undefined, reason: "no java executable there" }),
      expect.objectContaining({ path: path.join(old, "bin", "java"), source: "system", majorVersion: 17 }),
    ]);
    expect(e.message).toContain(`${path.join(old, "bin", "java")} (system): Java 17.0.15 is too old (need 21+)`);
    expect(e.message).toContain("Temurin");
    expect(e.message).toContain("JAVA_HOME");
  });

  it("finds macOS JDK bundles under Contents/Home", async () => {
    const home = jdk("JavaVirtualMachines/temurin-21.jdk/Contents/Home", "21.0.5");
    const found = await findJava({
      env: { PATH: "" },
      systemJvmDirs: [path.join(root, "JavaVirtualMachines")],
      platform: "darwin",
    });
    expect(found).toMatchObject({ home, java: path.join(home, "bin", "java"), majorVersion: 21 });
  });

  it("says so when no Java exists at all", async () => {
    const error = await findJava({
      env: { PATH: "" },
      systemJvmDirs: [path.join(root, "none")],
      platform: "linux",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JavaNotFoundError);
    expect((error as Error).message).toMatch(/No Java installation was found/);
  });

  it("uses only an explicit java when one is given", async () => {
    const home = jdk("explicit/jdk-17", "17.0.1");
    jdk("jvm/temurin-25", "25.0.3");
    const error = await findJava({ java: home, env: { PATH: "" }, systemJvmDirs: [path.join(root, "jvm")] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JavaNotFoundError);
    expect((error as JavaNotFoundError).rejected).toHaveLength(1);
    expect((error as JavaNotFoundError).rejected[0]).toMatchObject({ source: "option", majorVersion: 17 });
  });
});
