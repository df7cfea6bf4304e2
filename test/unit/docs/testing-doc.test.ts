// docs/testing.md shows the testing examples verbatim: each block marked `<!-- example: examples/x.ts -->` must be
// that file, so what the page shows is what CI compiles and runs from the installed package.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");

it("every marked block of docs/testing.md is its example file, verbatim", () => {
  const doc = readFileSync(join(root, "docs/testing.md"), "utf8");
  const blocks = [...doc.matchAll(/<!-- example: (examples\/[\w-]+\.ts) -->\n```ts\n([\s\S]*?)```/g)];
  expect(blocks.map((b) => b[1])).toEqual([
    "examples/testing-msw-mocks.ts",
    "examples/testing-fake.ts",
    "examples/testing-test-workflow.ts",
    "examples/testing-local-conductor.ts",
  ]);
  for (const [, file, code] of blocks) expect(code, file).toBe(readFileSync(join(root, file!), "utf8"));
  // No unmarked TypeScript block that nothing runs.
  expect(doc.match(/```ts\n/g)).toHaveLength(blocks.length);
});
