// Builds the publishable package into dist/: per entry point an ESM (.js) and a CommonJS (.cjs) bundle made by
// esbuild, plus type declarations from tsc (.d.ts for `import`, .d.cts copies for `require`).
//
//   npx tsx scripts/build.ts [--outdir <dir>]
//
// The entry list here and the "exports" map in package.json describe the same thing; the unit tests in
// test/unit/build check that they agree and that the artifacts work from Node (ESM and CJS) and the browser.
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
  readonly subpath: "." | "./worker" | "./testing";
  /** Output base name in dist/ (index.js, index.cjs, ...). */
  readonly name: string;
  /** Source file, relative to the repository root. */
  readonly source: string;
  /** The main entry must run in browsers; the others are Node-only. */
  readonly platform: "neutral" | "node";
}

export const entryPoints: readonly EntryPoint[] = [
  { subpath: ".", name: "index", source: "src/index.ts", platform: "neutral" },
  { subpath: "./worker", name: "worker", source: "src/worker/index.ts", platform: "node" },
  { subpath: "./testing", name: "testing", source: "src/testing/index.ts", platform: "node" },
];

/** Where tsc puts the declaration of a source file, relative to the out dir (rootDir is the repository). */
export function declarationPath(source: string, flavor: "d.ts" | "d.cts"): string {
  return join("types", source.replace(/\.ts$/, `.${flavor}`));
}

export interface BuildResult {
  readonly outDir: string;
  /** Entries that were built; entries whose source does not exist yet are listed in `missing`. */
  readonly built: readonly EntryPoint[];
  readonly missing: readonly EntryPoint[];
  /** esbuild metafiles keyed by output file name, e.g. `index.js`, `index.cjs`. */
  readonly metafiles: Readonly<Record<string, esbuild.Metafile>>;
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

// The Node-only entries reach shared code through the main entry (`import ... from "../index.js"`) so that a
// program using both `@conductor-ts/sdk` and `@conductor-ts/sdk/worker` holds one copy of it, not two.
function mainEntryAsExternal(format: "esm" | "cjs"): esbuild.Plugin {
  const mainSource = resolve(repoRoot, "src/index.ts");
  return {
    name: "main-entry-external",
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts"));
        if (target !== mainSource) return undefined;
        return { path: format === "esm" ? "./index.js" : "./index.cjs", external: true };
      });
    },
  };
}

async function bundle(entry: EntryPoint, format: "esm" | "cjs", outDir: string): Promise<esbuild.Metafile> {
  const node = entry.platform === "node";
  const outfile = join(outDir, `${entry.name}.${format === "esm" ? "js" : "cjs"}`);
  const options: esbuild.BuildOptions = {
    absWorkingDir: repoRoot,
    entryPoints: [join(repoRoot, entry.source)],
    outfile,
    bundle: true,
    format,
    platform: entry.platform,
    // Browsers of the last years for the main entry; the supported Node floor for the rest.
    target: node ? "node20" : "es2022",
    mainFields: ["module", "main"],
    external: runtimeDependencies(),
    sourcemap: true,
    metafile: true,
    logLevel: "silent",
    plugins: node ? [mainEntryAsExternal(format)] : [],
  };
  if (node && format === "cjs") {
    // import.meta does not exist in CommonJS; give Node-only code the same answers it gets from ESM.
    options.define = {
      "import.meta.url": "__cjsImportMetaUrl",
      "import.meta.filename": "__filename",
      "import.meta.dirname": "__dirname",
    };
    options.banner = {
      js: '"use strict";\nconst __cjsImportMetaUrl = require("node:url").pathToFileURL(__filename).href;',
    };
  }
  let result: esbuild.BuildResult<typeof options>;
  try {
    result = await esbuild.build(options);
  } catch (error) {
    const messages = (error as { errors?: esbuild.Message[] }).errors;
    if (!messages) throw error;
    const lines = messages.map((m) => {
      const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : "";
      const builtin = /Could not resolve "([^"]+)"/.exec(m.text)?.[1];
      const hint =
        !node && builtin && isNodeBuiltin(builtin)
          ? ` (${entry.source} is the browser-safe entry: Node built-ins belong in src/worker or src/testing)`
          : "";
      return `${where}${m.text}${hint}`;
    });
    throw new BuildError(`esbuild failed for ${entry.source} (${format}):\n  ${lines.join("\n  ")}`);
  }
  for (const warning of result.warnings) {
    console.warn(`esbuild warning (${entry.source}, ${format}): ${warning.text}`);
  }
  return result.metafile!;
}

/** Checks every bundle holds only our code and the main entry imports nothing Node-specific. */
function verifyBundles(metafiles: Record<string, esbuild.Metafile>, built: readonly EntryPoint[]): void {
  const problems: string[] = [];
  for (const [output, meta] of Object.entries(metafiles)) {
    for (const input of Object.keys(meta.inputs)) {
      if (!input.startsWith("src/") && !input.startsWith("generated/")) {
        problems.push(
          `${output} bundles ${input}: only src/ and generated/ may be bundled; add the package to "dependencies" if it is needed at runtime`,
        );
      }
    }
  }
  for (const entry of built.filter((e) => e.platform === "neutral")) {
    for (const ext of ["js", "cjs"]) {
      const meta = metafiles[`${entry.name}.${ext}`]!;
      for (const out of Object.values(meta.outputs)) {
        for (const imp of out.imports) {
          if (isNodeBuiltin(imp.path)) {
            problems.push(
              `${entry.name}.${ext} (browser-safe entry ${entry.source}) imports the Node built-in "${imp.path}"`,
            );
          }
        }
      }
    }
  }
  if (problems.length > 0) throw new BuildError(`bundle check failed:\n  ${problems.join("\n  ")}`);
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

  const metafiles: Record<string, esbuild.Metafile> = {};
  await Promise.all(
    built.flatMap((entry) =>
      (["esm", "cjs"] as const).map(async (format) => {
        metafiles[`${entry.name}.${format === "esm" ? "js" : "cjs"}`] = await bundle(entry, format, outDir);
      }),
    ),
  );
  verifyBundles(metafiles, built);

  const typesDir = join(outDir, "types");
  emitDeclarations(
    built.map((e) => e.source),
    typesDir,
  );
  writeCommonJsDeclarations(typesDir);
  for (const entry of built) {
    const declaration = join(outDir, declarationPath(entry.source, "d.ts"));
    if (!existsSync(declaration)) throw new BuildError(`tsc did not emit ${relative(repoRoot, declaration)}`);
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
    for (const entry of result.built) {
      const sizes = ["js", "cjs"].map(
        (ext) => `${entry.name}.${ext} ${statSync(join(result.outDir, `${entry.name}.${ext}`)).size} B`,
      );
      console.log(`built ${entry.subpath.padEnd(10)} ${entry.source.padEnd(22)} ${sizes.join(", ")}`);
    }
    for (const entry of result.missing) {
      console.warn(`not built: ${entry.subpath} (${entry.source} does not exist yet)`);
    }
    console.log(`output in ${relative(process.cwd(), result.outDir) || "."}`);
  } catch (error) {
    console.error(error instanceof BuildError ? error.message : error);
    process.exit(1);
  }
}
