// Every error the SDK throws belongs to the one ConductorError family, from every entry point: the four
// package entry points, the workflow builder and the generator CLIs. Three walks: the exported error classes,
// the source (no `new Error(...)` thrown, rejected or used as an abort reason; no class extending Error
// directly), and one real error case per entry point.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as main from "../../../src/index.js";
import * as msw from "../../../src/msw/index.js";
import * as testing from "../../../src/testing/index.js";
import * as worker from "../../../src/worker/index.js";
import { GeneratorError, UsageError } from "../../../scripts/lib/problems.js";
import { parseHeader, PullError } from "../../../scripts/lib/pull.js";

const root = join(import.meta.dirname, "../../..");
const entryPoints = { ".": main, "./worker": worker, "./testing": testing, "./msw": msw } as const;

function extendsError(value: unknown): value is abstract new (...args: never[]) => Error {
  return typeof value === "function" && (value === Error || value.prototype instanceof Error);
}

// The prototype chain, not `instanceof`: ConductorError's instanceof reads a brand that instances carry.
function inFamily(cls: unknown): boolean {
  return typeof cls === "function" && Object.prototype.isPrototypeOf.call(main.ConductorError.prototype, cls.prototype);
}

describe("exported error classes", () => {
  for (const [entry, module] of Object.entries(entryPoints)) {
    it(`${entry}: every exported Error subclass extends ConductorError`, () => {
      const errorClasses = Object.entries(module).filter(([, value]) => extendsError(value));
      expect(errorClasses.length).toBeGreaterThan(0);
      const outside = errorClasses
        .filter(([, value]) => !inFamily(value))
        .filter(([name]) => name !== "ConductorError")
        .map(([name]) => name);
      expect(outside).toEqual([]);
    });
  }

  it("the generator CLIs' errors extend ConductorError", () => {
    for (const cls of [GeneratorError, UsageError, PullError]) expect(inFamily(cls)).toBe(true);
  });
});

/** Source files of the SDK and its generator CLIs (`npm run generate`, `spec:pull`, `conductor-ts generate`). */
function sdkSources(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
    );
  return [
    ...walk("src"),
    ...walk("packages/codegen/src"),
    ...walk("scripts/lib"),
    "scripts/generate.ts",
    "scripts/spec-pull.ts",
  ];
}

const BUILTIN_ERRORS = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError"]);

/** `throw new Error(...)`, `reject(new Error(...))`, `.abort(new Error(...))` and `class X extends Error`. */
function rawErrors(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const exempt = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    const lines = text.split("\n");
    // The marker on the line, the line above, or in the declaration's JSDoc.
    const docs = ts.getJSDocCommentsAndTags(node).map((d) => d.getText(source));
    return [lines[line], lines[line - 1], ...docs].some((l) => l?.includes("sdk-errors-exempt"));
  };
  const where = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && BUILTIN_ERRORS.has(node.expression.text)) {
      const parent = node.parent;
      const thrown =
        ts.isThrowStatement(parent) ||
        (ts.isCallExpression(parent) &&
          (/^(reject|abort|cancel|onCrash)$/.test(parent.expression.getText(source).split(".").pop() ?? "") ||
            parent.expression.getText(source) === "Promise.reject"));
      if (thrown && !exempt(node)) found.push(`${where(node)} new ${node.expression.text}(...)`);
    }
    if (ts.isClassDeclaration(node)) {
      const base = node.heritageClauses?.flatMap((h) => h.types.map((t) => t.expression.getText(source)));
      if (base?.some((b) => BUILTIN_ERRORS.has(b)) && node.name?.text !== "ConductorError" && !exempt(node)) {
        found.push(`${where(node)} class ${node.name?.text} extends ${base.join()}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the source", () => {
  it("throws, rejects and aborts only with ConductorError subclasses", () => {
    const files = sdkSources();
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap(rawErrors).map((f) => relative(root, join(root, f)));
    expect(found).toEqual([]);
  });

  it("the scan sees a raw error (it can fail)", () => {
    const probe = ts.createSourceFile("probe.ts", "throw new RangeError('x');", ts.ScriptTarget.Latest, true);
    let seen = false;
    const visit = (n: ts.Node) => {
      if (ts.isNewExpression(n) && ts.isThrowStatement(n.parent)) seen = true;
      ts.forEachChild(n, visit);
    };
    visit(probe);
    expect(seen).toBe(true);
  });
});

/** Runs `fn` and returns what it threw (or the rejection of what it returned). */
async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("one real error case per entry point", () => {
  it(".: a bad Configuration, a missing path parameter, a missing body, an invalid workflow", async () => {
    const configuration = await thrown(() => new main.Configuration({ serverUrl: "not a url" }));
    expect(configuration).toBeInstanceOf(main.ConfigurationError);
    const conductor = new main.ConductorClients(new main.Configuration({ serverUrl: "http://127.0.0.1:9/api" }));
    const path = await thrown(() => conductor.workflow.getWorkflow(""));
    expect(path).toBeInstanceOf(main.InvalidArgumentError);
    expect((path as main.InvalidArgumentError).argument).toBe("workflowId");
    const body = await thrown(() => conductor.workflow.startWorkflow(undefined as never));
    expect(body).toBeInstanceOf(main.InvalidArgumentError);
    // Two tasks with one reference name: the builder refuses before anything is sent.
    const wf = new main.ConductorWorkflow(conductor.executor, "broken", 1).add(
      new main.SimpleTask("a", "same_ref"),
      new main.SimpleTask("b", "same_ref"),
    );
    const invalid = await thrown(() => wf.start({}));
    expect(invalid).toBeInstanceOf(main.WorkflowValidationError);
    expect((invalid as main.WorkflowValidationError).problems.length).toBeGreaterThan(0);
    for (const e of [configuration, path, body, invalid]) expect(e).toBeInstanceOf(main.ConductorError);
  });

  it("./worker: a bad worker option, a negative callback delay", async () => {
    const configuration = new main.Configuration({ serverUrl: "http://127.0.0.1:9/api" });
    const workers = [worker.workerTask("t", () => ({}), { concurrency: 0 })];
    const option = await thrown(() => new worker.TaskHandler({ workers, configuration }));
    expect(option).toBeInstanceOf(worker.WorkerConfigError);
    expect((option as worker.WorkerConfigError).option).toBe("concurrency");
    const callback = await thrown(() => worker.inProgress({ callbackAfterSeconds: -1 }));
    expect(callback).toBeInstanceOf(worker.ConductorError);
    expect((callback as main.InvalidArgumentError).argument).toBe("callbackAfterSeconds");
    expect(option).toBeInstanceOf(main.ConductorError);
  });

  it("./testing: a bad fake-LLM option", async () => {
    const e = await thrown(() => testing.fakeEmbedding("text", 0));
    expect(e).toBeInstanceOf(testing.ConductorError);
    expect((e as main.InvalidArgumentError).argument).toBe("dimensions");
  });

  it("./msw: the fake's refusals are ConductorErrors carrying the server's status", () => {
    const e = new msw.FakeConductorError("No such workflow found by id: x", { status: 404 });
    expect(e).toBeInstanceOf(main.ConductorError);
    expect(e.status).toBe(404);
  });

  it("generator CLI: a malformed --header", async () => {
    const e = await thrown(() => parseHeader("no colon here"));
    expect(e).toBeInstanceOf(PullError);
    expect(e).toBeInstanceOf(main.ConductorError);
    expect((e as PullError).code).toBe("GENERATOR");
  });
});
