// Every example in examples/ compiled against the installed package (tsc --strict, NodeNext) and run with Node,
// against the real server this run started. What each must print is declared next to it, in
// examples/<name>.expected.txt: lines that must appear in that order, where `<...>` stands for any text.
// (test/examples runs the same examples from src/ and checks their return values.)
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { consumerProject, exec, lines, repoRoot, tsc, type Ran } from "./support/packed.js";

const examplesDir = join(repoRoot, "examples");
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => basename(f, ".ts"))
  .sort();

/** The expected lines that `printed` lacks, in order; [] when every one is there. */
export function missingLines(expected: readonly string[], printed: readonly string[]): string[] {
  const patterns = expected.map(
    (line) =>
      new RegExp(
        `^${line
          .split("<...>")
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*")}$`,
      ),
  );
  let at = 0;
  const missing: string[] = [];
  patterns.forEach((pattern, i) => {
    const found = printed.findIndex((line, j) => j >= at && pattern.test(line));
    if (found < 0) missing.push(expected[i]!);
    else at = found + 1;
  });
  return missing;
}

let dir: string;
let compile: Ran;

beforeAll(async () => {
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: "examples-consumer", private: true, type: "module" }),
    "tsconfig.json": JSON.stringify({
      compilerOptions: {
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        skipLibCheck: false,
        outDir: "out",
        typeRoots: [join(repoRoot, "node_modules/@types")],
        types: ["node"],
      },
      files: examples.map((e) => `${e}.ts`),
    }),
  };
  for (const name of examples) files[`${name}.ts`] = readFileSync(join(examplesDir, `${name}.ts`), "utf8");
  dir = consumerProject("examples", files);
  compile = await tsc(join(dir, "tsconfig.json"));
}, 240_000);

it("finds the examples, each with its expected output", () => {
  expect(examples.length).toBeGreaterThanOrEqual(6);
  const declared = readdirSync(examplesDir).filter((f) => f.endsWith(".expected.txt"));
  expect(declared.sort()).toEqual(examples.map((e) => `${e}.expected.txt`));
});

it("matches expected lines in order, `<...>` standing for any text", () => {
  expect(missingLines(["a <...> c", "d"], ["x", "a b c", "d"])).toEqual([]);
  expect(missingLines(["d", "a <...> c"], ["a b c", "d"])).toEqual(["a <...> c"]);
  expect(missingLines(["a.c"], ["abc"])).toEqual(["a.c"]);
});

it("compiles every example against the installed package (tsc --strict, NodeNext)", () => {
  expect(
    compile.stdout.split("\n").filter((l) => l.includes("error TS")),
    compile.report,
  ).toEqual([]);
  expect(compile.code, compile.report).toBe(0);
});

describe.each(examples)("examples/%s.ts", (name) => {
  it("prints what examples/" + name + ".expected.txt declares, from the installed package", async () => {
    const expected = lines(readFileSync(join(examplesDir, `${name}.expected.txt`), "utf8"));
    const run = await exec(process.execPath, [join(dir, "out", `${name}.js`)], {
      cwd: dir,
      // The AI example uses the run's fake LLM provider; an OPENAI_API_KEY of the environment never reaches it.
      env: {
        CONDUCTOR_SERVER_URL: inject("conductorApiUrl"),
        CONDUCTOR_TEST_FAKE_LLM_URL: inject("fakeLlmUrl"),
        OPENAI_API_KEY: undefined,
      },
      timeoutMs: 150_000,
    });
    expect(run.code, run.report).toBe(0);
    expect(missingLines(expected, lines(run.stdout)), run.report).toEqual([]);
  });
});
