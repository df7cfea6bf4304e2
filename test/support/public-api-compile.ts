// Compiler settings for tests that type-check documentation snippets against the public API: the
// package's entry points map to src/, as a user's import of the installed package would resolve.
import { resolve } from "node:path";
import ts from "typescript";

export const repoRoot = resolve(import.meta.dirname, "../..");

/** The package's public entry points and the source file each maps to. */
export const entryPoints = {
  "@conductor-ts/sdk": "src/index.ts",
  "@conductor-ts/sdk/worker": "src/worker/index.ts",
  "@conductor-ts/sdk/testing": "src/testing/index.ts",
  "@conductor-ts/sdk/msw": "src/msw/index.ts",
} as const;

/** Strict ES2022 with DOM and Node types, the entry points resolved to src/. */
export const publicApiCompilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  noUnusedLocals: false,
  types: ["node"],
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  baseUrl: repoRoot,
  paths: Object.fromEntries(Object.entries(entryPoints).map(([name, file]) => [name, [file]])),
};
