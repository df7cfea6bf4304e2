// Package hygiene of the packed tarball: publint and arethetypeswrong (attw) report nothing, and every link in a
// shipped Markdown file resolves inside the package or is an absolute URL of this repository naming a file
// that exists in it (relative links to docs/ or examples/ would be dead on npm, which ships neither).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { describe, expect, it } from "vitest";
import { exec, installedPackageDir, packedSdk, repoRoot } from "./support/packed.js";

describe("publint and attw over the tarball", () => {
  it("publint (strict, down to suggestions) reports nothing", async () => {
    const data = readFileSync(packedSdk().tarball);
    const { messages, pkg } = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer },
      level: "suggestion",
      strict: true,
    });
    expect(messages.map((m) => `${m.type} ${m.code}: ${formatMessage(m, pkg) ?? ""}`)).toEqual([]);
  });

  it("attw finds no problem for any entry point under node10, node16 (ESM and CJS) and bundler resolution", async () => {
    const run = await exec(
      process.execPath,
      [join(repoRoot, "node_modules/@arethetypeswrong/cli/dist/index.js"), packedSdk().tarball, "--format", "json"],
      { cwd: repoRoot, timeoutMs: 120_000 },
    );
    const report = JSON.parse(run.stdout) as {
      analysis: { problems: unknown[]; entrypoints: Record<string, { resolutions: Record<string, unknown> }> };
    };
    expect(report.analysis.problems, run.report).toEqual([]);
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual([".", "./msw", "./package.json", "./testing", "./worker"]);
    for (const entry of Object.values(report.analysis.entrypoints)) {
      expect(Object.keys(entry.resolutions).sort()).toEqual(["bundler", "node10", "node16-cjs", "node16-esm"]);
    }
    expect(run.code, run.report).toBe(0);
  });
});

const repository = (
  JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { repository: { url: string } }
).repository.url
  .replace(/^git\+/, "")
  .replace(/\.git$/, "");

/** Links of a Markdown text: [text](target) and <https://...>, without code blocks. */
function markdownLinks(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
}

/** Why a link in a shipped file would not work for a reader of the installed package, or undefined. */
function deadLink(link: string, fromFile: string, packageDir: string): string | undefined {
  if (link.startsWith("#")) return undefined;
  if (/^https?:\/\//.test(link)) {
    if (!link.startsWith(`${repository}/`) && link !== repository) return undefined; // another site
    const path = /^[^/]+\/\/[^/]+\/[^/]+\/[^/]+\/(?:blob|tree)\/main\/([^#?]+)/.exec(link)?.[1];
    if (link === repository || /\/(issues|releases)(\/|$)/.test(link)) return undefined;
    if (!path) return `${link} is a repository URL but not ${repository}/blob/main/<file> or /tree/main/<folder>`;
    return existsSync(join(repoRoot, decodeURIComponent(path)))
      ? undefined
      : `${link}: ${path} is not in the repository`;
  }
  if (/^[a-z]+:/i.test(link)) return undefined; // mailto: and the like
  const target = join(packageDir, fromFile, "..", decodeURIComponent(link.split("#")[0]!));
  return existsSync(target)
    ? undefined
    : `${link} (in ${fromFile}) is not in the package: use ${repository}/blob/main/...`;
}

describe("links in what ships", () => {
  it("finds the shipped Markdown files and the repository URL", () => {
    expect(packedSdk().files).toContain("README.md");
    expect(repository).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+$/);
  });

  it("every link in a shipped .md file resolves inside the package or is a stable URL of the repository", () => {
    const packageDir = installedPackageDir();
    const problems: string[] = [];
    let checked = 0;
    for (const file of packedSdk().files.filter((f) => f.endsWith(".md"))) {
      for (const link of markdownLinks(readFileSync(join(packageDir, file), "utf8"))) {
        checked++;
        const problem = deadLink(link, file, packageDir);
        if (problem) problems.push(problem);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(5);
  });

  it("docs/, linked from README by absolute URL, links only to files that exist", () => {
    // docs/ is not shipped; its relative links work on the repository's site when their targets exist.
    const problems: string[] = [];
    const docs = readdirSync(join(repoRoot, "docs")).filter((f) => f.endsWith(".md"));
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs.map((d) => `docs/${d}`)) {
      for (const link of markdownLinks(readFileSync(join(repoRoot, doc), "utf8"))) {
        const problem = deadLink(link, doc, repoRoot);
        if (problem) problems.push(`${doc}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
