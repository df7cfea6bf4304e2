// The OpenAI Responses API (POST /v1/responses) as the fake speaks it: reading a request into a
// FakeLlmChatRequest, refusing what OpenAI refuses, and writing a reply as a Response object.
// Field names follow the Conductor server's client (ai/.../providers/openai/api/OpenAIResponsesApi.java).
import type {
  FakeLlmChatMatch,
  FakeLlmChatReply,
  FakeLlmChatRequest,
  FakeLlmInputItem,
  FakeLlmTool,
  FakeLlmUsage,
} from "./fake-llm-types.js";

/**
 * A request the fake refuses, with the HTTP status and OpenAI-style error it answers. Internal to the fake's HTTP
 * handler, which turns it into the error answer; it never reaches a caller (sdk-errors-exempt).
 */
export class FakeLlmRequestError extends Error {
  override name = "FakeLlmRequestError";
  constructor(
    readonly status: number,
    message: string,
    readonly type = "invalid_request_error",
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toBody(): { error: { message: string; type: string; code: string | null; param: string | null } } {
    return { error: { message: this.message, type: this.type, code: this.code, param: this.param } };
  }
}

/** HTTP 400 for a missing request field, worded as OpenAI words it. */
export function missingParameter(param: string): FakeLlmRequestError {
  return new FakeLlmRequestError(
    400,
    `Missing required parameter: '${param}'.`,
    "invalid_request_error",
    "missing_required_parameter",
    param,
  );
}

/** HTTP 400 for a request field with a bad value: "Invalid '<param>': <message>". */
export function invalidParameter(param: string, message: string): FakeLlmRequestError {
  return new FakeLlmRequestError(400, `Invalid '${param}': ${message}`, "invalid_request_error", null, param);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJsonOrKeep(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const optionalNumber = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
const optionalString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function messageText(content: unknown, at: string): { text: string; images: string[] } {
  if (typeof content === "string") return { text: content, images: [] };
  if (!Array.isArray(content))
    throw new FakeLlmRequestError(
      400,
      `Invalid '${at}.content': expected a string or an array of content parts.`,
      "invalid_request_error",
      null,
      `${at}.content`,
    );
  const texts: string[] = [];
  const images: string[] = [];
  content.forEach((part: unknown, i) => {
    if (!isRecord(part)) throw new FakeLlmRequestError(400, `Invalid '${at}.content[${i}]': expected an object.`);
    if (part.type === "input_text" || part.type === "output_text") texts.push(String(part.text ?? ""));
    else if (part.type === "input_image") images.push(String(part.image_url ?? ""));
    else
      throw new FakeLlmRequestError(
        400,
        `Invalid '${at}.content[${i}].type': '${String(part.type)}' is not supported.`,
      );
  });
  return { text: texts.join("\n"), images };
}

function readInputItem(item: unknown, at: string): FakeLlmInputItem {
  if (!isRecord(item))
    throw new FakeLlmRequestError(400, `Invalid '${at}': expected an object.`, "invalid_request_error", null, at);
  const type = item.type ?? "message";
  if (type === "message") {
    const role = item.role;
    if (role !== "user" && role !== "assistant" && role !== "system" && role !== "developer") {
      throw new FakeLlmRequestError(
        400,
        `Invalid '${at}.role': '${String(role)}'. Supported values are: 'assistant', 'system', 'developer', and 'user'.`,
        "invalid_request_error",
        null,
        `${at}.role`,
      );
    }
    return { type: "message", role, ...messageText(item.content, at) };
  }
  if (type === "function_call") {
    if (typeof item.call_id !== "string" || typeof item.name !== "string") {
      throw new FakeLlmRequestError(
        400,
        `Invalid '${at}': a function_call needs 'call_id' and 'name'.`,
        "invalid_request_error",
        null,
        at,
      );
    }
    const raw = typeof item.arguments === "string" ? item.arguments : JSON.stringify(item.arguments ?? {});
    return { type: "function_call", callId: item.call_id, name: item.name, arguments: parseJsonOrKeep(raw) };
  }
  if (type === "function_call_output") {
    if (typeof item.call_id !== "string") {
      throw new FakeLlmRequestError(
        400,
        `Missing required parameter: '${at}.call_id'.`,
        "invalid_request_error",
        "missing_required_parameter",
        `${at}.call_id`,
      );
    }
    const output = typeof item.output === "string" ? item.output : JSON.stringify(item.output ?? null);
    return { type: "function_call_output", callId: item.call_id, output, parsedOutput: parseJsonOrKeep(output) };
  }
  throw new FakeLlmRequestError(
    400,
    `Invalid '${at}.type': '${String(type)}' is not supported by the fake provider.`,
    "invalid_request_error",
    null,
    `${at}.type`,
  );
}

function readTools(value: unknown): FakeLlmTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter("tools", "expected an array.");
  const tools: FakeLlmTool[] = [];
  value.forEach((tool: unknown, i) => {
    if (!isRecord(tool)) throw new FakeLlmRequestError(400, `Invalid 'tools[${i}]': expected an object.`);
    // Built-in tools (web_search, code_interpreter, file_search) are not function tools the fake can call.
    if (tool.type !== "function") return;
    if (typeof tool.name !== "string" || tool.name === "") {
      throw new FakeLlmRequestError(
        400,
        `Missing required parameter: 'tools[${i}].name'.`,
        "invalid_request_error",
        "missing_required_parameter",
        `tools[${i}].name`,
      );
    }
    tools.push({ name: tool.name, description: optionalString(tool.description), parameters: tool.parameters });
  });
  return tools;
}

/** A request body that is a JSON object with a non-empty `model`, as every OpenAI API request needs. */
export function readModelRequest(body: unknown): Record<string, unknown> & { model: string } {
  if (!isRecord(body)) throw new FakeLlmRequestError(400, "The request body must be a JSON object.");
  if (typeof body.model !== "string" || body.model === "") {
    throw missingParameter("model");
  }
  return body as Record<string, unknown> & { model: string };
}

/** Reads a POST /v1/responses body; refuses one without a model or input, or with malformed items. */
export function readChatRequest(json: unknown): FakeLlmChatRequest {
  const body = readModelRequest(json);
  const rawInput = body.input;
  if (rawInput === undefined || rawInput === null) {
    throw missingParameter("input");
  }
  const input: FakeLlmInputItem[] =
    typeof rawInput === "string"
      ? [{ type: "message", role: "user", text: rawInput, images: [] }]
      : Array.isArray(rawInput)
        ? rawInput.map((item: unknown, i) => readInputItem(item, `input[${i}]`))
        : (() => {
            throw invalidParameter("input", "expected a string or an array.");
          })();
  const previousResponseId = optionalString(body.previous_response_id);
  const text = isRecord(body.text) && isRecord(body.text.format) ? body.text.format : undefined;
  const jsonOutput = text?.type === "json_object";
  const lastUser = [...input].reverse().find((item) => item.type === "message" && item.role === "user");
  const reasoning = isRecord(body.reasoning)
    ? { effort: optionalString(body.reasoning.effort), summary: optionalString(body.reasoning.summary) }
    : undefined;
  return {
    model: body.model,
    instructions: optionalString(body.instructions),
    input,
    tools: readTools(body.tools),
    lastUserMessage: lastUser?.type === "message" ? lastUser.text : undefined,
    maxOutputTokens: optionalNumber(body.max_output_tokens),
    temperature: optionalNumber(body.temperature),
    topP: optionalNumber(body.top_p),
    jsonOutput,
    previousResponseId,
    reasoning,
    body,
  };
}

/**
 * Refuses, as OpenAI does, a tool result without the call it answers (unless a previous response
 * holds the calls) and JSON mode without the word "json" in the input messages.
 */
export function checkChatRequest(request: FakeLlmChatRequest): void {
  if (request.previousResponseId === undefined) {
    const calls = new Set<string>();
    for (const item of request.input) {
      if (item.type === "function_call") calls.add(item.callId);
      if (item.type === "function_call_output" && !calls.has(item.callId)) {
        throw new FakeLlmRequestError(
          400,
          `No tool call found for function call output with call_id ${item.callId}.`,
          "invalid_request_error",
          null,
          "input",
        );
      }
    }
  }
  if (request.jsonOutput && !request.input.some((item) => item.type === "message" && /json/i.test(item.text))) {
    throw new FakeLlmRequestError(
      400,
      "'input' must contain the word 'json' in some form, to use 'text.format' of type 'json_object'.",
      "invalid_request_error",
      null,
      "input",
    );
  }
}

function textMatches(text: string, pattern: string | { readonly regex: string; readonly flags?: string }): boolean {
  return typeof pattern === "string" ? text.includes(pattern) : new RegExp(pattern.regex, pattern.flags).test(text);
}

/** Whether every condition of `match` holds for `request`. */
export function chatMatches(match: FakeLlmChatMatch, request: FakeLlmChatRequest): boolean {
  if (match.lastUserMessage !== undefined && !textMatches(request.lastUserMessage ?? "", match.lastUserMessage)) {
    return false;
  }
  if (
    match.anyUserMessage !== undefined &&
    !request.input.some(
      (item) => item.type === "message" && item.role === "user" && textMatches(item.text, match.anyUserMessage!),
    )
  ) {
    return false;
  }
  if (match.instructions !== undefined && !(request.instructions ?? "").includes(match.instructions)) return false;
  if (match.toolOffered !== undefined && !request.tools.some((t) => t.name === match.toolOffered)) return false;
  if (match.hasToolOutputs !== undefined) {
    const has = request.input.some((item) => item.type === "function_call_output");
    if (has !== match.hasToolOutputs) return false;
  }
  return true;
}

/** Rough token count used when a reply gives none: about four characters per token, at least one. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export interface ResponseIds {
  /** Next response id, e.g. "resp_fake_7". */
  responseId(): string;
  /** Next item id with a prefix, e.g. "msg_fake_3". */
  itemId(prefix: string): string;
  /** Next tool call id, e.g. "call_12". */
  callId(): string;
}

/**
 * Writes `reply` as a Responses API Response object, or throws FakeLlmRequestError for an error
 * reply or a tool call naming a tool the request did not offer.
 */
export function buildResponse(
  request: FakeLlmChatRequest,
  reply: FakeLlmChatReply,
  ids: ResponseIds,
  now = Date.now(),
): Record<string, unknown> {
  if ("error" in reply) {
    throw new FakeLlmRequestError(
      reply.error.status,
      reply.error.message,
      reply.error.type ?? "invalid_request_error",
      reply.error.code ?? null,
    );
  }
  const output: Record<string, unknown>[] = [];
  let outputText = "";
  const message = (text: string): void => {
    outputText = text;
    output.push({
      type: "message",
      id: ids.itemId("msg"),
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text, annotations: [] }],
    });
  };
  let status = "completed";
  if ("toolCalls" in reply) {
    if (reply.text) message(reply.text);
    for (const call of reply.toolCalls) {
      if (!request.tools.some((tool) => tool.name === call.name)) {
        const offered = request.tools.map((tool) => tool.name).join(", ") || "none";
        throw new FakeLlmRequestError(
          400,
          `fake provider: the scripted reply calls tool '${call.name}', but the request offered only: ${offered}.`,
          "invalid_request_error",
          "fake_unknown_tool",
        );
      }
      output.push({
        type: "function_call",
        id: ids.itemId("fc"),
        call_id: call.callId ?? ids.callId(),
        name: call.name,
        arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {}),
        status: "completed",
      });
    }
  } else if ("json" in reply) {
    message(JSON.stringify(reply.json));
  } else {
    if (reply.reasoning !== undefined) {
      output.push({
        type: "reasoning",
        id: ids.itemId("rs"),
        summary: [{ type: "summary_text", text: reply.reasoning }],
      });
    }
    message(reply.text);
    if (reply.incomplete) status = "incomplete";
  }
  const usage: FakeLlmUsage = reply.usage ?? {};
  const inputTokens =
    usage.inputTokens ?? estimateTokens(JSON.stringify(request.body.input ?? "") + (request.instructions ?? ""));
  const outputTokens = usage.outputTokens ?? estimateTokens(JSON.stringify(output));
  const reasoningTokens = usage.reasoningTokens ?? 0;
  return {
    id: ids.responseId(),
    object: "response",
    created_at: Math.floor(now / 1000),
    status,
    model: request.model,
    output,
    output_text: outputText,
    previous_response_id: request.previousResponseId ?? null,
    incomplete_details: status === "incomplete" ? { reason: "max_output_tokens" } : null,
    error: null,
    usage: {
      input_tokens: inputTokens,
      output_tokens: outputTokens,
      total_tokens: inputTokens + outputTokens,
      output_tokens_details: { reasoning_tokens: reasoningTokens },
    },
  };
}
