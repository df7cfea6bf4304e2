// README.md's code, as the package suite pastes it into consumer projects.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./packed.js";

export function readme(): string {
  return readFileSync(join(repoRoot, "README.md"), "utf8");
}

/** The first ```ts block after the "## Hello world" heading. */
export function readmeHelloWorld(): string {
  const text = readme();
  const section = text.slice(text.indexOf("\n## Hello world"));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md has no ```ts block under "## Hello world"');
  return block[1]!;
}
