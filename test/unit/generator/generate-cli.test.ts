// The generator's promises as a user sees them from the command line: drift is caught, a removed
// operation is reported as breaking, and a correction that no longer matches stops generation by name.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");
const dirs: string[] = [];

function specCopy(edit: (spec: { paths: Record<string, Record<string, unknown>> }) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "spec-"));
  dirs.push(dir);
  cpSync(join(root, "spec"), dir, { recursive: true });
  const file = join(dir, "openapi.json");
  const spec = JSON.parse(readFileSync(file, "utf8"));
  edit(spec);
  writeFileSync(file, JSON.stringify(spec, null, 2));
  return dir;
}

function generate(...args: string[]) {
  const run = spawnSync(
    process.execPath,
    [join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/generate.ts", ...args],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("npm run generate", () => {
  it("--check passes on the committed spec (generated/ is up to date)", () => {
    const { code, output } = generate("--check");
    expect(output).toContain("generated/ matches spec/");
    expect(code).toBe(0);
  }, 60_000);

  it("reports a deleted operation as a breaking change and fails the drift check", () => {
    const dir = specCopy((spec) => {
      delete spec.paths["/api/workflow/{workflowId}/pause"]!.put;
    });
    const { code, output } = generate("--check", "--spec-dir", dir);
    expect(output).toMatch(/BREAKING removed\s+PUT \/api\/workflow\/\{workflowId\}\/pause: operation removed/);
    expect(output).toContain("generated/ is out of date with spec/");
    expect(code).toBe(1);
  }, 60_000);

  it("stops and names the correction when the server's spec no longer has what it corrects", () => {
    const dir = specCopy((spec) => {
      delete spec.paths["/api/tasks/{taskId}/log"]!.post;
    });
    const { code, output } = generate("--check", "--spec-dir", dir);
    expect(output).toContain('Spec correction "task-log-body-is-text"');
    expect(output).toContain("no operation POST /api/tasks/{taskId}/log");
    expect(code).toBe(1);
  }, 60_000);

  it("gives an operation missing from the names table a derived name and a warning", () => {
    const dir = specCopy((spec) => {
      spec.paths["/api/workflow/{workflowId}/nudge"] = {
        post: { operationId: "nudge_1", tags: ["workflow-resource"], responses: { "200": { description: "OK" } } },
      };
    });
    const { code, output } = generate("--check", "--spec-dir", dir);
    expect(output).toMatch(
      /warning: operation POST \/api\/workflow\/\{workflowId\}\/nudge has no entry in spec\/operation-names.yaml; using workflow\.\w+/,
    );
    expect(output).toMatch(/added\s+POST \/api\/workflow\/\{workflowId\}\/nudge: new operation/);
    expect(code).toBe(1);
  }, 60_000);
});
