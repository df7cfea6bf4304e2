// Builds the publishable package into dist/ (`npm run build`; `npm pack` and `npm publish` run it via prepack).
//
// One copy of every module at run time, whichever entry points a program loads, so `instanceof` holds across
// them (a task built through `@conductor-ts/sdk/worker` is a `BaseTask` to the builder from the main entry):
// - ESM: ONE esbuild build over all entry points with code splitting. dist/index.js, dist/worker.js and
//   dist/testing.js hold what only they use; every module two entries share lives once in dist/chunks/*.js,
//   which both import. (Bundling each entry on its own gave each its own copy of the task classes.)
// - CommonJS: esbuild cannot split CommonJS, so each source module becomes its own file under dist/cjs/
//   (mirroring src/ and generated/) that requires its neighbours by relative path; Node's module cache then
//   holds each module once.
// Interop in the CommonJS files: our sources are ESM in a "type": "module" package, and for such files esbuild
// converts `import x from "dep"` with Node's ESM rule (x = module.exports). openapi-fetch's CommonJS build sets
// `__esModule` and `exports.default`, so that rule gave `(0, import_openapi_fetch.default) is not a function`.
// The sources are therefore loaded through a plugin namespace, where esbuild applies the `__esModule`-aware rule
// (the one TypeScript's esModuleInterop uses between CommonJS modules).
// Types: tsc writes .d.ts files under dist/types; .d.cts twins serve the `require` condition.
//
//   npx tsx scripts/build.ts [--outdir <dir>]
//
// The entry list here and the "exports" map in package.json describe the same thing; test/unit/build checks that
// they agree, and test/package checks the packed tarball from real consumer projects.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface EntryPoint {
  /** Subpath in the package's exports map. */
  readonly subpath: "." | "./worker" | "./testing" | "./msw";
  /** ESM output base name in dist/ (index.js, worker.js, testing.js). */
  readonly name: string;
  /** Source file, relative to the repository root. */
  readonly source: string;
  /** The main and msw entries must run in browsers; the others are Node-only. */
  readonly platform: "neutral" | "node";
}

export const entryPoints: readonly EntryPoint[] = [
  { subpath: ".", name: "index", source: "src/index.ts", platform: "neutral" },
  { subpath: "./worker", name: "worker", source: "src/worker/index.ts", platform: "node" },
  { subpath: "./testing", name: "testing", source: "src/testing/index.ts", platform: "node" },
  { subpath: "./msw", name: "msw", source: "src/msw/index.ts", platform: "neutral" },
];

/** Where tsc puts the declaration of a source file, relative to the out dir (rootDir is the repository). */
export function declarationPath(source: string, flavor: "d.ts" | "d.cts"): string {
  return join("types", source.replace(/\.ts$/, `.${flavor}`));
}

/** Where the CommonJS build puts a source module, relative to the out dir. */
export function commonJsPath(source: string): string {
  return join("cjs", source.replace(/\.ts$/, ".cjs"));
}

/** The ESM file of an entry point, relative to the out dir. */
export function esmPath(entry: EntryPoint): string {
  return `${entry.name}.js`;
}

export interface BuildResult {
  readonly outDir: string;
  /** Entries that were built; entries whose source does not exist yet are listed in `missing`. */
  readonly built: readonly EntryPoint[];
  readonly missing: readonly EntryPoint[];
  /** esbuild metafiles of the two builds. */
  readonly metafiles: { readonly esm: esbuild.Metafile; readonly cjs: esbuild.Metafile };
}

export class BuildError extends Error {
  override readonly name = "BuildError";
}

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** True for `fs`, `node:fs`, `fs/promises`, `node:test` and other Node built-in specifiers. */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || nodeBuiltins.has(specifier) || nodeBuiltins.has(specifier.split("/")[0]!);
}

function runtimeDependencies(): string[] {
  const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
}

function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

async function runEsbuild(options: esbuild.BuildOptions, what: string): Promise<esbuild.BuildResult> {
  let result: esbuild.BuildResult;
  try {
    result = await esbuild.build({ ...options, metafile: true, logLevel: "silent" });
  } catch (error) {
    const messages = (error as { errors?: esbuild.Message[] }).errors;
    if (!messages) throw error;
    const lines = messages.map((m) => {
      const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : "";
      return `${where}${m.text}`;
    });
    throw new BuildError(`esbuild failed (${what}):\n  ${lines.join("\n  ")}`);
  }
  for (const warning of result.warnings) console.warn(`esbuild warning (${what}): ${warning.text}`);
  return result;
}

/** All entries in one build with code splitting: shared modules land once, in dist/chunks/. */
async function buildEsm(built: readonly EntryPoint[], outDir: string): Promise<esbuild.Metafile> {
  const result = await runEsbuild(
    {
      absWorkingDir: repoRoot,
      entryPoints: Object.fromEntries(built.map((e) => [e.name, join(repoRoot, e.source)])),
      outdir: outDir,
      chunkNames: "chunks/[name]-[hash]",
      bundle: true,
      splitting: true,
      format: "esm",
      // Neutral: the main entry must run in browsers; Node built-ins stay imports (packages: "external").
      platform: "neutral",
      // Browsers of the last years; Node 20 supports all of ES2022 too.
      target: "es2022",
      packages: "external",
      sourcemap: true,
    },
    "ESM",
  );
  return result.metafile!;
}

const CJS_NAMESPACE = "conductor-sdk-cjs";

/** Each module its own .cjs file; relative imports become requires of the neighbouring .cjs file. */
async function buildCommonJs(sources: readonly string[], outDir: string): Promise<esbuild.Metafile> {
  const known = new Set(sources.map((s) => resolve(repoRoot, s)));
  const perModule: esbuild.Plugin = {
    name: "per-module-commonjs",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return { path: args.path, namespace: CJS_NAMESPACE };
        if (!/^\.\.?\//.test(args.path)) return undefined; // packages and built-ins: external
        const target = resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts"));
        if (!known.has(target)) {
          return { errors: [{ text: `${args.importer} imports ${args.path}, which the ESM build did not include` }] };
        }
        return { path: args.path.replace(/\.js$/, ".cjs"), external: true };
      });
      build.onLoad({ filter: /.*/, namespace: CJS_NAMESPACE }, (args) => ({
        contents: readFileSync(args.path, "utf8"),
        loader: "ts",
        resolveDir: dirname(args.path),
      }));
    },
  };
  const result = await runEsbuild(
    {
      absWorkingDir: repoRoot,
      entryPoints: [...known],
      outbase: repoRoot,
      outdir: join(outDir, "cjs"),
      outExtension: { ".js": ".cjs" },
      bundle: true,
      format: "cjs",
      platform: "node",
      target: "node20",
      packages: "external",
      // import.meta does not exist in CommonJS; Node-only code gets the same answers it gets from ESM.
      define: {
        "import.meta.url": "__cjsImportMetaUrl",
        "import.meta.filename": "__filename",
        "import.meta.dirname": "__dirname",
      },
      write: false,
      plugins: [perModule],
    },
    "CommonJS",
  );
  for (const file of result.outputFiles!) {
    const prelude = file.text.includes("__cjsImportMetaUrl")
      ? 'const __cjsImportMetaUrl = require("node:url").pathToFileURL(__filename).href;\n'
      : "";
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, `"use strict";\n${prelude}${file.text}`);
  }
  return result.metafile!;
}

/** Output files reachable from `start` through static imports, in one build's metafile. */
function staticGraph(meta: esbuild.Metafile, start: string): Set<string> {
  const seen = new Set<string>();
  const visit = (output: string): void => {
    if (seen.has(output) || !meta.outputs[output]) return;
    seen.add(output);
    for (const imp of meta.outputs[output].imports) {
      if (imp.kind !== "dynamic-import" && !imp.external) visit(imp.path);
      if (imp.external && /^\.\.?\//.test(imp.path)) visit(join(dirname(output), imp.path));
    }
  };
  visit(start);
  return seen;
}

/**
 * Checks what the builds hold: only src/ and generated/ code, each source module exactly once per format,
 * nothing imported but declared dependencies and Node built-ins, and no Node built-in reachable from the main
 * entry in either format.
 */
function verifyBuilds(metafiles: BuildResult["metafiles"], built: readonly EntryPoint[], outDir: string): void {
  const problems: string[] = [];
  const dependencies = runtimeDependencies();
  const rel = (p: string) => relative(repoRoot, resolve(repoRoot, p));
  for (const [format, meta] of Object.entries(metafiles)) {
    const owners = new Map<string, string[]>();
    for (const [output, info] of Object.entries(meta.outputs)) {
      if (output.endsWith(".map")) continue;
      for (const input of Object.keys(info.inputs)) {
        const source = input.replace(`${CJS_NAMESPACE}:`, "");
        const name = rel(source);
        if (!name.startsWith("src/") && !name.startsWith("generated/")) {
          problems.push(`${format}: ${output} bundles ${name}: only src/ and generated/ may be bundled`);
        }
        owners.set(name, [...(owners.get(name) ?? []), output]);
      }
      for (const imp of info.imports) {
        if (!imp.external || /^\.\.?\//.test(imp.path) || isNodeBuiltin(imp.path)) continue;
        if (!dependencies.includes(packageOf(imp.path))) {
          problems.push(`${format}: ${output} imports "${imp.path}", which is not in "dependencies"`);
        }
      }
    }
    for (const [input, outputs] of owners) {
      if (outputs.length > 1)
        problems.push(`${format}: ${input} is in ${outputs.length} outputs: ${outputs.join(", ")}`);
    }
  }
  const outRel = (file: string) => relative(repoRoot, join(outDir, file));
  for (const entry of built.filter((e) => e.platform === "neutral")) {
    for (const [format, start] of [
      ["esm", outRel(esmPath(entry))],
      ["cjs", outRel(commonJsPath(entry.source))],
    ] as const) {
      const meta = metafiles[format];
      for (const output of staticGraph(meta, start)) {
        for (const imp of meta.outputs[output]!.imports) {
          if (isNodeBuiltin(imp.path)) {
            problems.push(`${format}: ${output}, loaded by the browser-safe ${entry.source}, imports "${imp.path}"`);
          }
        }
      }
    }
  }
  if (problems.length > 0) throw new BuildError(`build check failed:\n  ${problems.join("\n  ")}`);
}

function emitDeclarations(sources: readonly string[], typesDir: string): void {
  const scratch = mkdtempSync(join(tmpdir(), "conductor-build-"));
  try {
    const tsconfig = {
      extends: join(repoRoot, "tsconfig.json"),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        emitDeclarationOnly: true,
        rootDir: repoRoot,
        outDir: typesDir,
        // Resolved from the repository, not from this scratch directory.
        typeRoots: [join(repoRoot, "node_modules/@types")],
        paths: {},
        incremental: false,
      },
      files: sources.map((s) => join(repoRoot, s)),
      include: [],
    };
    const configPath = join(scratch, "tsconfig.json");
    writeFileSync(configPath, JSON.stringify(tsconfig, null, 2));
    const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
    const run = spawnSync(process.execPath, [tsc, "-p", configPath], { cwd: repoRoot, encoding: "utf8" });
    if (run.status !== 0) {
      throw new BuildError(`tsc (declarations) failed:\n${run.stdout}${run.stderr}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// TypeScript reads a .d.ts in a "type": "module" package as ESM. CommonJS consumers (`require` condition) get
// .d.cts twins whose relative imports point at .cjs, so TypeScript treats the whole tree as CommonJS.
function writeCommonJsDeclarations(typesDir: string): void {
  const relativeSpecifier = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.js(["'])/g;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".d.ts")) {
        const text = readFileSync(path, "utf8").replace(relativeSpecifier, "$1$2.cjs$3");
        writeFileSync(path.replace(/\.d\.ts$/, ".d.cts"), text);
      }
    }
  };
  walk(typesDir);
}

export async function build(options: { outDir?: string } = {}): Promise<BuildResult> {
  const outDir = resolve(options.outDir ?? join(repoRoot, "dist"));
  const built = entryPoints.filter((e) => existsSync(join(repoRoot, e.source)));
  const missing = entryPoints.filter((e) => !built.includes(e));
  if (built.length === 0) throw new BuildError("no entry point exists yet (expected src/index.ts)");

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const esm = await buildEsm(built, outDir);
  // The CommonJS build covers exactly the modules the ESM build reached from the entry points.
  const sources = [...new Set(Object.values(esm.outputs).flatMap((o) => Object.keys(o.inputs)))].sort();
  const cjs = await buildCommonJs(sources, outDir);
  const metafiles = { esm, cjs };
  verifyBuilds(metafiles, built, outDir);

  const typesDir = join(outDir, "types");
  emitDeclarations(
    built.map((e) => e.source),
    typesDir,
  );
  writeCommonJsDeclarations(typesDir);
  for (const entry of built) {
    for (const file of [declarationPath(entry.source, "d.ts"), commonJsPath(entry.source), esmPath(entry)]) {
      if (!existsSync(join(outDir, file))) throw new BuildError(`the build did not produce ${file}`);
    }
  }
  return { outDir, built, missing, metafiles };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const outdirIndex = args.indexOf("--outdir");
  const outDir = outdirIndex >= 0 ? args[outdirIndex + 1] : undefined;
  if (outdirIndex >= 0 && !outDir) {
    console.error("--outdir needs a directory");
    process.exit(2);
  }
  try {
    const result = await build(outDir ? { outDir } : {});
    const size = (file: string) => statSync(join(result.outDir, file)).size;
    for (const entry of result.built) {
      console.log(
        `built ${entry.subpath.padEnd(10)} ${entry.source.padEnd(22)} ${esmPath(entry)} ${size(esmPath(entry))} B, ${commonJsPath(entry.source)}`,
      );
    }
    const chunks = Object.keys(result.metafiles.esm.outputs).filter((o) => o.includes("/chunks/") && o.endsWith(".js"));
    const modules = Object.keys(result.metafiles.cjs.outputs).length;
    console.log(`shared ESM chunks: ${chunks.length}; CommonJS modules: ${modules}`);
    for (const entry of result.missing) {
      console.warn(`not built: ${entry.subpath} (${entry.source} does not exist yet)`);
    }
    console.log(`output in ${relative(process.cwd(), result.outDir) || "."}`);
  } catch (error) {
    console.error(error instanceof BuildError ? error.message : error);
    process.exit(1);
  }
}
