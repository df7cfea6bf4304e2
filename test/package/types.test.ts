// The type-level tests (test/types/*.test-d.ts) compiled in a consumer project against the installed package's
// declarations, with tsc --strict and moduleResolution NodeNext: the typed surface users get is the one tested.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { consumerProject, repoRoot, tsc, type Ran } from "./support/packed.js";

const typesDir = join(repoRoot, "test/types");
const files = readdirSync(typesDir)
  .filter((f) => f.endsWith(".test-d.ts"))
  .sort();
let compile: Ran;

beforeAll(async () => {
  const sources = Object.fromEntries(
    files.map((f) => [f.replace(/\.ts$/, ".mts"), readFileSync(join(typesDir, f), "utf8")]),
  );
  const dir = consumerProject("types", {
    ...sources,
    "tsconfig.json": JSON.stringify({
      compilerOptions: {
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        typeRoots: [join(repoRoot, "node_modules/@types")],
        types: ["node"],
      },
      files: Object.keys(sources),
    }),
  });
  compile = await tsc(join(dir, "tsconfig.json"));
}, 240_000);

it("finds the type-level tests", () => {
  expect(files.length).toBeGreaterThanOrEqual(2);
});

it.each(files)("%s holds against the installed package", (file) => {
  const errors = compile.stdout.split("\n").filter((l) => l.includes("error TS"));
  expect(
    errors.filter((l) => l.startsWith(file.replace(/\.ts$/, ".mts"))),
    compile.report,
  ).toEqual([]);
  // An error elsewhere (e.g. in our declarations) fails every file.
  expect(errors, compile.report).toEqual([]);
  expect(compile.code).toBe(0);
});
