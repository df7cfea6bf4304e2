// Fetches a running server's OpenAPI document (and the version it reports) the way a deployment needs:
// extra headers (`--header`), and Orkes-style key/secret auth (CONDUCTOR_AUTH_KEY / CONDUCTOR_AUTH_SECRET,
// exchanged at POST /api/token for the X-Authorization token). Shared by `npm run spec:pull` and the
// companion package's `conductor-ts generate --url`.

import { GeneratorError } from "./problems.js";

/** The spec could not be fetched (unreachable server, refused credentials, not an OpenAPI document). */
export class PullError extends GeneratorError {
  static override readonly kind: string = "PullError";
}

export interface PullOptions {
  /** The document's URL, e.g. http://127.0.0.1:8080/api-docs. */
  url: string;
  headers?: Record<string, string>;
  authKey?: string | undefined;
  authSecret?: string | undefined;
  /** springdoc builds the document on first request; on a busy machine that takes a while. */
  timeoutMs?: number;
}

/** "Name: value" -> [name, value]; throws PullError naming the flag's value when malformed. */
export function parseHeader(text: string): [string, string] {
  const i = text.indexOf(":");
  const name = i > 0 ? text.slice(0, i).trim() : "";
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
    throw new PullError(`--header must look like "Name: value", got ${JSON.stringify(text)}`);
  }
  return [name, text.slice(i + 1).trim()];
}

/** The server's root (scheme, host, and any context path before /api-docs). */
export function serverRoot(apiDocsUrl: string): string {
  return apiDocsUrl.replace(/\/(api-docs|v3\/api-docs)(\.json)?\/?$/, "").replace(/\/$/, "");
}

async function authHeaders(options: PullOptions, base: string): Promise<Record<string, string>> {
  if (!options.authKey && !options.authSecret) return {};
  if (!options.authKey || !options.authSecret) {
    throw new PullError("CONDUCTOR_AUTH_KEY and CONDUCTOR_AUTH_SECRET must be set together");
  }
  const response = await fetch(`${base}/api/token`, {
    method: "POST",
    headers: { "content-type": "application/json", ...options.headers },
    body: JSON.stringify({ keyId: options.authKey, keySecret: options.authSecret }),
    signal: AbortSignal.timeout(30_000),
  });
  if (response.status === 404) return {}; // Conductor OSS: no auth
  const body = await response.text();
  if (!response.ok)
    throw new PullError(`POST ${base}/api/token answered HTTP ${response.status}: ${body.slice(0, 200)}`);
  const token = (JSON.parse(body) as { token?: unknown }).token;
  if (typeof token !== "string") throw new PullError(`POST ${base}/api/token answered no token`);
  return { "X-Authorization": token };
}

/** The version a server reports at GET /api/version (plain text, e.g. "3.32.3"), or undefined. */
async function reportedVersion(base: string, headers: Record<string, string>): Promise<string | undefined> {
  try {
    const response = await fetch(`${base}/api/version`, { headers, signal: AbortSignal.timeout(10_000) });
    const version = (await response.text()).trim().replace(/^"|"$/g, "");
    if (response.ok && /^\d+\.\d+\.\d+/.test(version)) return version;
  } catch {
    // fall through to the admin config
  }
  // Servers before 3.32 (3.21.14) have no /api/version; their admin config carries the build version.
  try {
    const response = await fetch(`${base}/api/admin/config`, { headers, signal: AbortSignal.timeout(10_000) });
    const version = response.ok ? (JSON.parse(await response.text()) as { version?: unknown }).version : undefined;
    return typeof version === "string" && /^\d+\.\d+\.\d+/.test(version) ? version : undefined;
  } catch {
    return undefined;
  }
}

export async function pullSpec(
  options: PullOptions,
): Promise<{ document: Record<string, unknown>; version: string | undefined }> {
  const base = serverRoot(options.url);
  const headers = { ...options.headers, ...(await authHeaders(options, base)) };
  const version = await reportedVersion(base, headers);
  let response: Response;
  try {
    response = await fetch(options.url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 180_000) });
  } catch (error) {
    throw new PullError(`GET ${options.url} failed: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (response.status !== 200)
    throw new PullError(`GET ${options.url} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new PullError(`GET ${options.url} did not answer JSON`);
  }
  if (typeof document.openapi !== "string" || typeof document.paths !== "object") {
    throw new PullError(`GET ${options.url} did not return an OpenAPI 3 document`);
  }
  // `servers` holds the URL of the server that answered (with its random port): not part of the API.
  delete document.servers;
  return { document, version };
}
