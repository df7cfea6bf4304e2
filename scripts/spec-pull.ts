// `npm run spec:pull`: fetch the server's own OpenAPI document into spec/openapi.json (raw, only made
// byte-stable) and record where it came from, and in which configuration, in spec/source.json.
//   (no flags)                  start a LocalConductor of the default version with the server's DEFAULT
//                               configuration (AI integrations on), pull, stop it
//   --version <v>               server version to start (or, with --url, the version that URL serves)
//   --server-property k=v       a Spring property for the started server (repeatable), e.g.
//                               conductor.integrations.ai.enabled=false
//   --url <api-docs url>        pull from a running server instead, e.g. http://127.0.0.1:8080/api-docs
//   --header "Name: value"      send this header (repeatable), e.g. a gateway's credentials
//   --out-dir <dir>             write there instead of spec/ (for comparing)
// CONDUCTOR_AUTH_KEY / CONDUCTOR_AUTH_SECRET (the SDK's own variables) turn on Orkes-style auth.
// With --url the version is read from GET /api/version; --version is needed only where that fails.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_SERVER_VERSION, LocalConductor } from "../src/testing/index.js";
import { serverArtifact } from "../src/testing/server-jar.js";
import { stableStringify } from "./lib/json.js";
import { parseHeader, PullError, pullSpec } from "./lib/pull.js";
import { UsageError } from "./lib/problems.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const started = performance.now();

interface Args {
  url?: string;
  version?: string;
  outDir: string;
  headers: Record<string, string>;
  properties: Record<string, string>;
}

function parseArgs(argv: string[]): Args {
  const result: Args = { outDir: join(root, "spec"), headers: {}, properties: {} };
  const flags = ["--url", "--version", "--out-dir", "--header", "--server-property"];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === "--") continue;
    const value = argv[i + 1];
    if (!flags.includes(flag)) throw new UsageError(`unknown argument ${flag}; expected ${flags.join(", ")}`);
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    i++;
    if (flag === "--url") result.url = value;
    else if (flag === "--version") result.version = value;
    else if (flag === "--out-dir") result.outDir = resolve(value);
    else if (flag === "--header") {
      const [name, v] = parseHeader(value);
      result.headers[name] = v;
    } else {
      const eq = value.indexOf("=");
      if (eq <= 0) throw new UsageError(`--server-property must look like key=value, got ${value}`);
      result.properties[value.slice(0, eq)] = value.slice(eq + 1);
    }
  }
  if (result.version !== undefined && !/^\d+\.\d+\.\d+([-.][\w.]+)?$/.test(result.version)) {
    throw new UsageError(`--version must look like 3.32.3, got ${result.version}`);
  }
  if (result.url && Object.keys(result.properties).length) {
    throw new UsageError("--server-property configures a server this command starts; it cannot change one at --url");
  }
  return result;
}

function say(message: string): void {
  process.stderr.write(`[spec:pull ${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const auth = { authKey: process.env.CONDUCTOR_AUTH_KEY, authSecret: process.env.CONDUCTOR_AUTH_SECRET };
  let doc: Record<string, unknown>;
  let version: string;
  let configuration: string;

  if (args.url) {
    say(
      `pulling ${args.url}${Object.keys(args.headers).length ? ` with ${Object.keys(args.headers).join(", ")}` : ""}`,
    );
    const pulled = await pullSpec({ url: args.url, headers: args.headers, ...auth });
    if (args.version && pulled.version && args.version !== pulled.version) {
      throw new UsageError(`--version ${args.version} given, but ${args.url} reports version ${pulled.version}`);
    }
    const known = args.version ?? pulled.version;
    if (!known) {
      throw new UsageError(
        `could not read the server version from GET /api/version next to ${args.url}; pass --version <v>`,
      );
    }
    version = known;
    doc = pulled.document;
    configuration = `as deployed at ${new URL(args.url).host}`;
  } else {
    version = args.version ?? DEFAULT_SERVER_VERSION;
    const overrides = Object.entries(args.properties).map(([k, v]) => `${k}=${v}`);
    configuration = overrides.length
      ? `server defaults (AI integrations on) with ${overrides.join(", ")}`
      : "server defaults (AI integrations on)";
    say(`starting Conductor ${version}: ${configuration}`);
    // `ai: true` is the server's own default (LocalConductor turns AI off unless asked).
    const server = await LocalConductor.start({
      version,
      ai: true,
      serverProperties: args.properties,
      quiet: true,
      onProgress: (m) => say(m),
    });
    say(`server up at ${server.serverUrl}; pulling /api-docs (springdoc builds it on the first request)`);
    try {
      doc = (await pullSpec({ url: `${server.serverUrl}/api-docs`, ...auth })).document;
    } finally {
      say("stopping the server");
      await server.stop();
    }
  }

  mkdirSync(args.outDir, { recursive: true });
  const specFile = join(args.outDir, "openapi.json");
  writeFileSync(specFile, stableStringify(doc));
  writeFileSync(
    join(args.outDir, "source.json"),
    // Written in this key order (not sorted) to keep the file's established layout.
    `${JSON.stringify({ serverVersion: version, artifact: serverArtifact(version), source: "/api-docs", configuration }, null, 2)}\n`,
  );
  const paths = Object.keys(doc.paths as object).length;
  say(`wrote ${specFile} (${paths} paths) from Conductor ${version} (${configuration})`);
}

main().catch((error: unknown) => {
  process.stderr.write(`spec:pull failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError || error instanceof PullError ? 2 : 1);
});
