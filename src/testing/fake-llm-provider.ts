// A fake LLM provider for tests: a real HTTP server on 127.0.0.1 speaking the OpenAI API the
// Conductor server's `openai` provider calls (POST /v1/responses with function tools, embeddings,
// images, speech), answering from scripts and recording every request it receives.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeLlmError } from "./errors.js";
import { CONTROL_PREFIX, FakeLlmProviderClient, viewsOf } from "./fake-llm-client.js";
import { DEFAULT_EMBEDDING_DIMENSIONS, buildEmbeddingResponse, readEmbeddingRequest } from "./fake-llm-embeddings.js";
import {
  FAKE_SPEECH_FORMATS,
  buildImageResponse,
  fakeSpeech,
  readImageRequest,
  readSpeechRequest,
} from "./fake-llm-media.js";
import {
  FakeLlmRequestError,
  buildResponse,
  checkChatRequest,
  readChatRequest,
  type ResponseIds,
} from "./fake-llm-responses.js";
import { ModelScripts } from "./fake-llm-script.js";
import type {
  FakeLlmChatReply,
  FakeLlmChatRequest,
  FakeLlmControl,
  FakeLlmEmbeddingRequest,
  FakeLlmImageRequest,
  FakeLlmRecordedRequest,
  FakeLlmRequestFilter,
  FakeLlmScript,
  FakeLlmSpeechRequest,
} from "./fake-llm-types.js";

/** The API key the fake accepts unless told otherwise. */
export const DEFAULT_FAKE_LLM_API_KEY = "fake-llm-key";
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface FakeLlmProviderOptions {
  /** Port on 127.0.0.1 (default: a free port chosen by the OS). */
  port?: number;
  /**
   * API key the fake expects as `Authorization: Bearer <key>`; other keys get HTTP 401 as from OpenAI.
   * @default DEFAULT_FAKE_LLM_API_KEY
   */
  apiKey?: string;
  /**
   * Length of the embeddings returned when a request does not send `dimensions`.
   * @default DEFAULT_EMBEDDING_DIMENSIONS (16)
   */
  embeddingDimensions?: number;
}

/**
 * Computes a reply in code; asked before the scripts. Return undefined to fall through to them.
 * Only for a provider in the same process (a function cannot cross to another process).
 */
export type FakeLlmChatHandler = (request: FakeLlmChatRequest) => FakeLlmChatReply | undefined;

function filterByModel(entry: FakeLlmRecordedRequest, filter: FakeLlmRequestFilter | undefined): boolean {
  if (filter?.model === undefined) return true;
  return (entry.chat ?? entry.embeddings ?? entry.images ?? entry.speech)?.model === filter.model;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new FakeLlmRequestError(413, "Request body too large for the fake provider (10 MiB).");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

// The API paths the fake serves (all POST), by the kind they are recorded as.
const API_ROUTES: Readonly<Record<string, "chat" | "embeddings" | "images" | "speech">> = {
  "/v1/responses": "chat",
  "/v1/embeddings": "embeddings",
  "/v1/images/generations": "images",
  "/v1/audio/speech": "speech",
};

function json(status: number, body: unknown): { status: number; contentType: string; body: Buffer } {
  return { status, contentType: "application/json", body: Buffer.from(JSON.stringify(body)) };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * A fake OpenAI-compatible LLM provider on 127.0.0.1 for testing AI workflows without a model or a
 * network. Point a Conductor server's `openai` provider at it (`LocalConductor.start({ ai: { openai:
 * llm } })`), script what the model answers per model name, and read back what the server sent.
 * It serves POST /v1/responses (chat, with function tools), /v1/embeddings, /v1/images/generations
 * and /v1/audio/speech; anything else gets 404 and is recorded.
 *
 * Replies for a model come from its script: queued `replies` in order, then the first matching
 * `rule`, then `fallback`; a request with nothing to answer gets HTTP 400 naming the model, so the
 * task fails with that reason instead of getting an invented answer. Embeddings are a deterministic
 * hashed bag of words (see {@link fakeEmbedding}); images and speech are deterministic files
 * ({@link fakeImagePng}, {@link fakeSpeech}). Requests are checked as OpenAI checks them
 * (model and input present, each tool result answers a call, "json" mentioned in JSON mode, a
 * scripted tool call names an offered tool).
 *
 * @example
 * ```ts
 * import { FakeLlmProvider, LocalConductor } from "@conductor-ts/sdk/testing";
 *
 * const llm = await FakeLlmProvider.start();
 * const server = await LocalConductor.start({ ai: { openai: llm } });
 * await llm.script("gpt-test", {
 *   replies: [
 *     { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
 *     { text: "It is sunny in Paris." },
 *   ],
 * });
 * // ... run a workflow whose LLM_CHAT_COMPLETE uses llmProvider "openai", model "gpt-test" ...
 * const [first, second] = await llm.chatRequests({ model: "gpt-test" });
 * // first.tools[0].name === "get_weather"; second.input holds the tool's function_call_output
 * await server.stop();
 * await llm.stop();
 * ```
 */
export class FakeLlmProvider implements FakeLlmControl {
  /** Server root, e.g. "http://127.0.0.1:41234"; the control endpoint for `connect()` lives here. */
  readonly url: string;
  readonly baseURL: string;
  readonly apiKey: string;
  readonly port: number;

  readonly #server: Server;
  readonly #scripts = new ModelScripts();
  readonly #recorded: FakeLlmRecordedRequest[] = [];
  readonly #embeddingDimensions: number;
  #handler: FakeLlmChatHandler | undefined;
  #ids = { response: 0, item: 0, call: 0 };
  #stopping: Promise<void> | undefined;

  private constructor(server: Server, port: number, apiKey: string, embeddingDimensions: number) {
    this.#server = server;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.baseURL = `${this.url}/v1`;
    this.apiKey = apiKey;
    this.#embeddingDimensions = embeddingDimensions;
  }

  /**
   * Starts a fake provider on 127.0.0.1.
   *
   * @example
   * ```ts
   * const llm = await FakeLlmProvider.start();
   * const server = await LocalConductor.start({ ai: { openai: llm } });
   * await llm.script("gpt-4o-mini", { fallback: { text: "Paris" } });
   * ```
   */
  static async start(options: FakeLlmProviderOptions = {}): Promise<FakeLlmProvider> {
    const apiKey = options.apiKey ?? DEFAULT_FAKE_LLM_API_KEY;
    if (typeof apiKey !== "string" || apiKey === "") throw new FakeLlmError("apiKey: must be a non-empty string");
    const dimensions = options.embeddingDimensions ?? DEFAULT_EMBEDDING_DIMENSIONS;
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 8192) {
      throw new FakeLlmError(`embeddingDimensions: must be an integer from 1 to 8192, got ${String(dimensions)}`);
    }
    if (options.port !== undefined && !(Number.isInteger(options.port) && options.port > 0 && options.port < 65536)) {
      throw new FakeLlmError(`port: must be an integer between 1 and 65535, got ${String(options.port)}`);
    }
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error) =>
        reject(
          new FakeLlmError(`could not listen on 127.0.0.1:${options.port ?? 0}: ${error.message}`, { cause: error }),
        ),
      );
      server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    // Tests end without stopping it sometimes; it must not keep Node alive.
    server.unref();
    const { port } = server.address() as AddressInfo;
    const provider = new FakeLlmProvider(server, port, apiKey, dimensions);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => void provider.#handle(req, res));
    return provider;
  }

  /**
   * Connects to a fake provider started by another process (e.g. a test runner's global setup),
   * given its `url`. The returned client has the same control methods.
   *
   * @example
   * ```ts
   * // vitest globalSetup started it and did project.provide("fakeLlmUrl", llm.url):
   * const llm = await FakeLlmProvider.connect(inject("fakeLlmUrl"));
   * ```
   */
  static connect(url: string): Promise<FakeLlmProviderClient> {
    return FakeLlmProviderClient.connect(url);
  }

  /** `{ baseURL, apiKey }`, the settings a Conductor server's `openai` provider needs. */
  get openai(): { baseURL: string; apiKey: string } {
    return { baseURL: this.baseURL, apiKey: this.apiKey };
  }

  /**
   * Computes replies in code, before any script (in-process only); `undefined` removes it.
   *
   * @example
   * ```ts
   * llm.onChat((request) => (request.lastUserMessage?.includes("weather") ? { text: "Sunny" } : undefined));
   * ```
   */
  onChat(handler: FakeLlmChatHandler | undefined): void {
    this.#handler = handler;
  }

  /**
   * Sets (replaces) the script for `model`: replies in order, then matching rules, then the fallback.
   *
   * @example
   * ```ts
   * await llm.script("gpt-4o-mini", {
   *   replies: [{ toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] }, { text: "It is sunny in Paris." }],
   *   rules: [{ when: { lastUserMessage: "hello" }, reply: { text: "Hi!" } }],
   *   fallback: { text: "I don't know." },
   * });
   * ```
   */
  script(model: string, script: FakeLlmScript): Promise<void> {
    try {
      this.#scripts.set(model, script);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Every API request so far, oldest first (a copy). */
  get recorded(): FakeLlmRecordedRequest[] {
    return structuredClone(this.#recorded);
  }

  /**
   * Every API request received (including refused and unknown ones), oldest first.
   *
   * @example
   * ```ts
   * const refused = (await llm.requests()).filter((r) => r.status >= 400);
   * ```
   */
  requests(filter?: FakeLlmRequestFilter): Promise<FakeLlmRecordedRequest[]> {
    return Promise.resolve(structuredClone(this.#recorded.filter((entry) => filterByModel(entry, filter))));
  }

  /**
   * Chat requests received, oldest first.
   *
   * @example
   * ```ts
   * const [first] = await llm.chatRequests({ model: "gpt-4o-mini" });
   * expect(first?.instructions).toContain("You answer questions");
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
   * expect((await llm.embeddingRequests()).map((r) => r.input)).toEqual([["refund policy"]]);
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
   * expect((await llm.imageRequests())[0]?.prompt).toBe("A watercolor lighthouse at dawn");
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
   * expect((await llm.speechRequests())[0]?.voice).toBe("alloy");
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
   * afterEach(() => llm.reset());
   * ```
   */
  reset(model?: string): Promise<void> {
    this.#scripts.reset(model);
    if (model === undefined) this.#recorded.length = 0;
    else {
      const kept = this.#recorded.filter((entry) => !filterByModel(entry, { model }));
      this.#recorded.splice(0, this.#recorded.length, ...kept);
    }
    return Promise.resolve();
  }

  /**
   * Stops listening and closes open connections.
   *
   * @example
   * ```ts
   * afterAll(() => llm.stop());
   * ```
   */
  stop(): Promise<void> {
    this.#stopping ??= new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
    return this.#stopping;
  }

  readonly #responseIds: ResponseIds = {
    responseId: () => `resp_fake_${++this.#ids.response}`,
    itemId: (prefix) => `${prefix}_fake_${++this.#ids.item}`,
    callId: () => `call_${++this.#ids.call}`,
  };

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? "/";
    try {
      if (path.startsWith(CONTROL_PREFIX)) {
        await this.#control(req, res, path.slice(CONTROL_PREFIX.length));
        return;
      }
      await this.#api(req, res, path);
    } catch (error) {
      // Only a failure to even read the request lands here; API errors are answered in #api.
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: "server_error" } });
      else res.destroy();
    }
  }

  async #api(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const route = req.method === "POST" ? API_ROUTES[path.split("?")[0] ?? ""] : undefined;
    const entry: { -readonly [K in keyof FakeLlmRecordedRequest]: FakeLlmRecordedRequest[K] } = {
      seq: this.#recorded.length + 1,
      method: req.method ?? "",
      path,
      headers,
      kind: route ?? "other",
      status: 200,
    };
    this.#recorded.push(entry);
    let answer: { status: number; contentType: string; body: Buffer };
    try {
      const text = await readBody(req);
      if (!route) {
        throw new FakeLlmRequestError(
          404,
          `Unknown request URL: ${req.method} ${path}. The fake provider serves POST ${Object.keys(API_ROUTES).join(", ")}.`,
          "invalid_request_error",
          "unknown_url",
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        throw new FakeLlmRequestError(400, "We could not parse the JSON body of your request.");
      }
      // Read before the key check so a refused request still shows what was sent.
      if (route === "chat") entry.chat = readChatRequest(parsed);
      else if (route === "embeddings") entry.embeddings = readEmbeddingRequest(parsed);
      else if (route === "images") entry.images = readImageRequest(parsed);
      else entry.speech = readSpeechRequest(parsed);
      if (headers.authorization !== `Bearer ${this.apiKey}`) {
        throw new FakeLlmRequestError(
          401,
          "Incorrect API key provided. The fake provider expects the key it was started with.",
          "invalid_request_error",
          "invalid_api_key",
        );
      }
      if (entry.chat) checkChatRequest(entry.chat);
      answer = this.#answer(entry);
    } catch (error) {
      const refusal =
        error instanceof FakeLlmRequestError
          ? error
          : new FakeLlmRequestError(500, `fake provider failed: ${String(error)}`, "server_error");
      entry.error = refusal.message;
      answer = json(refusal.status, refusal.toBody());
    }
    entry.status = answer.status;
    res.writeHead(answer.status, { "content-type": answer.contentType, "content-length": answer.body.length });
    res.end(answer.body);
  }

  #answer(entry: FakeLlmRecordedRequest): { status: number; contentType: string; body: Buffer } {
    if (entry.chat) return json(200, buildResponse(entry.chat, this.#replyFor(entry.chat), this.#responseIds));
    if (entry.embeddings) return json(200, buildEmbeddingResponse(entry.embeddings, this.#embeddingDimensions));
    if (entry.images) return json(200, buildImageResponse(entry.images));
    const speech = entry.speech!;
    return {
      status: 200,
      contentType: FAKE_SPEECH_FORMATS[speech.responseFormat],
      body: fakeSpeech(speech.input, speech.responseFormat, speech.speed),
    };
  }

  #replyFor(request: FakeLlmChatRequest): FakeLlmChatReply {
    const reply = this.#handler?.(request) ?? this.#scripts.next(request);
    if (reply) return reply;
    const why = this.#scripts.has(request.model)
      ? "its script has no reply left, no matching rule and no fallback"
      : "no script is set for it";
    throw new FakeLlmRequestError(
      400,
      `fake provider: nothing to answer for model '${request.model}': ${why}.`,
      "invalid_request_error",
      "fake_no_reply",
    );
  }

  async #control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const url = new URL(path, this.url);
    const model = url.searchParams.get("model") ?? undefined;
    try {
      if (req.method === "GET" && url.pathname === "/info") {
        sendJson(res, 200, { baseURL: this.baseURL, apiKey: this.apiKey });
      } else if (req.method === "PUT" && url.pathname === "/script" && model !== undefined) {
        await this.script(model, JSON.parse(await readBody(req)) as FakeLlmScript);
        sendJson(res, 200, {});
      } else if (req.method === "GET" && url.pathname === "/requests") {
        sendJson(res, 200, await this.requests({ model }));
      } else if (req.method === "POST" && url.pathname === "/reset") {
        await this.reset(model);
        sendJson(res, 200, {});
      } else {
        sendJson(res, 404, { message: `unknown control request ${req.method} ${CONTROL_PREFIX}${path}` });
      }
    } catch (error) {
      sendJson(res, 400, { message: error instanceof Error ? error.message : String(error) });
    }
  }
}
