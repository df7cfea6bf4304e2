// `conductor-ts generate`: typed resource classes for YOUR Conductor server (extra endpoints, a newer
// version, an Orkes cluster's spec file), from its OpenAPI document, by the same generator and templates
// the SDK's own generated/ comes from. The output imports only types from @conductor-ts/sdk and runs on
// its Transport, so it shares the SDK's Configuration, auth, retries and typed errors.
//
//   conductor-ts generate (--url <server>/api-docs | --spec <openapi.json>) --out <dir>
//     [--header "Name: value"]...   sent with --url (CONDUCTOR_AUTH_KEY/SECRET add the Orkes token)
//     [--names <file>]              your names table (METHOD path -> group/name); default <out>/operation-names.yaml
//     [--write-names]               record derived names of operations it lacks in that file, for review
//     [--no-corrections]            do not apply the SDK's corrections for Conductor's springdoc document
//     [--transport-module <m>]      where generated code imports its transport types (default @conductor-ts/sdk)
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { applyCorrections, type CorrectionsFile } from "../../../scripts/lib/corrections.js";
import { readJson, readYaml } from "../../../scripts/lib/json.js";
import type { OpenApiDocument } from "../../../scripts/lib/openapi.js";
import { buildOperations, type NameEntry } from "../../../scripts/lib/operations.js";
import { appendNames } from "../../../scripts/lib/names-file.js";
import { formatProblems, UsageError } from "../../../scripts/lib/problems.js";
import { parseHeader, PullError, pullSpec } from "../../../scripts/lib/pull.js";
import { renderGenerated } from "../../../scripts/generate.js";

/** The package's own directory: dist/cli.js sits one level below it. */
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const started = performance.now();

const USAGE =
  "usage: conductor-ts generate (--url <server>/api-docs | --spec <openapi.json>) --out <dir> " +
  '[--header "Name: value"] [--names <file>] [--write-names] [--no-corrections] [--transport-module <module>]';

interface Args {
  url?: string;
  spec?: string;
  out: string;
  headers: Record<string, string>;
  names?: string;
  writeNames: boolean;
  corrections: boolean;
  transportModule: string;
}

function parseArgs(argv: string[]): Args {
  if (argv[0] !== "generate") throw new UsageError(argv[0] ? `unknown command ${argv[0]}\n${USAGE}` : USAGE);
  const args: Partial<Args> & { headers: Record<string, string> } = {
    headers: {},
    writeNames: false,
    corrections: true,
    transportModule: "@conductor-ts/sdk",
  };
  for (let i = 1; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--url") args.url = value();
    else if (flag === "--spec") args.spec = resolve(value());
    else if (flag === "--out") args.out = resolve(value());
    else if (flag === "--names") args.names = resolve(value());
    else if (flag === "--header") {
      const [name, v] = parseHeader(value());
      args.headers[name] = v;
    } else if (flag === "--write-names") args.writeNames = true;
    else if (flag === "--no-corrections") args.corrections = false;
    else if (flag === "--transport-module") args.transportModule = value();
    else throw new UsageError(`unknown argument ${flag}\n${USAGE}`);
  }
  if (!args.url === !args.spec) throw new UsageError(`give exactly one of --url and --spec\n${USAGE}`);
  if (!args.out) throw new UsageError(`--out is required\n${USAGE}`);
  return args as Args;
}

function say(message: string): void {
  process.stderr.write(`[conductor-ts ${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  let source: OpenApiDocument;
  let version: string | undefined;
  if (args.url) {
    say(`pulling ${args.url}`);
    const pulled = await pullSpec({
      url: args.url,
      headers: args.headers,
      authKey: process.env.CONDUCTOR_AUTH_KEY,
      authSecret: process.env.CONDUCTOR_AUTH_SECRET,
    });
    source = pulled.document as unknown as OpenApiDocument;
    version = pulled.version;
  } else {
    source = readJson<OpenApiDocument>(args.spec!);
    if (typeof source.openapi !== "string" || typeof source.paths !== "object") {
      throw new UsageError(`${args.spec} is not an OpenAPI 3 document`);
    }
  }
  source.components ??= { schemas: {} };
  source.components.schemas ??= {};
  const label = version ? `Conductor ${version}` : (args.url ?? relative(process.cwd(), args.spec!));

  // The SDK's corrections fix what springdoc gets wrong about Conductor; parts your server's document does
  // not have (another version, fewer endpoints) are skipped and listed, not errors.
  let document = source;
  if (args.corrections) {
    const corrections = readYaml<CorrectionsFile>(join(packageDir, "spec/corrections.yaml"));
    const applied = applyCorrections(source, corrections, "the SDK's corrections");
    document = applied.document;
    if (applied.problems.length)
      say(`${applied.problems.length} SDK correction part(s) do not apply to this spec (skipped)`);
  }

  // Names: the SDK's reviewed table, then yours (wins), then derived names for the rest.
  const namesFile = args.names ?? join(args.out, "operation-names.yaml");
  const sdkNames = readYaml<Record<string, NameEntry>>(join(packageDir, "spec/operation-names.yaml")) ?? {};
  const ownNames = existsSync(namesFile) ? (readYaml<Record<string, NameEntry>>(namesFile) ?? {}) : {};
  const built = buildOperations(document, { ...sdkNames, ...ownNames }, { allowDerivedNames: true, namesFile });
  if (built.problems.length) {
    process.stderr.write(`${formatProblems(built.problems)}\n`);
    return 1;
  }
  const derived = Object.keys(built.derived).length;
  if (derived) {
    if (args.writeNames) {
      mkdirSync(dirname(namesFile), { recursive: true });
      appendNames(namesFile, built.derived);
      say(`recorded ${derived} derived name(s) in ${namesFile}; review them`);
    } else
      say(`${derived} operation(s) got derived names; --write-names records them in ${namesFile} to keep them stable`);
  }

  const files = await renderGenerated(
    document,
    built.operations,
    version ?? "unknown",
    {},
    {
      templatesDir: join(packageDir, "templates"),
      transportModule: args.transportModule,
      outDir: args.out,
      madeBy: `conductor-ts generate from ${label}`,
      sdkExtras: false,
    },
  );
  // Only files this command wrote before are replaced or removed; the names table and anything else stay.
  for (const dir of ["resources"]) {
    const full = join(args.out, dir);
    if (existsSync(full)) {
      for (const f of readdirSync(full)) if (!files.has(`${dir}/${f}`)) rmSync(join(full, f));
    }
  }
  for (const [file, text] of files) {
    mkdirSync(dirname(join(args.out, file)), { recursive: true });
    writeFileSync(join(args.out, file), text);
  }
  writeFileSync(
    join(args.out, "index.ts"),
    `// @generated by conductor-ts generate from ${label}. Do not edit by hand.\n` +
      `// createResources(new Transport(new Configuration(...))) gives one typed client per API group.\n` +
      `export * from "./resources/index.js";\nexport type { components, paths } from "./types.js";\n`,
  );
  const groups = new Set(built.operations.map((o) => o.group));
  say(
    `wrote ${files.size + 1} files to ${args.out}: ${built.operations.length} operations in ${groups.size} resources`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof PullError) {
      process.stderr.write(`conductor-ts: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`conductor-ts: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
