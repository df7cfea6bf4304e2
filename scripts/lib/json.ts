import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function readJson<T = JsonObject>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

export function readYaml<T>(file: string): T {
  return parseYaml(readFileSync(file, "utf8")) as T;
}

/** Keys sorted at every depth, two-space indent, trailing newline: byte-stable across runs. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
