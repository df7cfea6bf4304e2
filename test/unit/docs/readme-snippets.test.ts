// README's TypeScript examples must compile against the real API: each ```ts block is type-checked
// as its own module, with the package's public entry points mapped to src/.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";
import { publicApiCompilerOptions, repoRoot } from "../../support/public-api-compile.js";

const root = repoRoot;

it("every TypeScript block in README.md type-checks against the public API", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks.length).toBeGreaterThanOrEqual(4);

  const files = new Map(blocks.map((code, i) => [join(root, `__readme_${i}.ts`), `${code}\nexport {};\n`]));
  const options = publicApiCompilerOptions;
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (f) => files.get(f) ?? readFile(f);
  host.fileExists = (f) => files.has(f) || fileExists(f);
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.has(d.file.fileName))
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `README block ${d.file!.fileName.replace(/.*__readme_(\d+)\.ts/, "$1")} line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
  expect(problems).toEqual([]);
}, 120_000);
