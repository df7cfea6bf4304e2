// After generated/ is written, the hand-written layer is compiled against it: an upgrade that breaks a
// wrapper in src/ fails `npm run generate` with each broken call site, not a user's build later.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import type { GeneratorProblem } from "./problems.js";

/** tsc over src/ and generated/ only (the repo's compiler options); each error becomes a problem. */
export function srcTypeErrors(root: string): GeneratorProblem[] {
  const dir = mkdtempSync(join(tmpdir(), "generate-src-check-"));
  try {
    const config = join(dir, "tsconfig.json");
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(root, "tsconfig.json"),
        compilerOptions: { typeRoots: [join(root, "node_modules/@types")], incremental: false },
        include: [join(root, "src"), join(root, "generated")],
        exclude: [],
      }),
    );
    const run = spawnSync(
      process.execPath,
      [join(root, "node_modules/typescript/bin/tsc"), "-p", config, "--pretty", "false"],
      {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 64 << 20,
      },
    );
    return parseTscOutput(`${run.stdout}${run.stderr}`, root, run.status ?? 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function parseTscOutput(output: string, root: string, status: number): GeneratorProblem[] {
  const problems: GeneratorProblem[] = [];
  for (const line of output.split("\n")) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line.trim());
    if (!m) continue;
    const file = relative(root, resolve(root, m[1]!));
    const generated = file.startsWith("generated/");
    problems.push({
      kind: generated ? "unsupported-construct" : "hand-written-code",
      where: `${file}:${m[2]}:${m[3]}`,
      // tsc spells out whole object types; the first 240 characters say what broke.
      detail: `${m[4]} ${m[5]!.length > 240 ? `${m[5]!.slice(0, 240)}…` : m[5]}`,
      fix: generated
        ? "the templates produced code that does not compile for this spec: fix templates/ or add a correction"
        : "update this call to the new generated API (see the change report above), or add a correction if the spec is wrong",
    });
  }
  if (problems.length === 0 && status !== 0) {
    problems.push({
      kind: "hand-written-code",
      where: "src/",
      detail: `tsc exited with ${status}: ${output.trim().split("\n").slice(0, 5).join(" | ")}`,
      fix: "run `npm run typecheck` to see why",
    });
  }
  return problems;
}
