// The lowest layer of the transport: send one request, get status, headers and body text back.
// The default path goes through openapi-fetch and `fetch`; a runtime-specific Wire (see
// node-http-wire.ts) may carry the simple calls instead. Only the worker entry imports this module,
// so none of it weighs on the browser bundle.
import { AUTH_HEADER } from "./auth.js";
import type { OperationRequest } from "./operation.js";
import { useSender, type Sender, type SendResult, type Transport } from "./transport.js";

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

/** A Wire answer in the shape call() reads from openapi-fetch's result. */
function fromWire(answer: WireResponse): SendResult {
  const status = answer.status;
  const ok = status >= 200 && status < 300;
  const response = {
    ok,
    status,
    statusText: answer.statusText,
    type: "basic",
    headers: { get: (name: string) => answer.header(name) ?? null },
  } as unknown as Response;
  if (ok) return { data: status === 204 ? undefined : answer.text, response };
  let error: unknown = answer.text;
  try {
    error = JSON.parse(answer.text);
  } catch {
    // not JSON: keep the text
  }
  return { error, response };
}

/**
 * A Sender that puts simple calls (plain query values, JSON or text bodies) on `wire` with the URL,
 * headers and body openapi-fetch would send. Anything else, and every redirect (the request was not
 * processed), goes the fetch way, which applies the redirect rules.
 */
export function wireSender(transport: Transport, wire: Wire): Sender {
  return async (request: OperationRequest, resolvedPath, init, callHeaders, viaFetch) => {
    const query = simpleQuery(request.query);
    if (query === undefined) return viaFetch();
    const configuration = transport.configuration;
    const headers: Record<string, string> = {};
    const body =
      request.body === undefined
        ? undefined
        : request.bodyType === "text"
          ? String(request.body)
          : JSON.stringify(request.body);
    if (body !== undefined) headers["content-type"] = "application/json";
    for (const [name, value] of Object.entries(configuration.headers)) headers[name.toLowerCase()] = value;
    if (callHeaders !== undefined)
      for (const [name, value] of Object.entries(callHeaders)) headers[name.toLowerCase()] = value;
    const tokens = transport.tokens;
    if (tokens !== undefined && !tokens.disabled) {
      const token = tokens.current() ?? (await tokens.token());
      if (token !== undefined) headers[AUTH_HEADER.toLowerCase()] = token;
    }
    const answer = await wire({
      method: request.method,
      url: `${configuration.baseUrl}${resolvedPath}${query}`,
      headers,
      body,
      signal: init.signal as AbortSignal,
    });
    if (answer.status >= 300 && answer.status < 400) return viaFetch();
    return fromWire(answer);
  };
}

/** Sends this transport's simple calls over `wire` (not part of the public API). */
export function useWire(transport: Transport, wire: Wire): Transport {
  return useSender(transport, wireSender(transport, wire));
}
