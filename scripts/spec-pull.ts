// `npm run spec:pull`: fetch the server's own OpenAPI document into spec/openapi.json (raw, only made
// byte-stable) and record where it came from in spec/source.json.
//   (no flags)                start a LocalConductor of the default version, pull, stop it
//   --version <v>             server version to start (or, with --url, the version that URL serves)
//   --url <api-docs url>      pull from a running server instead, e.g. http://127.0.0.1:8080/api-docs
//   --out-dir <dir>           write there instead of spec/ (for comparing)
// With --url the version is read from GET /api/version; --version is needed only where that fails.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_SERVER_VERSION, LocalConductor } from "../src/testing/index.js";
import { serverArtifact } from "../src/testing/server-jar.js";
import { stableStringify } from "./lib/json.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

class UsageError extends Error {
  override name = "UsageError";
}

function parseArgs(argv: string[]): { url?: string; version?: string; outDir: string } {
  const result: { url?: string; version?: string; outDir: string } = { outDir: join(root, "spec") };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--") continue;
    const value = argv[i + 1];
    if (flag !== "--url" && flag !== "--version" && flag !== "--out-dir") {
      throw new UsageError(`unknown argument ${flag}; expected --url <api-docs url>, --version <v>, --out-dir <dir>`);
    }
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    i++;
    if (flag === "--url") result.url = value;
    else if (flag === "--version") result.version = value;
    else result.outDir = resolve(value);
  }
  if (result.version !== undefined && !/^\d+\.\d+\.\d+([-.][\w.]+)?$/.test(result.version)) {
    throw new UsageError(`--version must look like 3.32.3, got ${result.version}`);
  }
  return result;
}

async function fetchText(url: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, text: await response.text() };
}

/** The version a server reports at GET /api/version (plain text, e.g. "3.32.3"), or undefined. */
async function serverVersionAt(apiDocsUrl: string): Promise<string | undefined> {
  const base = apiDocsUrl.replace(/\/api-docs(\.json)?\/?$/, "");
  try {
    const { status, text } = await fetchText(`${base}/api/version`, 10_000);
    const version = text.trim().replace(/^"|"$/g, "");
    return status === 200 && /^\d+\.\d+\.\d+/.test(version) ? version : undefined;
  } catch {
    return undefined;
  }
}

async function pullDocument(apiDocsUrl: string): Promise<Record<string, unknown>> {
  // springdoc builds the document on first request; on a busy machine that takes a while.
  const { status, text } = await fetchText(apiDocsUrl, 180_000);
  if (status !== 200) {
    throw new Error(`GET ${apiDocsUrl} answered HTTP ${status}: ${text.slice(0, 300)}`);
  }
  const doc = JSON.parse(text) as Record<string, unknown>;
  if (typeof doc.openapi !== "string" || typeof doc.paths !== "object") {
    throw new Error(`GET ${apiDocsUrl} did not return an OpenAPI document`);
  }
  // `servers` holds the URL of the server that answered (with its random port): not part of the API.
  delete doc.servers;
  return doc;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let doc: Record<string, unknown>;
  let version: string;

  if (args.url) {
    const reported = await serverVersionAt(args.url);
    if (args.version && reported && args.version !== reported) {
      throw new UsageError(`--version ${args.version} given, but ${args.url} reports version ${reported}`);
    }
    const known = args.version ?? reported;
    if (!known) {
      throw new UsageError(
        `could not read the server version from GET /api/version next to ${args.url}; pass --version <v>`,
      );
    }
    version = known;
    doc = await pullDocument(args.url);
  } else {
    version = args.version ?? DEFAULT_SERVER_VERSION;
    const server = await LocalConductor.start({ version });
    try {
      doc = await pullDocument(`${server.serverUrl}/api-docs`);
    } finally {
      await server.stop();
    }
  }

  mkdirSync(args.outDir, { recursive: true });
  const specFile = join(args.outDir, "openapi.json");
  writeFileSync(specFile, stableStringify(doc));
  writeFileSync(
    join(args.outDir, "source.json"),
    // Written in this key order (not sorted) to keep the file's established layout.
    `${JSON.stringify({ serverVersion: version, artifact: serverArtifact(version), source: "/api-docs" }, null, 2)}\n`,
  );
  const paths = Object.keys(doc.paths as object).length;
  process.stderr.write(`Wrote ${specFile} (${paths} paths) from Conductor ${version}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`spec:pull failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
