// The generator's pieces over small fixtures: request content-type choice, unsupported constructs as
// problems (never throws), derived names, the git baseline, and tsc output mapped to file:line.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadBaseline } from "../../../scripts/lib/baseline.js";
import { applyCorrections } from "../../../scripts/lib/corrections.js";
import { nameLines } from "../../../scripts/lib/names-file.js";
import type { OpenApiDocument } from "../../../scripts/lib/openapi.js";
import { buildOperations } from "../../../scripts/lib/operations.js";
import { formatProblems } from "../../../scripts/lib/problems.js";
import { parseTscOutput } from "../../../scripts/lib/src-check.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function doc(paths: OpenApiDocument["paths"]): OpenApiDocument {
  return { openapi: "3.0.1", info: {}, paths, components: { schemas: {} } };
}
const ok = { "200": { description: "OK" } };

describe("buildOperations", () => {
  it("sends text/plain when the server takes `*/*` beside it, JSON before either", () => {
    const { operations, problems } = buildOperations(
      doc({
        "/api/secrets/{key}": {
          put: {
            parameters: [{ in: "path", name: "key", required: true }],
            requestBody: {
              content: { "*/*": { schema: { type: "string" } }, "text/plain": { schema: { type: "string" } } },
            },
            responses: ok,
          },
        },
        "/api/x": {
          post: {
            requestBody: { content: { "text/plain": {}, "application/json": {} } },
            responses: ok,
          },
        },
      }),
      {
        "PUT /api/secrets/{key}": { group: "secrets", name: "putSecret" },
        "POST /api/x": { group: "x", name: "create" },
      },
    );
    expect(problems).toEqual([]);
    expect(operations.map((o) => [o.key, o.body?.contentType])).toEqual([
      ["PUT /api/secrets/{key}", "text/plain"],
      ["POST /api/x", "application/json"],
    ]);
  });

  it("reports unsupported constructs, unnamed operations and name clashes as problems, all at once", () => {
    const { operations, problems, derived } = buildOperations(
      doc({
        "/api/upload": { post: { requestBody: { content: { "multipart/form-data": {} } }, responses: ok } },
        "/api/stream": { get: { responses: { "200": { description: "OK", content: { "text/event-stream": {} } } } } },
        "/api/none": { get: { responses: { "404": { description: "no" } } } },
        "/api/agent/compile": { post: { operationId: "compileAgent_1", responses: ok } },
        "/api/a": { get: { responses: ok } },
        "/api/b": { get: { responses: ok } },
      }),
      {
        "POST /api/upload": { group: "u", name: "upload" },
        "GET /api/stream": { group: "s", name: "stream" },
        "GET /api/none": { group: "n", name: "none" },
        "GET /api/a": { group: "g", name: "same" },
        "GET /api/b": { group: "g", name: "same" },
      },
    );
    expect(problems.map((p) => [p.kind, p.where]).sort()).toEqual(
      [
        ["names-table", "GET /api/b"],
        ["unsupported-construct", "GET /api/none"],
        ["unsupported-construct", "GET /api/stream"],
        ["unsupported-construct", "POST /api/upload"],
        ["unnamed-operation", "POST /api/agent/compile"],
      ].sort(),
    );
    expect(problems.find((p) => p.where === "GET /api/stream")!.detail).toContain("text/event-stream");
    expect(derived).toEqual({ "POST /api/agent/compile": { group: "agent", name: "compileAgent" } });
    // The unnamed operation still generates (under its derived name) so the rest of the run can go on.
    expect(operations.map((o) => o.key)).toEqual(["POST /api/agent/compile", "GET /api/a"]);
  });

  it("with derived names allowed, unnamed operations generate and clashing derived names are made unique", () => {
    const { operations, problems } = buildOperations(
      doc({
        "/api/agent/{name}": {
          get: { operationId: "getAgent", responses: ok },
          delete: { operationId: "getAgent_1", responses: ok },
        },
      }),
      {},
      { allowDerivedNames: true },
    );
    expect(problems).toEqual([]);
    expect(operations.map((o) => `${o.key} ${o.group}.${o.name}`).sort()).toEqual([
      "DELETE /api/agent/{name} agent.deleteGetAgent",
      "GET /api/agent/{name} agent.getAgent",
    ]);
  });
});

describe("applyCorrections", () => {
  it("collects every stale part of every correction and still applies the parts that match", () => {
    const source = doc({ "/api/a": { get: { responses: ok } } });
    const { document, problems } = applyCorrections(source, {
      version: 1,
      corrections: [
        {
          id: "drop",
          kind: "remove-operations",
          reason: "r",
          operations: ["GET /api/a", "GET /api/gone", "PUT /api/gone"],
        },
        { id: "req", kind: "required", reason: "r", schemas: { Missing: ["x"] } },
      ],
    });
    expect(problems.map((p) => `${p.where}: ${p.detail}`)).toEqual([
      'correction "drop": no operation GET /api/gone',
      'correction "drop": no operation PUT /api/gone',
      'correction "req": no schema Missing',
    ]);
    expect(document.paths).toEqual({});
    expect(formatProblems(problems)).toContain("stale corrections (spec/corrections.yaml): 3");
  });
});

describe("loadBaseline", () => {
  it("reads generated/openapi.json as committed at the ref, not the file on disk", () => {
    const repo = mkdtempSync(join(tmpdir(), "baseline-repo-"));
    dirs.push(repo);
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" });
    git("init", "-q");
    mkdirSync(join(repo, "generated"));
    writeFileSync(join(repo, "generated/openapi.json"), JSON.stringify(doc({ "/committed": {} })));
    git("add", ".");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "spec");
    writeFileSync(join(repo, "generated/openapi.json"), JSON.stringify(doc({ "/half-written": {} })));
    const baseline = loadBaseline(repo, "HEAD");
    expect(Object.keys(baseline.document!.paths)).toEqual(["/committed"]);
    expect(baseline.label).toMatch(/^the spec committed at HEAD \([0-9a-f]+\)$/);
    const missing = loadBaseline(repo, "no-such-ref");
    expect(missing.document).toBeUndefined();
    expect(missing.label).toContain("no baseline (no-such-ref:");
  });
});

describe("names and tsc output", () => {
  it("formats derived names as lines of the names table, sorted by path", () => {
    expect(
      nameLines({
        "POST /api/b": { group: "b", name: "create" },
        "GET /api/a/{id}": { group: "a", name: "get" },
      }),
    ).toEqual(['"GET /api/a/{id}": { group: a, name: get }', '"POST /api/b": { group: b, name: create }']);
  });

  it("maps tsc errors to file:line problems, hand-written and generated apart", () => {
    const problems = parseTscOutput(
      [
        "src/clients/task-client.ts(41,7): error TS2339: Property 'x' does not exist on type 'Y'.",
        "generated/resources/agent.ts(3,1): error TS2307: Cannot find module 'z'.",
        "unrelated line",
      ].join("\n"),
      "/repo",
      2,
    );
    expect(problems.map((p) => [p.kind, p.where, p.detail])).toEqual([
      ["hand-written-code", "src/clients/task-client.ts:41:7", "TS2339 Property 'x' does not exist on type 'Y'."],
      ["unsupported-construct", "generated/resources/agent.ts:3:1", "TS2307 Cannot find module 'z'."],
    ]);
    expect(parseTscOutput("", "/repo", 0)).toEqual([]);
    expect(parseTscOutput("out of memory", "/repo", 134)[0]!.detail).toContain("tsc exited with 134");
  });
});
