// The baseline of the change report: the normalized spec as committed in git (generated/openapi.json at a
// ref, HEAD by default), never the generated/ on disk, which a previous run may have half-rewritten.
// A path to a file holding a normalized spec works too (tests, or a spec kept elsewhere).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { OpenApiDocument } from "./openapi.js";

export interface Baseline {
  document?: OpenApiDocument;
  /** How the report names it: "generated/openapi.json at HEAD (1a2b3c4)". */
  label: string;
}

export function loadBaseline(root: string, against: string): Baseline {
  const file = resolve(against);
  if (existsSync(file)) {
    return { document: JSON.parse(readFileSync(file, "utf8")) as OpenApiDocument, label: against };
  }
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
  try {
    const sha = git("rev-parse", "--short", `${against}^{commit}`).trim();
    const text = git("show", `${against}:generated/openapi.json`);
    return { document: JSON.parse(text) as OpenApiDocument, label: `the spec committed at ${against} (${sha})` };
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim().split("\n")[0] ?? (error as Error).message;
    return { label: `no baseline (${against}: ${reason})` };
  }
}
