// The generator's promises as a user sees them from the command line: drift is caught, a removed
// operation is reported as breaking, every problem of a spec is reported in one run (no stack trace),
// the change report's baseline is the committed spec, and --write-names records derived names.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");
const dirs: string[] = [];

type Spec = { paths: Record<string, Record<string, unknown>> };

function specCopy(edit: (spec: Spec) => void): string {
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
    expect(output).toMatch(/API changes against the spec committed at HEAD \([0-9a-f]+\): none/);
    expect(code).toBe(0);
  }, 240_000);

  it("reports a deleted operation as a breaking change and fails the drift check", () => {
    const dir = specCopy((spec) => {
      delete spec.paths["/api/workflow/{workflowId}/pause"]!.put;
    });
    const { code, output } = generate("--check", "--spec-dir", dir);
    expect(output).toMatch(/BREAKING removed\s+PUT \/api\/workflow\/\{workflowId\}\/pause: operation removed/);
    expect(output).toContain("generated/ is out of date with spec/");
    expect(code).toBe(1);
  }, 240_000);

  it("names the correction when the server's spec no longer has what it corrects", () => {
    const dir = specCopy((spec) => {
      delete spec.paths["/api/tasks/{taskId}/log"]!.post;
    });
    const { code, output } = generate("--check", "--spec-dir", dir);
    expect(output).toContain('correction "task-log-body-is-text": no operation POST /api/tasks/{taskId}/log');
    expect(code).toBe(1);
  }, 240_000);

  it("reports every stale correction, unnamed operation and unsupported construct in one run", () => {
    const dir = specCopy((spec) => {
      delete spec.paths["/api/tasks/{taskId}/log"]!.post;
      delete spec.paths["/api/environment/{key}"]!.get;
      delete spec.paths["/context.js"];
      spec.paths["/api/workflow/{workflowId}/upload"] = {
        post: {
          operationId: "upload",
          requestBody: { content: { "multipart/form-data": { schema: { type: "object" } } } },
          responses: { "200": { description: "OK" } },
        },
      };
      spec.paths["/api/workflow/{workflowId}/nudge"] = {
        post: { operationId: "nudge_1", responses: { "200": { description: "OK" } } },
      };
    });
    const { code, output } = generate("--check", "--spec-dir", dir);
    expect(output).toContain("stale corrections (spec/corrections.yaml): 3");
    expect(output).toContain('correction "task-log-body-is-text": no operation POST /api/tasks/{taskId}/log');
    expect(output).toContain('correction "environment-value-is-text": no operation GET /api/environment/{key}');
    expect(output).toContain('correction "drop-ui-context-script": no operation GET /context.js');
    expect(output).toMatch(
      /POST \/api\/workflow\/\{workflowId\}\/nudge: no entry in .*operation-names\.yaml \(derived: workflow\.nudge\)/,
    );
    expect(output).toContain("--write-names");
    expect(output).toContain("POST /api/workflow/{workflowId}/upload: request body content multipart/form-data");
    expect(output).not.toMatch(/^\s+at /m); // no stack trace for spec content
    expect(code).toBe(1);
  }, 240_000);

  it("--write-names records derived names for review, after which the run has no unnamed operation", () => {
    const dir = specCopy((spec) => {
      spec.paths["/api/workflow/{workflowId}/nudge"] = {
        post: { operationId: "nudge_1", responses: { "200": { description: "OK" } } },
      };
    });
    const before = readFileSync(join(dir, "operation-names.yaml"), "utf8");
    const first = generate("--check", "--write-names", "--spec-dir", dir);
    expect(first.output).toContain("recorded 1 derived name(s)");
    const after = readFileSync(join(dir, "operation-names.yaml"), "utf8");
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toMatch(
      /# Derived by `npm run generate -- --write-names`.*\n"POST \/api\/workflow\/\{workflowId\}\/nudge": \{ group: workflow, name: nudge \}\n$/,
    );
    const second = generate("--check", "--spec-dir", dir);
    expect(second.output).not.toContain("operations without a name");
  }, 300_000);

  it("compares against the spec --against names (the committed one by default, see the first test)", () => {
    const baselineDir = mkdtempSync(join(tmpdir(), "baseline-"));
    dirs.push(baselineDir);
    const baseline = JSON.parse(readFileSync(join(root, "generated/openapi.json"), "utf8")) as Spec;
    delete baseline.paths["/api/workflow/{workflowId}/pause"];
    writeFileSync(join(baselineDir, "openapi.json"), JSON.stringify(baseline));
    const against = generate("--check", "--against", join(baselineDir, "openapi.json"));
    expect(against.output).toMatch(/API changes against .*openapi\.json: 1 \(0 breaking\)/);
    expect(against.output).toMatch(/added\s+PUT \/api\/workflow\/\{workflowId\}\/pause: new operation/);
  }, 240_000);
});
