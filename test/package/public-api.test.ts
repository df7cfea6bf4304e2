// The public API is deliberate: the names each entry point of the installed package exports, at run time (ESM
// and CommonJS) and in its type declarations (.d.ts and .d.cts), are snapshotted in public-api.snapshot.json.
// An added or removed export fails here until the snapshot is updated on purpose (`npx vitest run --project
// package public-api -u`). Internals (TokenManager, errorFromResponse, the Java-version parsers, ...) are not
// exported; tests import them from src/.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import ts from "typescript";
import { beforeAll, expect, it } from "vitest";
import { declarationPath, entryPoints } from "../../scripts/build.js";
import { consumerProject, installedPackageDir } from "./support/packed.js";

interface EntryApi {
  /** Names that exist at run time (classes, functions, constants). */
  values: string[];
  /** Names that exist only as types. */
  types: string[];
}

const specifier = (subpath: string) =>
  subpath === "." ? "@conductor-ts/sdk" : `@conductor-ts/sdk/${subpath.slice(2)}`;
let runtime: Record<string, { esm: string[]; cjs: string[] }>;

beforeAll(() => {
  const dir = consumerProject("public-api");
  const script = `
    const { createRequire } = await import("node:module");
    const require = createRequire(import.meta.url);
    const out = {};
    for (const id of ${JSON.stringify(entryPoints.map((e) => specifier(e.subpath)))}) {
      out[id] = { esm: Object.keys(await import(id)).sort(), cjs: Object.keys(require(id)).sort() };
    }
    console.log(JSON.stringify(out));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: dir, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`listing exports failed:\n${run.stderr}`);
  runtime = JSON.parse(run.stdout) as typeof runtime;
});

/** Exported names of a declaration file, split into values and type-only names, as TypeScript sees them. */
function declaredExports(file: string): EntryApi {
  const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`TypeScript cannot read ${file}`);
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const api: EntryApi = { values: [], types: [] };
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    (target.flags & ts.SymbolFlags.Value ? api.values : api.types).push(symbol.name);
  }
  api.values.sort();
  api.types.sort();
  return api;
}

it("each entry point exports at run time exactly the values its declarations declare, in ESM and CommonJS", () => {
  for (const entry of entryPoints) {
    const id = specifier(entry.subpath);
    const declared = declaredExports(join(installedPackageDir(), "dist", declarationPath(entry.source, "d.ts")));
    const declaredCjs = declaredExports(join(installedPackageDir(), "dist", declarationPath(entry.source, "d.cts")));
    expect(declaredCjs, `${id}: .d.cts declares what .d.ts declares`).toEqual(declared);
    expect(runtime[id]!.esm, `${id}: ESM exports`).toEqual(declared.values);
    expect(runtime[id]!.cjs, `${id}: CommonJS exports`).toEqual(declared.values);
  }
});

it("matches the committed snapshot of the public API", async () => {
  const api = Object.fromEntries(
    entryPoints.map((entry) => [
      specifier(entry.subpath),
      declaredExports(join(installedPackageDir(), "dist", declarationPath(entry.source, "d.ts"))),
    ]),
  );
  await expect(`${JSON.stringify(api, null, 2)}\n`).toMatchFileSnapshot("public-api.snapshot.json");
});

it("keeps internals out of every entry point", () => {
  const internals = [
    "TokenManager",
    "AUTH_HEADER",
    "errorFromResponse",
    "isRetryableStatus",
    "jwtExpiry",
    "backoffDelay",
    "retryAfterMs",
    "normalizeServerUrl",
    "HttpTaskApi",
    "resolveSettings",
    "envName",
    "parseJavaVersionOutput",
    "parseJavaVersionString",
    "parseReleaseFile",
    "findJava",
    "resolveServerJar",
    "findFreePort",
    "readLogTail",
  ];
  for (const [id, { esm }] of Object.entries(runtime)) {
    expect(
      esm.filter((name) => internals.includes(name)),
      id,
    ).toEqual([]);
  }
});
