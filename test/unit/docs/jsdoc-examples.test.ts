import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Modules (source files, relative to the repo root) whose public exports must all carry an `@example`.
// Extend this list as modules are documented; the test prints the counts of the others.
// prettier-ignore
const FULLY_COVERED: string[] = ["src/config/configuration.ts", "src/worker/worker.ts", "src/worker/task-handler.ts", "src/msw/fake-conductor.ts", "src/testing/local-conductor.ts", "src/errors/conductor-error.ts", "src/msw/error-response.ts", "src/msw/fake-state.ts", "src/testing/errors.ts", "src/testing/fake-llm-client.ts", "src/testing/fake-llm-embeddings.ts", "src/testing/fake-llm-media.ts", "src/testing/fake-llm-provider.ts", "src/testing/local-conductor-cluster.ts", "src/transport/transport.ts", "src/worker/context.ts", "src/worker/decorator.ts", "src/worker/errors.ts", "src/worker/metrics.ts", "src/worker/middleware.ts", "src/worker/otel.ts", "src/worker/result.ts", "src/worker/schema.ts", "src/workflow/expressions.ts", "src/workflow/from-json.ts", "src/workflow/task.ts", "src/workflow/tasks/a2a-tasks.ts", "src/workflow/tasks/agent-loop.ts", "src/workflow/tasks/ai-task.ts", "src/workflow/tasks/do-while-task.ts", "src/workflow/tasks/dynamic-fork-task.ts", "src/workflow/tasks/dynamic-task.ts", "src/workflow/tasks/event-task.ts", "src/workflow/tasks/exclusive-join-task.ts", "src/workflow/tasks/fork-task.ts", "src/workflow/tasks/generate-pdf-task.ts", "src/workflow/tasks/generic-task.ts", "src/workflow/tasks/http-task.ts", "src/workflow/tasks/human-task.ts", "src/workflow/tasks/inline-task.ts", "src/workflow/tasks/join-task.ts", "src/workflow/tasks/json-jq-task.ts", "src/workflow/tasks/kafka-publish-task.ts", "src/workflow/tasks/llm-chat-complete-task.ts", "src/workflow/tasks/llm-generate-embeddings-task.ts", "src/workflow/tasks/llm-text-complete-task.ts", "src/workflow/tasks/mcp-tasks.ts", "src/workflow/tasks/media-tasks.ts", "src/workflow/tasks/noop-task.ts", "src/workflow/tasks/pull-workflow-messages-task.ts", "src/workflow/tasks/set-variable-task.ts", "src/workflow/tasks/simple-task.ts", "src/workflow/tasks/start-workflow-task.ts", "src/workflow/tasks/sub-workflow-task.ts", "src/workflow/tasks/switch-task.ts", "src/workflow/tasks/terminate-task.ts", "src/workflow/tasks/vector-db-tasks.ts", "src/workflow/tasks/wait-task.ts", "src/workflow/validation.ts"];

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const entryPoints = ["src/index.ts", "src/worker/index.ts", "src/testing/index.ts", "src/msw/index.ts"];

function hasExample(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === "example");
}

function isPublicMember(member: ts.ClassElement): boolean {
  if (!ts.isMethodDeclaration(member) || member.name === undefined || ts.isPrivateIdentifier(member.name)) {
    return false;
  }
  const flags = ts.getCombinedModifierFlags(member);
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0;
}

/** Every exported class, function and public method reachable from an entry point, with whether it has an example. */
function collect(): Map<string, Map<string, boolean>> {
  const program = ts.createProgram(
    entryPoints.map((entry) => resolve(root, entry)),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
      skipLibCheck: true,
    },
  );
  const checker = program.getTypeChecker();
  const byModule = new Map<string, Map<string, boolean>>();
  const record = (node: ts.Node, name: string, documented: boolean): void => {
    const module = relative(root, node.getSourceFile().fileName);
    const items = byModule.get(module) ?? new Map<string, boolean>();
    items.set(name, (items.get(name) ?? false) || documented);
    byModule.set(module, items);
  };
  for (const entry of entryPoints) {
    const source = program.getSourceFile(resolve(root, entry));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) throw new Error(`cannot read the exports of ${entry}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const declaration of symbol.declarations ?? []) {
        if (ts.isFunctionDeclaration(declaration)) {
          record(declaration, symbol.name, hasExample(declaration));
        } else if (ts.isClassDeclaration(declaration)) {
          record(declaration, symbol.name, hasExample(declaration));
          for (const member of declaration.members.filter(isPublicMember)) {
            const memberName = `${symbol.name}.${member.name!.getText()}`;
            record(member, memberName, hasExample(member));
          }
        }
      }
    }
  }
  return byModule;
}

describe("JSDoc @example coverage of the public entry points", () => {
  const byModule = collect();

  it("finds the exports of every entry point and reports the modules outside the asserted list", () => {
    expect(byModule.size).toBeGreaterThan(10);
    const lines = [...byModule]
      .filter(([module]) => !FULLY_COVERED.includes(module))
      .map(([module, items]) => `${[...items.values()].filter(Boolean).length}/${items.size}  ${module}`)
      .sort();
    console.log(`JSDoc @example coverage outside the asserted list:\n${lines.join("\n")}`);
  });

  it.each(FULLY_COVERED)("%s documents every export with an @example", (module) => {
    const items = byModule.get(module);
    expect(items, `${module} exports no class or function through an entry point`).toBeDefined();
    const missing = [...items!].filter(([, documented]) => !documented).map(([name]) => name);
    expect(missing).toEqual([]);
  });
});
