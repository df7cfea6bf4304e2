// Builds the package into a scratch node_modules and checks it the way users meet it: through the exports map,
// from real Node processes (ESM and CommonJS), from TypeScript (import and require conditions), and for the main
// entry in a realm with no Node globals at all.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import vm from "node:vm";
import * as esbuild from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  build,
  declarationPath,
  entryPoints,
  isNodeBuiltin,
  repoRoot,
  type BuildResult,
  type EntryPoint,
} from "../../../scripts/build.js";

const packageName = "@conductor-ts/sdk";
const packageJson = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  name: string;
  main: string;
  module: string;
  types: string;
  files: string[];
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const runtimeDependencies = [
  ...Object.keys(packageJson.dependencies ?? {}),
  ...Object.keys(packageJson.peerDependencies ?? {}),
];

let scratch: string;
let packageDir: string;
let result: BuildResult;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "conductor-build-test-"));
  packageDir = join(scratch, "node_modules", packageName);
  mkdirSync(packageDir, { recursive: true });
  result = await build({ outDir: join(packageDir, "dist") });
  cpSync(join(repoRoot, "package.json"), join(packageDir, "package.json"));
  // What `npm install` would put beside the package: its runtime dependencies, and nothing else.
  for (const dependency of runtimeDependencies) {
    const link = join(scratch, "node_modules", dependency);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(repoRoot, "node_modules", dependency), link, "dir");
  }
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Runs a script file with the same Node that runs the tests; returns its parsed JSON output. */
function runNode(fileName: string, source: string): unknown {
  const file = join(scratch, fileName);
  writeFileSync(file, source);
  const run = spawnSync(process.execPath, [file], { cwd: scratch, encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) throw new Error(`node ${fileName} exited with ${run.status}:\n${run.stdout}${run.stderr}`);
  return JSON.parse(run.stdout);
}

const specifier = (subpath: string) => (subpath === "." ? packageName : `${packageName}/${subpath.slice(2)}`);

describe("package layout", () => {
  it("has every entry point's source, so no exports target is left dangling", () => {
    expect(
      result.missing.map((e) => e.source),
      "entry sources that do not exist yet",
    ).toEqual([]);
  });

  it("maps each subpath to its ESM and CJS bundle with types first in each condition", () => {
    for (const entry of entryPoints) {
      const expected = {
        import: { types: `./dist/${declarationPath(entry.source, "d.ts")}`, default: `./dist/${entry.name}.js` },
        require: { types: `./dist/${declarationPath(entry.source, "d.cts")}`, default: `./dist/${entry.name}.cjs` },
      };
      const actual = packageJson.exports[entry.subpath];
      expect(actual, `exports["${entry.subpath}"]`).toEqual(expected);
      // Key order decides which condition wins: types must come first.
      expect(Object.keys((actual as typeof expected).import)[0]).toBe("types");
      expect(Object.keys((actual as typeof expected).require)[0]).toBe("types");
    }
    expect(packageJson.exports["./package.json"]).toBe("./package.json");
    expect(Object.keys(packageJson.exports).sort()).toEqual(
      [...entryPoints.map((e) => e.subpath), "./package.json"].sort(),
    );
  });

  it("produces every file the exports map and the legacy fields point at", () => {
    const targets = [packageJson.main, packageJson.module, packageJson.types];
    for (const entry of result.built) {
      const conditions = packageJson.exports[entry.subpath] as Record<string, Record<string, string>>;
      targets.push(...Object.values(conditions).flatMap((c) => Object.values(c)));
    }
    for (const target of targets) {
      expect(existsSync(join(packageDir, target)), `${target} exists after the build`).toBe(true);
      expect(target.startsWith("./dist/"), `${target} is inside "files"`).toBe(packageJson.files.includes("dist"));
    }
  });
});

describe("Node: ESM import and CommonJS require", () => {
  it.each(entryPoints.map((e) => [e.subpath, e] as const))(
    "loads %s both ways, exporting ConductorError at runtime",
    (_subpath, entry) => {
      expect(result.built, `${entry.source} was built`).toContain(entry);
      const id = specifier(entry.subpath);
      const cjs = runNode(
        `${entry.name}-require.cjs`,
        `const m = require(${JSON.stringify(id)});
         console.log(JSON.stringify({ file: require.resolve(${JSON.stringify(id)}), type: typeof m.ConductorError }));`,
      ) as { file: string; type: string };
      const esm = runNode(
        `${entry.name}-import.mjs`,
        `const m = await import(${JSON.stringify(id)});
         console.log(JSON.stringify({ file: import.meta.resolve(${JSON.stringify(id)}), type: typeof m.ConductorError }));`,
      ) as { file: string; type: string };
      expect(cjs.file.endsWith(`/dist/${entry.name}.cjs`), `require("${id}") resolves to the CJS bundle`).toBe(true);
      expect(esm.file.endsWith(`/dist/${entry.name}.js`), `import("${id}") resolves to the ESM bundle`).toBe(true);
      expect(cjs.type, `require("${id}").ConductorError`).toBe("function");
      expect(esm.type, `import("${id}").ConductorError`).toBe("function");
    },
  );

  it("treats errors from the CommonJS copy as instances of the ESM copy's classes and back", () => {
    const report = runNode(
      "cross-copy.mjs",
      `import { createRequire } from "node:module";
       import * as esm from ${JSON.stringify(packageName)};
       const cjs = createRequire(import.meta.url)(${JSON.stringify(packageName)});
       // Error classes take (message, init), (argument, message, init) or (name, problems): try each shape.
       const shapes = [["boom"], ["argument", "boom"], ["name", []]];
       const thrownBy = (Class) => {
         for (const args of shapes) {
           try { throw new Class(...args); } catch (e) { if (e && e.constructor === Class) return e; }
         }
         throw new Error("cannot construct " + Class.name + " with any known argument shape");
       };
       const errorClasses = (m) => Object.keys(m).filter((k) => typeof m[k] === "function" &&
         (m[k] === m.ConductorError || Object.prototype.isPrototypeOf.call(m.ConductorError, m[k])));
       const out = { distinctCopies: esm.ConductorError !== cjs.ConductorError, classes: errorClasses(esm), checks: [] };
       for (const name of out.classes) {
         const fromCjs = thrownBy(cjs[name]);
         const fromEsm = thrownBy(esm[name]);
         out.checks.push({ name,
           cjsIsEsm: fromCjs instanceof esm[name], cjsIsEsmBase: fromCjs instanceof esm.ConductorError,
           esmIsCjs: fromEsm instanceof cjs[name], esmIsCjsBase: fromEsm instanceof cjs.ConductorError });
       }
       const plain = new Error("plain");
       out.plainErrorIsConductorError = plain instanceof esm.ConductorError || plain instanceof cjs.ConductorError;
       // A base-class error is no instance of any subclass, whichever copy asks.
       out.baseIsSubclass = out.classes.filter((n) => n !== "ConductorError")
         .filter((n) => thrownBy(cjs.ConductorError) instanceof esm[n] || thrownBy(esm.ConductorError) instanceof cjs[n]);
       console.log(JSON.stringify(out));`,
    ) as {
      distinctCopies: boolean;
      classes: string[];
      checks: { name: string; cjsIsEsm: boolean; cjsIsEsmBase: boolean; esmIsCjs: boolean; esmIsCjsBase: boolean }[];
      plainErrorIsConductorError: boolean;
      baseIsSubclass: string[];
    };
    // Two separate class objects, or the check proves nothing.
    expect(report.distinctCopies).toBe(true);
    expect(report.classes).toContain("ConductorError");
    // The issue asks for distinct types for network failure and timeout; both must survive the copy split.
    expect(report.classes).toEqual(expect.arrayContaining(["ConductorNetworkError", "ConductorTimeoutError"]));
    for (const check of report.checks) {
      expect(check, check.name).toEqual({
        name: check.name,
        cjsIsEsm: true,
        cjsIsEsmBase: true,
        esmIsCjs: true,
        esmIsCjsBase: true,
      });
    }
    expect(report.plainErrorIsConductorError).toBe(false);
    expect(report.baseIsSubclass).toEqual([]);
  });
});

describe("main entry is browser-safe", () => {
  const mainEntry = entryPoints.find((e) => e.subpath === ".")!;

  it("recognises Node built-in specifiers", () => {
    expect(["node:fs", "fs", "fs/promises", "node:test", "worker_threads"].every(isNodeBuiltin)).toBe(true);
    expect(["openapi-fetch", "./index.js", "fsevents"].some(isNodeBuiltin)).toBe(false);
  });

  it("imports no Node built-in in either format (esbuild metafile)", () => {
    for (const output of [`${mainEntry.name}.js`, `${mainEntry.name}.cjs`]) {
      const meta = result.metafiles[output];
      expect(meta, `metafile for ${output}`).toBeDefined();
      const imports = Object.values(meta!.outputs).flatMap((o) => o.imports.map((i) => i.path));
      expect(imports.filter(isNodeBuiltin), `Node built-ins imported by ${output}`).toEqual([]);
      // Only declared runtime dependencies stay external; everything else is bundled.
      const external = [...new Set(imports.filter((p) => !p.startsWith(".")))];
      expect(external).toContain("openapi-fetch");
      expect(external.filter((p) => !runtimeDependencies.includes(p))).toEqual([]);
    }
  });

  // What a browser has, and nothing Node adds (process, Buffer, require, global, setImmediate, ...).
  function browserLikeContext(): vm.Context {
    const context = vm.createContext({
      console,
      URL,
      URLSearchParams,
      fetch,
      Headers,
      Request,
      Response,
      FormData,
      Blob,
      AbortController,
      AbortSignal,
      TextEncoder,
      TextDecoder,
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      queueMicrotask,
      structuredClone,
      crypto: globalThis.crypto,
      DOMException,
      EventTarget,
      Event,
    });
    expect(vm.runInContext("typeof process + typeof require + typeof Buffer + typeof global", context)).toBe(
      "undefinedundefinedundefinedundefined",
    );
    return context;
  }

  it("loads the ESM bundle (with openapi-fetch) where no `process` exists", async () => {
    const bundled = await esbuild.build({
      entryPoints: [join(packageDir, "dist", `${mainEntry.name}.js`)],
      bundle: true,
      format: "iife",
      globalName: "conductorSdk",
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    const context = browserLikeContext();
    vm.runInContext(bundled.outputFiles[0]!.text, context, { filename: "index.iife.js" });
    expect(vm.runInContext("typeof conductorSdk.ConductorError", context)).toBe("function");
  });

  it("loads the CommonJS bundle where no `process` exists", () => {
    const code = readFileSync(join(packageDir, "dist", `${mainEntry.name}.cjs`), "utf8");
    const context = browserLikeContext();
    const realRequire = createRequire(join(packageDir, "dist", `${mainEntry.name}.cjs`));
    const requested: string[] = [];
    const limitedRequire = (id: string) => {
      requested.push(id);
      if (id !== "openapi-fetch") throw new Error(`the browser-safe entry required "${id}"`);
      return realRequire(id);
    };
    const wrapper = vm.runInContext(`(function (exports, require, module) {${code}\n})`, context, {
      filename: "index.cjs",
    }) as (exports: object, require: (id: string) => unknown, module: { exports: object }) => void;
    const module = { exports: {} as Record<string, unknown> };
    wrapper(module.exports, limitedRequire, module);
    expect(typeof module.exports.ConductorError).toBe("function");
    expect(requested.every((id) => id === "openapi-fetch")).toBe(true);
  });
});

describe("TypeScript consumers (module nodenext)", () => {
  interface TscRun {
    errors: string[];
    status: number | null;
    explained: string;
  }

  /** Type-checks an ESM (.mts) and a CommonJS (.cts) consumer of each given entry in one tsc program. */
  function typecheckConsumers(entries: readonly EntryPoint[], dirName: string): TscRun {
    const consumer = join(scratch, dirName);
    mkdirSync(consumer, { recursive: true });
    const files: string[] = [];
    for (const entry of entries) {
      const id = specifier(entry.subpath);
      const lines = [
        `import * as sdk from "${id}";`,
        `export const exported: readonly string[] = Object.keys(sdk);`,
        // Fails the compile if the import resolved to nothing typed (any).
        `// @ts-expect-error a module namespace is not a number`,
        `export const wrong: number = sdk;`,
        ...(entry.subpath === "."
          ? [
              `import { ConductorError } from "${id}";`,
              `export const status: number | undefined = new ConductorError("boom").status;`,
            ]
          : []),
      ].join("\n");
      for (const file of [`${entry.name}.mts`, `${entry.name}.cts`]) {
        writeFileSync(join(consumer, file), lines);
        files.push(file);
      }
    }
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          typeRoots: [join(repoRoot, "node_modules/@types")],
          types: ["node"],
        },
        files,
      }),
    );
    const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
    const run = spawnSync(process.execPath, [tsc, "-p", join(consumer, "tsconfig.json"), "--explainFiles"], {
      cwd: consumer,
      encoding: "utf8",
      timeout: 120_000,
    });
    return {
      errors: run.stdout.split("\n").filter((l) => l.includes("error TS")),
      status: run.status,
      explained: run.stdout,
    };
  }

  // One program for all entries keeps the common case fast; only when it fails is each entry checked alone,
  // so the failure names the entry point it belongs to.
  let combined: TscRun | undefined;

  it.each(entryPoints.map((e) => [e.subpath, e] as const))(
    "resolve %s through the import condition (.d.ts) and the require condition (.d.cts)",
    (_subpath, entry) => {
      expect(result.built, `${entry.source} was built`).toContain(entry);
      combined ??= typecheckConsumers(result.built, "consumers");
      const run = combined.errors.length === 0 ? combined : typecheckConsumers([entry], `consumer-${entry.name}`);
      expect(run.errors, `type errors for a consumer of "${specifier(entry.subpath)}"`).toEqual([]);
      expect(run.status).toBe(0);
      const types = (flavor: "d.ts" | "d.cts") => join(packageName, "dist", declarationPath(entry.source, flavor));
      expect(run.explained, "the .mts consumer reads the .d.ts").toContain(types("d.ts"));
      expect(run.explained, "the .cts consumer reads the .d.cts").toContain(types("d.cts"));
    },
    240_000,
  );
});
