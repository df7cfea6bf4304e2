// Every exported class, function and public method reachable from a public entry point carries an
// `@example` in its JSDoc; a failure lists each missing one as `module: name`.
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const entryPoints = ["src/index.ts", "src/worker/index.ts", "src/testing/index.ts", "src/msw/index.ts"];

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  noEmit: true,
  skipLibCheck: true,
};

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

/**
 * Every exported class, function and public method reachable from `entries` (absolute paths), by
 * module (relative to the repo root), with whether it has an example. Overloads count as documented
 * when any of their declarations is.
 */
function collect(entries: string[], host?: ts.CompilerHost): Map<string, Map<string, boolean>> {
  const program = ts.createProgram(entries, compilerOptions, host);
  const checker = program.getTypeChecker();
  const byModule = new Map<string, Map<string, boolean>>();
  const record = (node: ts.Node, name: string, documented: boolean): void => {
    const module = relative(root, node.getSourceFile().fileName);
    const items = byModule.get(module) ?? new Map<string, boolean>();
    items.set(name, (items.get(name) ?? false) || documented);
    byModule.set(module, items);
  };
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
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
            record(member, `${symbol.name}.${member.name!.getText()}`, hasExample(member));
          }
        }
      }
    }
  }
  return byModule;
}

/** `module: name` for every item without an example, sorted. */
function missingExamples(byModule: Map<string, Map<string, boolean>>): string[] {
  return [...byModule]
    .flatMap(([module, items]) =>
      [...items].filter(([, documented]) => !documented).map(([name]) => `${module}: ${name}`),
    )
    .sort();
}

describe("JSDoc @example coverage of the public entry points", () => {
  it("detects a declaration without an @example (self-check on an in-memory module)", () => {
    const dir = join(root, "__jsdoc_examples_selfcheck");
    const files = new Map([
      [join(dir, "entry.ts"), 'export { Documented, undocumented, documented } from "./module.js";\n'],
      [
        join(dir, "module.ts"),
        [
          "/**",
          " * @example",
          " * new Documented().shown();",
          " */",
          "export class Documented {",
          "  /**",
          "   * @example",
          "   * new Documented().shown();",
          "   */",
          "  shown(): void {}",
          "  /** Prose only. */",
          "  bare(): void {}",
          "  private hidden(): void {}",
          "  protected inherited(): void {}",
          "  #secret(): void {}",
          "}",
          "/** Prose only. */",
          "export function undocumented(): void {}",
          "/**",
          " * @example",
          " * documented();",
          " */",
          "export function documented(): void {}",
          "/** Not exported through the entry point. */",
          "export function unreachable(): void {}",
        ].join("\n"),
      ],
    ]);
    const host = ts.createCompilerHost(compilerOptions);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (f) => files.get(f) ?? readFile(f);
    host.fileExists = (f) => files.has(f) || fileExists(f);
    host.directoryExists = (d) => d === dir || ts.sys.directoryExists(d);
    host.getSourceFile = (f, language, ...rest) => {
      const text = files.get(f);
      return text === undefined ? getSourceFile(f, language, ...rest) : ts.createSourceFile(f, text, language);
    };
    const byModule = collect([join(dir, "entry.ts")], host);
    const module = relative(root, join(dir, "module.ts"));
    expect([...byModule.keys()]).toEqual([module]);
    expect([...byModule.get(module)!.keys()].sort()).toEqual([
      "Documented",
      "Documented.bare",
      "Documented.shown",
      "documented",
      "undocumented",
    ]);
    expect(missingExamples(byModule)).toEqual([`${module}: Documented.bare`, `${module}: undocumented`]);
  });

  it("every exported class, function and public method has an @example", () => {
    const byModule = collect(entryPoints.map((entry) => resolve(root, entry)));
    // The walk reached the entry points' modules (a broken walk would find nothing and pass).
    expect(byModule.size).toBeGreaterThan(50);
    expect([...byModule.keys()]).toEqual(
      expect.arrayContaining([
        "src/workflow/conductor-workflow.ts",
        "src/worker/task-handler.ts",
        "src/msw/fake-conductor.ts",
      ]),
    );
    expect(missingExamples(byModule), "exports without an @example (module: name)").toEqual([]);
  });
});
