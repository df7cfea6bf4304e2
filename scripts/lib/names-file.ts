// `--write-names`: appends derived names to operation-names.yaml as one block, so the team reviews
// (and renames) them in an ordinary diff before they become the SDK's method names.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { OperationKey } from "./openapi.js";
import type { NameEntry } from "./operations.js";

export function nameLines(derived: Record<OperationKey, NameEntry>): string[] {
  return Object.keys(derived)
    .sort((a, b) => compare(a.slice(a.indexOf(" ")), b.slice(b.indexOf(" "))) || compare(a, b))
    .map((key) => `${JSON.stringify(key)}: { group: ${derived[key]!.group}, name: ${derived[key]!.name} }`);
}

export function appendNames(file: string, derived: Record<OperationKey, NameEntry>): void {
  const existing = existsSync(file) ? readFileSync(file, "utf8") : "";
  const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
  appendFileSync(
    file,
    `${separator}\n# Derived by \`npm run generate -- --write-names\`: review each name (TypeScript idiom, stable), then drop this line.\n${nameLines(derived).join("\n")}\n`,
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
