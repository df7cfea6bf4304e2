// Drives a fake LLM provider that runs in another process (for example one a test runner's global
// setup started before the Conductor server) through its control endpoint.
import { FakeLlmError } from "./errors.js";
import { checkScript } from "./fake-llm-script.js";
import type {
  FakeLlmChatRequest,
  FakeLlmControl,
  FakeLlmEmbeddingRequest,
  FakeLlmImageRequest,
  FakeLlmRecordedRequest,
  FakeLlmRequestFilter,
  FakeLlmScript,
  FakeLlmSpeechRequest,
} from "./fake-llm-types.js";

/** Path prefix of the control endpoint; API requests never start with it. */
export const CONTROL_PREFIX = "/__fake-llm";

/** The parsed views of one kind from recorded requests (requests of other kinds, or unreadable ones, left out). */
export function viewsOf<K extends "chat" | "embeddings" | "images" | "speech">(
  recorded: readonly FakeLlmRecordedRequest[],
  kind: K,
): NonNullable<FakeLlmRecordedRequest[K]>[] {
  return recorded.flatMap((entry) => (entry[kind] ? [entry[kind]!] : []));
}

/**
 * A {@link FakeLlmControl} for a fake provider in another process.
 *
 * @example
 * ```ts
 * // global setup: const llm = await FakeLlmProvider.start(); project.provide("fakeLlmUrl", llm.url);
 * const llm = await FakeLlmProvider.connect(inject("fakeLlmUrl"));
 * await llm.script("model-under-test", { fallback: { text: "ok" } });
 * ```
 */
export class FakeLlmProviderClient implements FakeLlmControl {
  private constructor(
    /** Server root of the fake provider, e.g. "http://127.0.0.1:41234". */
    readonly url: string,
    readonly baseURL: string,
    readonly apiKey: string,
  ) {}

  /**
   * Connects to the fake provider at `url` (its server root) and reads its settings.
   *
   * @example
   * ```ts
   * const llm = await FakeLlmProviderClient.connect("http://127.0.0.1:18700");
   * ```
   */
  static async connect(url: string): Promise<FakeLlmProviderClient> {
    const root = url.replace(/\/+$/, "").replace(/\/v1$/, "");
    const info = await call<{ baseURL: string; apiKey: string }>(root, "GET", "/info");
    return new FakeLlmProviderClient(root, info.baseURL, info.apiKey);
  }

  /**
   * Sets (replaces) the script for `model` in the other process.
   *
   * @example
   * ```ts
   * await llm.script("gpt-4o-mini", { replies: [{ text: "first" }, { text: "second" }] });
   * ```
   */
  async script(model: string, script: FakeLlmScript): Promise<void> {
    if (typeof model !== "string" || model === "") throw new FakeLlmError("model: must be a non-empty string");
    checkScript(script);
    await call(this.url, "PUT", `/script?model=${encodeURIComponent(model)}`, script);
  }

  /**
   * Every API request the provider received, oldest first.
   *
   * @example
   * ```ts
   * const all = await llm.requests({ model: "gpt-4o-mini" });
   * ```
   */
  requests(filter?: FakeLlmRequestFilter): Promise<FakeLlmRecordedRequest[]> {
    const query = filter?.model === undefined ? "" : `?model=${encodeURIComponent(filter.model)}`;
    return call<FakeLlmRecordedRequest[]>(this.url, "GET", `/requests${query}`);
  }

  /**
   * Chat requests received, oldest first.
   *
   * @example
   * ```ts
   * expect((await llm.chatRequests())[0]?.lastUserMessage).toBe("What is the capital of France?");
   * ```
   */
  async chatRequests(filter?: FakeLlmRequestFilter): Promise<FakeLlmChatRequest[]> {
    return viewsOf(await this.requests(filter), "chat");
  }

  /**
   * Embedding requests received, oldest first.
   *
   * @example
   * ```ts
   * expect(await llm.embeddingRequests({ model: "text-embedding-3-small" })).toHaveLength(1);
   * ```
   */
  async embeddingRequests(filter?: FakeLlmRequestFilter): Promise<FakeLlmEmbeddingRequest[]> {
    return viewsOf(await this.requests(filter), "embeddings");
  }

  /**
   * Image generation requests received, oldest first.
   *
   * @example
   * ```ts
   * expect((await llm.imageRequests())[0]?.width).toBe(1024);
   * ```
   */
  async imageRequests(filter?: FakeLlmRequestFilter): Promise<FakeLlmImageRequest[]> {
    return viewsOf(await this.requests(filter), "images");
  }

  /**
   * Speech requests received, oldest first.
   *
   * @example
   * ```ts
   * expect((await llm.speechRequests())[0]?.responseFormat).toBe("mp3");
   * ```
   */
  async speechRequests(filter?: FakeLlmRequestFilter): Promise<FakeLlmSpeechRequest[]> {
    return viewsOf(await this.requests(filter), "speech");
  }

  /**
   * Forgets scripts and recorded requests: of `model` only, or all of them.
   *
   * @example
   * ```ts
   * beforeEach(() => llm.reset("gpt-4o-mini"));
   * ```
   */
  async reset(model?: string): Promise<void> {
    await call(this.url, "POST", `/reset${model === undefined ? "" : `?model=${encodeURIComponent(model)}`}`);
  }
}

async function call<T>(root: string, method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${root}${CONTROL_PREFIX}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new FakeLlmError(`fake LLM provider at ${root} does not answer: ${String(error)}`, { cause: error });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const message =
      typeof parsed === "object" && parsed !== null && "message" in parsed ? String(parsed.message) : text;
    throw new FakeLlmError(`fake LLM provider at ${root}: ${method} ${path} -> ${response.status}: ${message}`);
  }
  return parsed as T;
}
