// Public types of the fake LLM provider: what a test scripts (replies, rules) and what it reads back
// (the requests the Conductor server sent). Plain data only, so a script can cross a process boundary
// (the control endpoint) unchanged.

/** One function tool the server offered the model (a Responses API `{"type":"function"}` tool). */
export interface FakeLlmTool {
  readonly name: string;
  readonly description?: string;
  /** JSON Schema of the arguments (`parameters` on the wire). */
  readonly parameters?: unknown;
}

/** One item of a Responses API `input`, normalised. */
export type FakeLlmInputItem =
  | {
      readonly type: "message";
      readonly role: "user" | "assistant" | "system" | "developer";
      /** The message text (text parts joined with "\n"). */
      readonly text: string;
      /** `image_url` of each `input_image` part (URLs or data: URIs). */
      readonly images: readonly string[];
    }
  | {
      /** The model asked for a tool earlier in the conversation (replayed by the server as history). */
      readonly type: "function_call";
      readonly callId: string;
      readonly name: string;
      /** `arguments` parsed as JSON (the raw string when it is not JSON). */
      readonly arguments: unknown;
    }
  | {
      /** A tool's result, sent back to the model. */
      readonly type: "function_call_output";
      readonly callId: string;
      /** `output` as sent (the server sends the tool task's output as a JSON string). */
      readonly output: string;
      /** `output` parsed as JSON (the raw string when it is not JSON). */
      readonly parsedOutput: unknown;
    };

/** A POST /v1/responses request as the fake received it. */
export interface FakeLlmChatRequest {
  readonly model: string;
  /** System prompt: the server sends system messages (and LLM_TEXT_COMPLETE's prompt) as `instructions`. */
  readonly instructions: string | undefined;
  readonly input: readonly FakeLlmInputItem[];
  readonly tools: readonly FakeLlmTool[];
  /** Text of the last `user` message in `input`. */
  readonly lastUserMessage: string | undefined;
  /** `max_output_tokens`. */
  readonly maxOutputTokens: number | undefined;
  readonly temperature: number | undefined;
  /** `top_p`. */
  readonly topP: number | undefined;
  /** True when `text.format.type` is `json_object` (the task's `jsonOutput: true`). */
  readonly jsonOutput: boolean;
  /** `previous_response_id`. */
  readonly previousResponseId: string | undefined;
  /** `reasoning` (`{ effort, summary }`) when sent. */
  readonly reasoning: { readonly effort?: string; readonly summary?: string } | undefined;
  /** The whole request body, unchanged. */
  readonly body: Readonly<Record<string, unknown>>;
}

/** A POST /v1/embeddings request as the fake received it. */
export interface FakeLlmEmbeddingRequest {
  readonly model: string;
  /** `input` as a list (the server sends one string per request). */
  readonly input: readonly string[];
  readonly dimensions: number | undefined;
  readonly body: Readonly<Record<string, unknown>>;
}

/** A POST /v1/images/generations request as the fake received it (GENERATE_IMAGE). */
export interface FakeLlmImageRequest {
  readonly model: string;
  readonly prompt: string;
  /** Number of images asked for. */
  readonly n: number;
  /** From `size` ("WIDTHxHEIGHT", default 1024x1024). */
  readonly width: number;
  readonly height: number;
  readonly style: string | undefined;
  /** `response_format` ("b64_json" from the server; left out for gpt-image models). */
  readonly responseFormat: string | undefined;
  readonly body: Readonly<Record<string, unknown>>;
}

/** A POST /v1/audio/speech request as the fake received it (GENERATE_AUDIO). */
export interface FakeLlmSpeechRequest {
  readonly model: string;
  /** The text to speak. */
  readonly input: string;
  readonly voice: string;
  readonly responseFormat: "mp3" | "wav" | "pcm";
  readonly speed: number;
  readonly body: Readonly<Record<string, unknown>>;
}

/** Every HTTP request the fake received on its API (control requests are not recorded). */
export interface FakeLlmRecordedRequest {
  /** Arrival order, from 1. */
  readonly seq: number;
  readonly method: string;
  /** Path and query, e.g. "/v1/responses". */
  readonly path: string;
  /** Request headers (lower-case names). `authorization` carries the server's API key. */
  readonly headers: Readonly<Record<string, string>>;
  readonly kind: "chat" | "embeddings" | "images" | "speech" | "other";
  /** Set when kind is "chat". */
  readonly chat?: FakeLlmChatRequest;
  /** Set when kind is "embeddings". */
  readonly embeddings?: FakeLlmEmbeddingRequest;
  /** Set when kind is "images". */
  readonly images?: FakeLlmImageRequest;
  /** Set when kind is "speech". */
  readonly speech?: FakeLlmSpeechRequest;
  /** HTTP status the fake answered with. */
  readonly status: number;
  /** Why the fake refused the request (status >= 400), as in its error body. */
  readonly error?: string;
}

/** A tool call the scripted model makes. */
export interface FakeLlmToolCall {
  /** Name of a tool the request offered. */
  readonly name: string;
  /** Arguments object (serialised as JSON on the wire) or a raw JSON string. */
  readonly arguments?: Readonly<Record<string, unknown>> | string;
  /**
   * `call_id` on the wire; the server uses it as the tool call's `taskReferenceName`.
   * Default: `call_<n>`, unique across the provider's lifetime.
   */
  readonly callId?: string;
}

/** Token counts to report instead of the fake's estimate (about 4 characters per token). */
export interface FakeLlmUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly reasoningTokens?: number;
}

/** What the fake model answers to one chat request. */
export type FakeLlmChatReply =
  | {
      /** Assistant text. */
      readonly text: string;
      /** Chain-of-thought summary, sent as a `reasoning` output item (the task's `reasoning` output). */
      readonly reasoning?: string;
      /** Answer with status "incomplete" (max_output_tokens): the task reports finishReason MAX_TOKENS. */
      readonly incomplete?: boolean;
      readonly usage?: FakeLlmUsage;
    }
  | {
      /** A JSON value sent as the assistant text (`JSON.stringify(json)`). */
      readonly json: unknown;
      readonly usage?: FakeLlmUsage;
    }
  | {
      /** Function calls: the task completes with finishReason TOOL_CALLS and `toolCalls` in its output. */
      readonly toolCalls: readonly FakeLlmToolCall[];
      /** Optional text sent beside the calls. */
      readonly text?: string;
      readonly usage?: FakeLlmUsage;
    }
  | {
      /** An HTTP error in OpenAI's error format. 429 and 5xx are retried by the server's HTTP client. */
      readonly error: {
        readonly status: number;
        readonly message: string;
        readonly type?: string;
        readonly code?: string;
      };
    };

/** Conditions a rule checks on a chat request; every condition given must hold. */
export interface FakeLlmChatMatch {
  /**
   * The last user message contains this text (or matches `{ regex, flags }`). The server may append
   * user messages of its own (with `jsonOutput`, or after tool results): see `anyUserMessage`.
   */
  readonly lastUserMessage?: string | { readonly regex: string; readonly flags?: string };
  /** Some user message contains this text (or matches `{ regex, flags }`). */
  readonly anyUserMessage?: string | { readonly regex: string; readonly flags?: string };
  /** The instructions (system prompt) contain this text. */
  readonly instructions?: string;
  /** A tool with this name was offered. */
  readonly toolOffered?: string;
  /** Whether the input carries tool results (`function_call_output` items). */
  readonly hasToolOutputs?: boolean;
}

/** A reply given whenever its `when` matches; rules are not used up. */
export interface FakeLlmChatRule {
  readonly when: FakeLlmChatMatch;
  readonly reply: FakeLlmChatReply;
}

/**
 * How the fake answers chat requests for one model name. For each request: the next entry of
 * `replies` (used up in order), else the first matching rule, else `fallback`, else HTTP 400
 * naming the model, so a missing script fails the task loudly instead of inventing an answer.
 */
export interface FakeLlmScript {
  readonly replies?: readonly FakeLlmChatReply[];
  readonly rules?: readonly FakeLlmChatRule[];
  readonly fallback?: FakeLlmChatReply;
}

/** Filter for reading back recorded requests. */
export interface FakeLlmRequestFilter {
  /** Only requests for this model. */
  readonly model?: string;
}

/**
 * The control surface shared by the in-process provider and a client connected to one in another
 * process (`FakeLlmProvider.connect(url)`), so the same test code drives both.
 */
export interface FakeLlmControl {
  /** Base URL of the OpenAI-compatible API, ending in `/v1` (give it to `conductor.ai.openai.baseURL`). */
  readonly baseURL: string;
  /** The API key the fake accepts (requests with another key get HTTP 401). */
  readonly apiKey: string;
  /** Sets (replaces) the script for `model`. */
  script(model: string, script: FakeLlmScript): Promise<void>;
  /** Chat requests received, oldest first. */
  chatRequests(filter?: FakeLlmRequestFilter): Promise<FakeLlmChatRequest[]>;
  /** Embedding requests received, oldest first. */
  embeddingRequests(filter?: FakeLlmRequestFilter): Promise<FakeLlmEmbeddingRequest[]>;
  /** Image generation requests received, oldest first. */
  imageRequests(filter?: FakeLlmRequestFilter): Promise<FakeLlmImageRequest[]>;
  /** Speech requests received, oldest first. */
  speechRequests(filter?: FakeLlmRequestFilter): Promise<FakeLlmSpeechRequest[]>;
  /** Every API request received (including refused and unknown ones), oldest first. */
  requests(filter?: FakeLlmRequestFilter): Promise<FakeLlmRecordedRequest[]>;
  /** Forgets scripts and recorded requests: of `model` only, or all of them. */
  reset(model?: string): Promise<void>;
}
