import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MavenNotFoundError, ServerJarNotFoundError } from "../../../src/testing/index.js";
import {
  mavenLocalRepository,
  parseMavenProgress,
  resolveServerJar,
  serverArtifact,
} from "../../../src/testing/server-jar.js";

describe("resolveServerJar", () => {
  let root: string;
  let home: string;
  let cacheDir: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "lc-jar-test-"));
    home = path.join(root, "home");
    cacheDir = path.join(root, "cache");
    mkdirSync(home, { recursive: true });
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function file(p: string, content = "jar"): string {
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
    return p;
  }

  function fakeMvn(script: string): string {
    const mvn = file(path.join(root, "bin", "mvn"), `#!/bin/sh\n${script}\n`);
    chmodSync(mvn, 0o755);
    return mvn;
  }

  it("names the artifact with the boot classifier", () => {
    expect(serverArtifact("3.32.3")).toBe("org.conductoross:conductor-server:3.32.3:jar:boot");
  });

  it("uses CONDUCTOR_SERVER_JAR first", async () => {
    const jar = file(path.join(root, "my.jar"));
    file(path.join(home, ".m2/repository/org/conductoross/conductor-server/3.32.3/conductor-server-3.32.3-boot.jar"));
    await expect(
      resolveServerJar({ version: "3.32.3", env: { HOME: home, CONDUCTOR_SERVER_JAR: jar }, cacheDir }),
    ).resolves.toEqual({
      path: jar,
      source: "env",
    });
  });

  it("rejects a CONDUCTOR_SERVER_JAR that does not exist, saying which path", async () => {
    const missing = path.join(root, "nope.jar");
    const error = await resolveServerJar({
      version: "3.32.3",
      env: { HOME: home, CONDUCTOR_SERVER_JAR: missing },
      cacheDir,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerJarNotFoundError);
    expect((error as Error).message).toContain(missing);
  });

  it("finds the jar in the default local Maven repository", async () => {
    const jar = file(
      path.join(home, ".m2/repository/org/conductoross/conductor-server/3.32.2/conductor-server-3.32.2-boot.jar"),
    );
    await expect(resolveServerJar({ version: "3.32.2", env: { HOME: home, PATH: "" }, cacheDir })).resolves.toEqual({
      path: jar,
      source: "maven-repository",
    });
  });

  it("honours -Dmaven.repo.local in MAVEN_OPTS and <localRepository> in settings.xml", () => {
    expect(mavenLocalRepository({ HOME: home, MAVEN_OPTS: "-Xmx1g -Dmaven.repo.local=/data/m2 -Dx=y" })).toBe(
      "/data/m2",
    );
    file(
      path.join(home, ".m2/settings.xml"),
      "<settings><!-- <localRepository>/commented</localRepository> --><localRepository>${user.home}/repo</localRepository></settings>",
    );
    expect(mavenLocalRepository({ HOME: home })).toBe(path.join(home, "repo"));
    rmSync(path.join(home, ".m2/settings.xml"));
    expect(mavenLocalRepository({ HOME: home })).toBe(path.join(home, ".m2", "repository"));
  });

  it("tells the user to install Maven or set CONDUCTOR_SERVER_JAR when mvn is missing", async () => {
    const error = await resolveServerJar({
      version: "3.32.3",
      env: { HOME: home, PATH: path.join(root, "empty") },
      cacheDir,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MavenNotFoundError);
    expect((error as MavenNotFoundError).artifact).toBe("org.conductoross:conductor-server:3.32.3:jar:boot");
    expect((error as Error).message).toMatch(/Install Apache Maven/);
    expect((error as Error).message).toMatch(/CONDUCTOR_SERVER_JAR/);
  });

  it("downloads with mvn dependency:copy into the cache dir and reuses it next time", async () => {
    const argsLog = path.join(root, "mvn-args.txt");
    // A stand-in for mvn: records its arguments and writes the jar into -DoutputDirectory.
    const mvn = fakeMvn(
      `echo "$@" > '${argsLog}'\nfor a in "$@"; do case "$a" in -DoutputDirectory=*) out="\${a#-DoutputDirectory=}";; esac; done\necho downloaded > "$out/conductor-server-3.32.3-boot.jar"`,
    );
    const progress: string[] = [];
    const first = await resolveServerJar({
      version: "3.32.3",
      env: { HOME: home, PATH: path.dirname(mvn) },
      cacheDir,
      onProgress: (m) => progress.push(m),
    });
    expect(first).toEqual({ path: path.join(cacheDir, "conductor-server-3.32.3-boot.jar"), source: "download" });
    expect(readFileSync(first.path, "utf8")).toBe("downloaded\n");
    expect(readFileSync(argsLog, "utf8")).toContain(
      "dependency:copy -Dartifact=org.conductoross:conductor-server:3.32.3:jar:boot",
    );
    expect(progress[0]).toMatch(/Downloading org\.conductoross:conductor-server:3\.32\.3:jar:boot/);
    expect(readdirSync(cacheDir)).toEqual(["conductor-server-3.32.3-boot.jar"]); // staging dir removed

    const second = await resolveServerJar({ version: "3.32.3", env: { HOME: home, PATH: "" }, cacheDir });
    expect(second).toEqual({ path: first.path, source: "cache" });
  });

  it("reports the download's bytes and percent from Maven's transfer progress", async () => {
    const mvn = fakeMvn(
      `for a in "$@"; do case "$a" in -DoutputDirectory=*) out="\${a#-DoutputDirectory=}";; esac; done\n` +
        `printf 'Progress (2): 120/460 MB | 3/5 kB\\r'\nsleep 1\nprintf 'Progress (1): 230/460 MB\\r'\nsleep 1\n` +
        `echo done > "$out/conductor-server-3.32.3-boot.jar"`,
    );
    const progress: string[] = [];
    await resolveServerJar({
      version: "3.32.3",
      env: { HOME: home },
      cacheDir,
      mvn,
      progressIntervalMs: 200,
      onProgress: (m) => progress.push(m),
    });
    expect(progress.some((m) => /conductor-server-3\.32\.3-boot\.jar: 120 MB of 460 MB \(26%/.test(m))).toBe(true);
    expect(progress.some((m) => /230 MB of 460 MB \(50%/.test(m))).toBe(true);
    expect(parseMavenProgress("Progress (1): 575 kB")).toBeUndefined();
    expect(parseMavenProgress("Progress (2): 1.5/2 kB | 10/400 MB")).toEqual({ done: 10e6, total: 400e6 });
  });

  it("reports a failed download with Maven's output", async () => {
    const mvn = fakeMvn(
      "echo '[ERROR] Could not find artifact org.conductoross:conductor-server:jar:boot:3.32.0'\nexit 1",
    );
    const error = await resolveServerJar({ version: "3.32.0", env: { HOME: home }, cacheDir, mvn }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServerJarNotFoundError);
    expect((error as Error).message).toContain("exited with code 1");
    expect((error as Error).message).toContain("Could not find artifact");
    expect(existsSync(path.join(cacheDir, "conductor-server-3.32.0-boot.jar"))).toBe(false);
  });
});
