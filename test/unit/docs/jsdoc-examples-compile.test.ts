// Every JSDoc `@example` of the public entry points type-checks against the real API: each example is
// compiled as the body of its own async function, after one preamble that imports every export of the
// four entry points and declares the variables most examples assume (`wf`, `conductor`, ...). A name an
// example leaves to its reader (`greet`, `task`) is tolerated; every other error fails, so a renamed
// method, a wrong argument or an enum value the API does not take is caught.
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";
import { entryPoints, publicApiCompilerOptions, repoRoot } from "../../support/public-api-compile.js";

const root = repoRoot;
const compilerOptions = publicApiCompilerOptions;

// What the examples take as given, declared once for all of them.
const ASSUMED = `
declare const configuration: Configuration;
declare const conductor: ConductorClients;
declare const executor: WorkflowExecutor;
declare const workflowClient: WorkflowClient;
declare const workflows: WorkflowClient;
declare const tasks: TaskClient;
declare const metadata: MetadataClient;
declare const metadataClient: MetadataClient;
declare const events: EventClient;
declare const schedules: SchedulerClient;
declare const wf: ConductorWorkflow;
declare const cluster: LocalConductorCluster;
declare const llm: FakeLlmProvider;
declare const fake: FakeConductor;
declare const body: any;
declare const workflowId: string;
declare const taskId: string;
`;

// A name the example does not declare (TS 2304, 2552) or a shorthand property without a value (18004).
const FREE_NAME = new Set([2304, 2552, 18004]);

/** The text of each `@example` in a JSDoc block, read from the raw comment: TypeScript ends a tag at any
 * line starting with `@`, which cuts examples that show a decorator. */
function rawExamples(node: ts.Node): string[] {
  const source = node.getSourceFile();
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  const out: string[] = [];
  for (const range of ranges) {
    const comment = source.text.slice(range.pos, range.end);
    if (!comment.startsWith("/**")) continue;
    const lines = comment
      .replace(/^\/\*\*|\*\/$/g, "")
      .split("\n")
      .map((l) => l.replace(/^\s*\* ?/, ""));
    let current: string[] | undefined;
    for (const line of lines) {
      const tag = /^@(\w+)/.exec(line.trim());
      if (tag && KNOWN_TAGS.has(tag[1]!)) {
        if (current) out.push(current.join("\n"));
        current = tag[1] === "example" ? [line.trim().slice("@example".length)] : undefined;
      } else if (current) current.push(line);
    }
    if (current) out.push(current.join("\n"));
  }
  return out;
}
const KNOWN_TAGS = new Set([
  "example",
  "param",
  "returns",
  "throws",
  "deprecated",
  "see",
  "remarks",
  "typeParam",
  "internal",
  "default",
  "defaultValue",
]);

interface Example {
  where: string;
  code: string;
}

/** The code of each `@example` on exported classes, functions and public methods of the entry points. */
function collectExamples(program: ts.Program): Example[] {
  const checker = program.getTypeChecker();
  const examples: Example[] = [];
  const seen = new Set<ts.Node>();
  const take = (node: ts.Node, name: string) => {
    if (seen.has(node)) return;
    seen.add(node);
    for (const text of rawExamples(node)) {
      const code = text.replace(/^\s*```\w*\s*$/gm, "").trim();
      examples.push({ where: `${relative(root, node.getSourceFile().fileName)}: ${name}`, code });
    }
  };
  for (const entry of Object.values(entryPoints)) {
    const source = program.getSourceFile(resolve(root, entry))!;
    for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const declaration of symbol.declarations ?? []) {
        if (ts.isFunctionDeclaration(declaration)) take(declaration, symbol.name);
        if (!ts.isClassDeclaration(declaration)) continue;
        take(declaration, symbol.name);
        for (const member of declaration.members) {
          if (!ts.isMethodDeclaration(member) || !member.name || ts.isPrivateIdentifier(member.name)) continue;
          if (ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
          take(member, `${symbol.name}.${member.name.getText()}`);
        }
      }
    }
  }
  return examples;
}

/** `import { every, export } from "<entry>";` for the four entry points, each name once. */
function preambleImports(program: ts.Program): string {
  const checker = program.getTypeChecker();
  const taken = new Set<string>();
  const lines: string[] = [];
  for (const [name, file] of Object.entries(entryPoints)) {
    const source = program.getSourceFile(resolve(root, file))!;
    const names = checker
      .getExportsOfModule(checker.getSymbolAtLocation(source)!)
      .map((s) => s.name)
      .filter((n) => !taken.has(n));
    names.forEach((n) => taken.add(n));
    if (names.length) lines.push(`import { ${names.join(", ")} } from ${JSON.stringify(name)};`);
  }
  return lines.join("\n");
}

/** Type-check problems of `examples`, each compiled after `header` as the body of an async function. */
function typeCheck(examples: Example[], header: string): string[] {
  const files = new Map<string, { text: string; example: Example; bodyStart: number }>();
  examples.forEach((example, i) => {
    // Imports in an example name what the preamble already imports, or a module of its own: keep the latter.
    const own = example.code
      .split("\n")
      .filter((l) => /^\s*import\s/.test(l) && !/from\s+["']@conductor-ts\/sdk/.test(l));
    const code = example.code
      .split("\n")
      .filter((l) => !/^\s*import\s/.test(l))
      .join("\n");
    const head = `${header}${own.join("\n")}\nexport async function example(): Promise<void> {\n{\n`;
    files.set(join(root, `__jsdoc_example_${i}.ts`), {
      text: `${head}${code}\n}\n}\n`,
      example,
      bodyStart: head.split("\n").length - 1,
    });
  });
  const host = ts.createCompilerHost(compilerOptions);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => files.get(f)?.text ?? readFile(f);
  host.fileExists = (f) => files.has(f) || fileExists(f);
  host.getSourceFile = (f, language, ...rest) => {
    const file = files.get(f);
    return file === undefined ? getSourceFile(f, language, ...rest) : ts.createSourceFile(f, file.text, language);
  };
  const program = ts.createProgram([...files.keys()], compilerOptions, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.has(d.file.fileName) && !FREE_NAME.has(d.code))
    .map((d) => {
      const file = files.get(d.file!.fileName)!;
      const line = d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line - file.bodyStart + 1;
      return `${file.example.where} (example line ${line}): ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
}

let header: string | undefined;
/** The preamble: every export of the entry points, vitest's globals and the assumed variables. */
function preamble(sdk: ts.Program): string {
  header ??= `${preambleImports(sdk)}\nimport { afterAll, beforeAll, describe, expect, it, test } from "vitest";\n${ASSUMED}\n`;
  return header;
}
const sdkProgram = () =>
  ts.createProgram(
    Object.values(entryPoints).map((f) => resolve(root, f)),
    compilerOptions,
  );

// One compile of ~400 small files over the SDK's sources: seconds, not milliseconds.
it("every JSDoc @example of the public entry points type-checks", { timeout: 180_000 }, () => {
  const sdk = sdkProgram();
  const examples = collectExamples(sdk);
  expect(examples.length).toBeGreaterThan(300);
  expect(typeCheck(examples, preamble(sdk)), "examples that do not type-check").toEqual([]);
});

it("reports a wrong example and tolerates a name left to the reader (self-check)", { timeout: 180_000 }, () => {
  const problems = typeCheck(
    [
      { where: "probe: wrong", code: "await conductor.workflow.getWorkflow(42);" },
      { where: "probe: free name", code: "greet(conductor.workflow);" },
      {
        where: "probe: right",
        code: 'const run = await conductor.workflow.getWorkflow("id", { includeTasks: true });\nrun.status;',
      },
    ],
    preamble(sdkProgram()),
  );
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(/^probe: wrong \(example line 1\): Argument of type 'number'/);
});
