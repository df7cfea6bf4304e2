// package.json's exports map and scripts/build.ts's entry list describe the same package; the package suite
// (test/package) checks the packed result.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  commonJsPath,
  declarationPath,
  entryPoints,
  esmPath,
  isNodeBuiltin,
  repoRoot,
} from "../../../scripts/build.js";

const packageJson = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  main: string;
  module: string;
  types: string;
  files: string[];
  exports: Record<string, unknown>;
  typesVersions: Record<string, Record<string, string[]>>;
  scripts: Record<string, string>;
  repository: { type: string; url: string };
};

describe("package.json", () => {
  it("maps each subpath to its ESM and CommonJS files with types first in each condition", () => {
    for (const entry of entryPoints) {
      const expected = {
        import: { types: `./dist/${declarationPath(entry.source, "d.ts")}`, default: `./dist/${esmPath(entry)}` },
        require: {
          types: `./dist/${declarationPath(entry.source, "d.cts")}`,
          default: `./dist/${commonJsPath(entry.source)}`,
        },
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

  it("points the legacy fields and typesVersions (moduleResolution node10) at the same files", () => {
    const main = entryPoints.find((e) => e.subpath === ".")!;
    expect(packageJson.main).toBe(`./dist/${commonJsPath(main.source)}`);
    expect(packageJson.module).toBe(`./dist/${esmPath(main)}`);
    expect(packageJson.types).toBe(`./dist/${declarationPath(main.source, "d.ts")}`);
    expect(packageJson.typesVersions).toEqual({
      "*": Object.fromEntries(
        entryPoints
          .filter((e) => e.subpath !== ".")
          .map((e) => [e.subpath.slice(2), [`./dist/${declarationPath(e.source, "d.ts")}`]]),
      ),
    });
    expect(packageJson.files).toEqual(["dist", "README.md"]);
  });

  it("builds before npm pack and npm publish, so a clean clone packs a complete package", () => {
    expect(packageJson.scripts.prepack).toBe("npm run build");
  });

  it("names the repository that README's and docs' absolute links point at", () => {
    expect(packageJson.repository).toEqual({ type: "git", url: "git+https://github.com/conductor-ts/sdk.git" });
  });
});

it("recognises Node built-in specifiers", () => {
  expect(["node:fs", "fs", "fs/promises", "node:test", "worker_threads"].every(isNodeBuiltin)).toBe(true);
  expect(["openapi-fetch", "./index.js", "fsevents"].some(isNodeBuiltin)).toBe(false);
});
