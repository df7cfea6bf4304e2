// The lowest layer of the transport: send one request, get status, headers and body text back.
// The default path goes through openapi-fetch and `fetch`; a runtime-specific Wire (see
// node-http-wire.ts) may carry the simple calls instead. Nothing here imports a runtime module.

export interface WireRequest {
  readonly method: string;
  /** Absolute URL with the query string. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly signal: AbortSignal;
}

export interface WireResponse {
  readonly status: number;
  readonly statusText: string;
  /** A response header (case-insensitive name), or undefined. */
  header(name: string): string | undefined;
  readonly text: string;
}

export type Wire = (request: WireRequest) => Promise<WireResponse>;

/**
 * The query string openapi-fetch would build for plain values (`name=encoded value`, in key order,
 * null and undefined left out), or undefined when a value is an array or object, which only the
 * openapi-fetch path serializes.
 */
export function simpleQuery(query: Record<string, unknown> | undefined): string | undefined {
  if (query === undefined) return "";
  let out = "";
  for (const name in query) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    if (typeof value === "object") return undefined;
    out += `${out ? "&" : "?"}${name}=${encodeURIComponent(value as string | number | boolean)}`;
  }
  return out;
}
