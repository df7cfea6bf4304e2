// `npm run generate`: spec/openapi.json + spec/corrections.yaml -> generated/ (normalized spec, types,
// resource clients, msw handlers, operation table), prettier-formatted and byte-stable. One pass reports
// every problem (stale corrections, unnamed operations, unsupported constructs, hand-written code in src/
// that no longer compiles against the new generated/) and exits 1 if there is any.
//   --check          write nothing; exit 1 if generated/ differs from what the spec produces (CI)
//   --no-contract    do not run the contract tests at the end
//   --no-typecheck   do not type-check src/ against the written generated/
//   --spec-dir DIR   read openapi.json, source.json, corrections.yaml, operation-names.yaml from DIR (default spec/)
//   --against REF    the baseline of the change report: generated/openapi.json at git REF (default HEAD),
//                    or a file holding a normalized spec
//   --write-names    record derived names of unnamed operations in operation-names.yaml (review the diff)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import openapiTS, { astToString } from "openapi-typescript";
import * as prettier from "prettier";
import { applyCorrections, type CorrectionsFile } from "./lib/corrections.js";
import { readJson, readYaml, stableStringify } from "./lib/json.js";
import type { OpenApiDocument, OperationKey, SchemaObject } from "./lib/openapi.js";
import { buildOperations, type NameEntry, type OperationModel, type ParameterModel } from "./lib/operations.js";
import { formatProblems, GeneratorError, UsageError, type GeneratorProblem } from "./lib/problems.js";
import { diffSpecs } from "./lib/spec-diff.js";
import { loadBaseline } from "./lib/baseline.js";
import { appendNames } from "./lib/names-file.js";
import { srcTypeErrors } from "./lib/src-check.js";
import { modelTyper } from "./lib/models.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "generated");
const started = performance.now();

export const GROUP_TITLES: Record<string, string> = {
  a2a: "Agent-to-agent (A2A)",
  admin: "Admin",
  agent: "Agents",
  bulk: "Workflow bulk",
  environment: "Environment variables",
  event: "Event handler",
  health: "Health",
  metadata: "Metadata (workflow and task definitions)",
  providers: "AI providers",
  queueAdmin: "Queue admin",
  scheduler: "Scheduler",
  secrets: "Secrets",
  task: "Task",
  workflow: "Workflow",
};

interface Args {
  check: boolean;
  contract: boolean;
  typecheck: boolean;
  writeNames: boolean;
  specDir: string;
  against: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    check: false,
    contract: true,
    typecheck: true,
    writeNames: false,
    specDir: join(root, "spec"),
    against: "HEAD",
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--") continue;
    else if (flag === "--check") args.check = true;
    else if (flag === "--no-contract") args.contract = false;
    else if (flag === "--no-typecheck") args.typecheck = false;
    else if (flag === "--write-names") args.writeNames = true;
    else if (flag === "--spec-dir") args.specDir = resolve(value());
    else if (flag === "--against") args.against = value();
    else
      throw new UsageError(
        `unknown argument ${flag}; expected --check, --no-contract, --no-typecheck, --write-names, --spec-dir DIR, --against REF`,
      );
  }
  return args;
}

/** Prints how long each phase took, so a slow step is visible. */
function phase(name: string, since: number): number {
  const now = performance.now();
  console.log(`  [${((now - since) / 1000).toFixed(1)} s] ${name}`);
  return now;
}

export interface SpecInput {
  source: OpenApiDocument;
  version: string;
  names: Record<OperationKey, NameEntry>;
  corrections: CorrectionsFile;
  /** spec/min-versions.yaml: the oldest server version with each operation newer than the oldest supported. */
  minVersions: Record<OperationKey, string>;
}

/** Reads the four files of a spec directory; a missing or unparsable file is a problem, not a stack trace. */
function readSpecDir(dir: string): { input?: SpecInput; problems: GeneratorProblem[] } {
  const problems: GeneratorProblem[] = [];
  const read = <T>(file: string, parse: (f: string) => T): T | undefined => {
    try {
      return parse(join(dir, file));
    } catch (error) {
      problems.push({
        kind: "input",
        where: relative(root, join(dir, file)) || file,
        detail: (error as Error).message.split("\n")[0]!,
        fix: file === "openapi.json" ? "pull a spec with `npm run spec:pull`" : "restore it from git",
      });
      return undefined;
    }
  };
  const source = read("openapi.json", (f) => readJson<OpenApiDocument>(f));
  const origin = read("source.json", (f) => readJson<{ serverVersion: string }>(f));
  const names = read("operation-names.yaml", (f) => readYaml<Record<string, NameEntry>>(f) ?? {});
  const corrections = read("corrections.yaml", (f) => readYaml<CorrectionsFile>(f));
  const minVersions = existsSync(join(dir, "min-versions.yaml"))
    ? read("min-versions.yaml", (f) => readYaml<Record<string, string>>(f) ?? {})
    : {};
  if (source && (typeof source.paths !== "object" || source.paths === null)) {
    problems.push({ kind: "input", where: "openapi.json", detail: "has no paths", fix: "pull it again" });
  }
  if (source) source.components ??= { schemas: {} };
  if (source?.components) source.components.schemas ??= {};
  if (problems.length || !source || !origin || !names || !corrections || !minVersions) return { problems };
  return { input: { source, version: origin.serverVersion, names, corrections, minVersions }, problems };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const namesFile = join(args.specDir, "operation-names.yaml");
  const namesLabel = relative(root, namesFile);
  console.log(`generate: ${relative(root, args.specDir) || args.specDir} -> generated/`);
  let t = performance.now();
  const { input, problems } = readSpecDir(args.specDir);
  if (!input) {
    console.error(`\n${formatProblems(problems)}`);
    return 1;
  }
  const {
    document,
    report,
    problems: correctionProblems,
  } = applyCorrections(input.source, input.corrections, relative(root, join(args.specDir, "corrections.yaml")));
  problems.push(...correctionProblems);
  const built = buildOperations(document, input.names, { allowDerivedNames: args.writeNames, namesFile: namesLabel });
  problems.push(...built.problems);
  t = phase(`spec read, ${report.length} corrections applied, ${built.operations.length} operations`, t);

  const baseline = loadBaseline(root, args.against);
  const changes = baseline.document ? diffSpecs(baseline.document, document) : [];

  const files = await renderGenerated(document, built.operations, input.version, input.minVersions);
  t = phase(`rendered and formatted ${files.size} files`, t);
  const drift = compareWithDisk(files);
  printSummary(
    built.operations,
    groupOperations(built.operations),
    report.length,
    built.warnings,
    changes,
    baseline.label,
    drift,
    input.version,
  );

  if (args.writeNames && Object.keys(built.derived).length > 0) {
    appendNames(namesFile, built.derived);
    console.log(
      `\nrecorded ${Object.keys(built.derived).length} derived name(s) in ${namesLabel}; review them with \`git diff ${namesLabel}\``,
    );
  }

  if (args.check) {
    if (problems.length) console.error(`\n${formatProblems(problems)}`);
    if (drift.length > 0) {
      console.error(
        `\ngenerated/ is out of date with spec/ (${drift.length} file(s)). Run \`npm run generate\` and commit.`,
      );
    }
    if (problems.length || drift.length) return 1;
    console.log(`\ngenerated/ matches spec/ (${elapsed()}).`);
    return 0;
  }
  writeFiles(files);
  t = phase(`wrote generated/${drift.length ? ` (${drift.length} file(s) changed)` : " (no changes)"}`, t);
  if (args.typecheck) {
    const broken = srcTypeErrors(root);
    problems.push(...broken);
    phase(`type-checked src/ against generated/ (${broken.length} broken call site(s))`, t);
  }
  if (problems.length) {
    console.error(`\n${formatProblems(problems)}`);
    console.error(
      `\n${problems.length} problem(s); generated/ was written so you can see their effect, but is not ready to commit (${elapsed()}).`,
    );
    return 1;
  }
  console.log(`\ngenerated/ written in ${elapsed()}`);
  if (args.contract) return runContractTests();
  return 0;
}

export interface RenderOptions {
  /** Where the .hbs files are (default templates/). */
  templatesDir?: string;
  /** The module generated resources import CallOptions and OperationTransport from. */
  transportModule?: string;
  /** Where the output goes; prettier's config is resolved from there. */
  outDir?: string;
  /** What made the files, for their header: "`npm run generate` from Conductor 3.32.3 (spec/...)". */
  madeBy?: string;
  /** The SDK's own extras: msw handlers, the operation table, the min-versions table. */
  sdkExtras?: boolean;
}

/** Every file of generated/, rendered from the normalized document and the operation models. */
export async function renderGenerated(
  document: OpenApiDocument,
  operations: OperationModel[],
  version: string,
  minVersions: Record<OperationKey, string> = {},
  options: RenderOptions = {},
): Promise<Map<string, string>> {
  const templatesDir = options.templatesDir ?? join(root, "templates");
  const outDir = options.outDir ?? out;
  const sdkExtras = options.sdkExtras ?? true;
  const madeBy =
    options.madeBy ?? `\`npm run generate\` from Conductor ${version} (spec/openapi.json + spec/corrections.yaml)`;
  const header = `// @generated by ${madeBy}.\n// Do not edit by hand: change ${sdkExtras ? "spec/ or templates/" : "the spec"} and regenerate.`;
  const files = new Map<string, string>();
  // JSON has no comments: the marker is an extension field.
  files.set("openapi.json", stableStringify({ ...document, "x-generated": `by ${madeBy}; do not edit by hand` }));
  files.set("types.ts", `${header}\n${astToString(await openapiTS(document as never, { alphabetize: true }))}`);
  const models = modelTyper(document);
  files.set("models.ts", models.render(header));

  const transportModule = options.transportModule ?? "../../src/transport/operation.js";
  const render = (template: string, data: object) =>
    Handlebars.compile(readFileSync(join(templatesDir, template), "utf8"), { noEscape: false, strict: true })({
      transportModule,
      ...data,
    });
  // Each operation newer than the oldest supported server carries its minimum version in its own request,
  // so a browser bundle pays only for the operations it calls (a table here cost ~1 KB gzipped in every app).
  const groups = groupOperations(
    operations.map((op) => ({ ...op, minServerVersion: minVersions[op.key] ?? null })),
    models.type,
  );
  for (const g of groups) {
    files.set(`resources/${g.fileName}.ts`, render("resource.hbs", { ...g, header }));
    if (sdkExtras) files.set(`msw/${g.fileName}.ts`, render("msw-handlers.hbs", { ...g, header }));
  }
  files.set("resources/index.ts", render("resources-index.hbs", { groups, header }));
  if (!sdkExtras) return format(files, outDir);
  files.set("msw/index.ts", render("msw-index.hbs", { groups, header }));
  files.set(
    "operations.ts",
    render("operations.hbs", {
      header,
      specVersion: version,
      operationsJson: JSON.stringify(operations.map(operationInfo)),
    }),
  );

  const known = new Set(operations.map((op) => op.key));
  const table = Object.fromEntries(
    Object.entries(minVersions)
      .filter(([key]) => known.has(key))
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  // Plain data, no template: the whole table, for tests and for code that builds requests by hand.
  files.set(
    "min-versions.ts",
    `${header}\n/** The oldest Conductor version with each operation newer than the oldest supported server (spec/min-versions.yaml). */\n` +
      `export const minServerVersions: Readonly<Record<string, string>> = ${JSON.stringify(table)};\n`,
  );

  return format(files, outDir);
}

async function format(files: Map<string, string>, outDir: string): Promise<Map<string, string>> {
  const prettierConfig = (await prettier.resolveConfig(join(outDir, "x.ts"))) ?? {};
  for (const [file, text] of files) {
    if (file.endsWith(".ts"))
      files.set(file, await prettier.format(text, { ...prettierConfig, filepath: join(outDir, file) }));
  }
  return files;
}

export interface GroupModel {
  group: string;
  className: string;
  fileName: string;
  title: string;
  operations: (OperationModel & Record<string, unknown>)[];
  /** Named models the group's signatures use, comma-separated. */
  models: string;
  usesPaths: boolean;
}

export function groupOperations(
  operations: OperationModel[],
  typeOf?: (schema: SchemaObject | undefined) => string,
): GroupModel[] {
  const byGroup = new Map<string, OperationModel[]>();
  for (const op of operations) byGroup.set(op.group, [...(byGroup.get(op.group) ?? []), op]);
  return [...byGroup.keys()].sort().map((group) => ({
    group,
    className: `${group.charAt(0).toUpperCase()}${group.slice(1)}Resource`,
    fileName: group.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
    title: GROUP_TITLES[group] ?? group,
    ...imports(byGroup.get(group)!.map((op) => templateData(op, typeOf))),
  }));
}

/** The named models and whether `paths` is used by a group's signatures (what its files import). */
function imports(operations: (OperationModel & Record<string, unknown>)[]) {
  const text = operations
    .map((op) => `${String(op.argsType)} ${String(op.resultType)}`)
    .join(" ")
    .replace(/\/\*\*.*?\*\//g, "");
  const models = [...new Set(text.replace(/"[^"]*"/g, "").match(/\b[A-Z]\w*/g) ?? [])]
    .filter((n) => n !== "Record" && n !== "NonNullable" && n !== "CallOptions")
    .sort();
  return { operations, models: models.join(", "), usesPaths: /\bpaths\[/.test(text) };
}

/**
 * The TypeScript spelled out for one operation: path parameters as positional arguments (in path
 * order), then the body, then the query parameters as one `params` object, then CallOptions. Types are
 * the named models (hover shows `Workflow`); without a model typer, index types into `paths`.
 */
export function templateData(
  op: OperationModel,
  typeOf?: (schema: SchemaObject | undefined) => string,
): OperationModel & Record<string, unknown> {
  const ref = `paths[${JSON.stringify(op.path)}][${JSON.stringify(op.method.toLowerCase())}]`;
  const paramType = (p: ParameterModel, where: "path" | "query") =>
    typeOf ? typeOf(p.schema) : `${ref}["parameters"][${JSON.stringify(where)}][${JSON.stringify(p.name)}]`;
  const args: string[] = [];
  const paramDocs: { name: string; text: string }[] = [];
  for (const p of op.pathParams) {
    args.push(`${p.name}: ${typeOf ? paramType(p, "path") : `NonNullable<${paramType(p, "path")}>`}`);
    if (p.description) paramDocs.push({ name: p.name, text: escapeDoc(p.description) });
  }
  const queryRequired = op.queryParams.some((p) => p.required);
  const queryType = op.queryParams.length
    ? `{ ${op.queryParams
        .map(
          (p) =>
            `${p.description ? `/** ${escapeDoc(p.description)} */ ` : ""}${p.name}${p.required ? "" : "?"}: ${paramType(p, "query")}`,
        )
        .join("; ")} }`
    : undefined;
  const bodyType = op.body
    ? typeOf
      ? typeOf(op.body.schema)
      : `NonNullable<${ref}["requestBody"]>["content"][${JSON.stringify(op.body.contentType)}]`
    : undefined;
  if (bodyType) {
    // An optional body before a required `params` stays positional: `undefined` is then passed.
    if (op.body!.required) args.push(`body: ${bodyType}`);
    else args.push(queryRequired ? `body: ${bodyType} | undefined` : `body?: ${bodyType}`);
  }
  if (queryType) args.push(queryRequired ? `params: ${queryType}` : `params?: ${queryType}`);
  args.push("options?: CallOptions");
  let resultType = "void";
  if (op.parseAs === "json")
    resultType = typeOf
      ? typeOf(op.resultSchema)
      : `${ref}["responses"][${op.successStatus}]["content"]["application/json"]`;
  if (op.parseAs === "text") resultType = "string";
  if (op.mayBeEmpty) resultType += " | undefined";
  const exampleArgs = [
    ...op.pathParams.map((p) => exampleValue(p)),
    ...(bodyType ? ["body"] : []),
    ...(queryRequired
      ? [
          `{ ${op.queryParams
            .filter((p) => p.required)
            .map((p) => `${p.name}: ${exampleValue(p)}`)
            .join(", ")} }`,
        ]
      : []),
  ];
  const call = `conductor.${op.group}.${op.name}(${exampleArgs.join(", ")})`;
  const checked = [...(op.pathParams.length ? ["a path parameter"] : []), ...(op.body?.required ? ["the body"] : [])];
  return {
    ...op,
    summary: escapeDoc(op.summary),
    noteLines: wrapDoc(escapeDoc(op.note), 100),
    signature: args.join(", "),
    // Only the signature's types; `imports` reads them to find the named models a file uses.
    argsType: args.join(", "),
    paramDocs,
    checkedBeforeSending: checked.length ? checked.join(" or ") : undefined,
    pathParamsArg: op.pathParams.length ? `{ ${op.pathParams.map((p) => p.name).join(", ")} }` : undefined,
    bodyOptional: op.body !== undefined && !op.body.required,
    bodyText: op.body?.contentType === "text/plain",
    example: resultType === "void" ? `await ${call};` : `const result = await ${call};`,
    resultType,
    parseAsJson: op.parseAs === "json",
    mswMethod: op.method.toLowerCase(),
    mswPath: op.path.replace(/\{([^}]+)\}/g, ":$1"),
    mswParamsType: `{ ${op.pathParams.map((p) => `${p.name}: string`).join("; ")} }`,
    mswBodyType: bodyType ?? "never",
    mswResultType: op.parseAs === "json" ? resultType.replace(" | undefined", "") : "DefaultBodyType",
  };
}

/** Words wrapped into lines of at most `width` characters (a long word stays whole). */
function wrapDoc(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ").filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Text safe inside a JSDoc block. */
function escapeDoc(text: string): string {
  return text.replace(/\*\//g, "*\\/");
}

/** A literal the parameter's type takes: its first enum value, a number, a boolean or `"<name>-1"`. */
function exampleValue(p: ParameterModel): string {
  const item = p.schema?.type === "array" ? p.schema.items : p.schema;
  if (Array.isArray(item?.enum) && item.enum.length > 0) {
    const first = JSON.stringify(item.enum[0]);
    return p.schema?.type === "array" ? `[${first}]` : first;
  }
  const type = item?.type;
  const one =
    type === "integer" || type === "number" ? "1" : type === "boolean" ? "true" : JSON.stringify(`${p.name}-1`);
  return p.schema?.type === "array" ? `[${one}]` : one;
}

export function operationInfo(op: OperationModel) {
  return {
    group: op.group,
    name: op.name,
    method: op.method,
    path: op.path,
    parseAs: op.parseAs,
    successStatus: Number(op.successStatus),
    mayBeEmpty: op.mayBeEmpty,
    pathParams: op.pathParams.map((p) => p.name),
    queryParams: op.queryParams.map((p) => ({ name: p.name, required: p.required })),
    body: op.body ? { contentType: op.body.contentType, required: op.body.required } : null,
    idempotent: op.idempotent,
  };
}

function listGenerated(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(out, join(e.parentPath, e.name)))
    .sort();
}

function compareWithDisk(files: Map<string, string>): string[] {
  const drift: string[] = [];
  for (const [file, text] of files) {
    const path = join(out, file);
    if (!existsSync(path)) drift.push(`+ ${file}`);
    else if (readFileSync(path, "utf8") !== text) drift.push(`~ ${file}`);
  }
  for (const file of listGenerated(out)) if (!files.has(file)) drift.push(`- ${file}`);
  return drift;
}

function writeFiles(files: Map<string, string>): void {
  for (const file of listGenerated(out)) if (!files.has(file)) rmSync(join(out, file));
  for (const [file, text] of files) {
    const path = join(out, file);
    if (existsSync(path) && readFileSync(path, "utf8") === text) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

function printSummary(
  operations: OperationModel[],
  groups: GroupModel[],
  corrections: number,
  warnings: string[],
  changes: ReturnType<typeof diffSpecs>,
  baseline: string,
  drift: string[],
  version: string,
): void {
  console.log(
    `Conductor ${version}: ${operations.length} operations in ${groups.length} groups, ${corrections} corrections applied`,
  );
  for (const g of groups)
    console.log(`  ${g.group.padEnd(12)} ${String(g.operations.length).padStart(3)}  ${g.className}`);
  for (const w of warnings) console.warn(`warning: ${w}`);
  if (changes.length === 0) console.log(`API changes against ${baseline}: none`);
  else {
    const breaking = changes.filter((c) => c.breaking);
    console.log(`API changes against ${baseline}: ${changes.length} (${breaking.length} breaking)`);
    for (const c of changes) console.log(`  ${c.breaking ? "BREAKING " : ""}${c.kind.padEnd(8)} ${c.key}: ${c.detail}`);
  }
  if (drift.length) {
    console.log(`files that differ from generated/ on disk:`);
    for (const d of drift) console.log(`  ${d}`);
  }
}

function runContractTests(): number {
  console.log("\nrunning contract tests (vitest --project contract) ...");
  try {
    const output = execFileSync(
      process.execPath,
      [join(root, "node_modules/vitest/vitest.mjs"), "run", "--project", "contract"],
      {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const counts = /Tests\s+(.*)/.exec(output.replace(/\x1b\[[0-9;]*m/g, ""));
    console.log(`contract tests: ${counts?.[1]?.trim() ?? "passed"}`);
    return 0;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    process.stdout.write(e.stdout ?? "");
    process.stderr.write(e.stderr ?? "");
    console.error("contract tests failed");
    return 1;
  }
}

function elapsed(): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

// Run only as this script: the companion package's bin (packages/codegen) bundles the rendering above.
if (
  fileURLToPath(import.meta.url).endsWith(join("scripts", "generate.ts")) &&
  process.argv[1]?.endsWith("generate.ts")
) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`generate: ${error.message}`);
        process.exit(2);
      }
      if (error instanceof GeneratorError && error.problems.length > 0) console.error(formatProblems(error.problems));
      else console.error(error);
      process.exit(1);
    },
  );
}
