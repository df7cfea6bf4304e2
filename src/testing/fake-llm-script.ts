// Scripts of the fake provider: checking a FakeLlmScript's shape (it may arrive as JSON from another
// process) and choosing the reply for a request: next queued reply, first matching rule, fallback.
import { FakeLlmError } from "./errors.js";
import { chatMatches } from "./fake-llm-responses.js";
import type { FakeLlmChatMatch, FakeLlmChatReply, FakeLlmChatRequest, FakeLlmScript } from "./fake-llm-types.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(path: string, message: string): never {
  throw new FakeLlmError(`${path}: ${message}`);
}

const REPLY_KINDS = ["text", "json", "toolCalls", "error"] as const;

function checkUsage(value: unknown, path: string): void {
  if (value === undefined) return;
  if (!isRecord(value)) fail(path, "must be an object");
  for (const key of ["inputTokens", "outputTokens", "reasoningTokens"]) {
    const n = value[key];
    if (n !== undefined && !(Number.isInteger(n) && (n as number) >= 0))
      fail(`${path}.${key}`, "must be a non-negative integer");
  }
}

/** Throws FakeLlmError naming the field path when `reply` is not a FakeLlmChatReply. */
export function checkReply(reply: unknown, path: string): asserts reply is FakeLlmChatReply {
  if (!isRecord(reply)) fail(path, "must be an object with one of text, json, toolCalls or error");
  const kinds = REPLY_KINDS.filter((kind) => kind in reply && !(kind === "text" && "toolCalls" in reply));
  if (kinds.length !== 1) {
    fail(
      path,
      `must have exactly one of text, json, toolCalls or error (found ${kinds.length ? kinds.join(", ") : "none"})`,
    );
  }
  const kind = kinds[0]!;
  if (kind === "text" ? typeof reply.text !== "string" : reply.text !== undefined && typeof reply.text !== "string") {
    fail(`${path}.text`, "must be a string");
  }
  if (kind === "text") {
    if (reply.reasoning !== undefined && typeof reply.reasoning !== "string")
      fail(`${path}.reasoning`, "must be a string");
    if (reply.incomplete !== undefined && typeof reply.incomplete !== "boolean")
      fail(`${path}.incomplete`, "must be a boolean");
  }
  if (kind === "json" && reply.json === undefined) fail(`${path}.json`, "must be a JSON value");
  if (kind === "toolCalls") {
    if (!Array.isArray(reply.toolCalls) || reply.toolCalls.length === 0)
      fail(`${path}.toolCalls`, "must be a non-empty array");
    reply.toolCalls.forEach((call: unknown, i) => {
      const at = `${path}.toolCalls[${i}]`;
      if (!isRecord(call)) fail(at, "must be an object");
      if (typeof call.name !== "string" || call.name === "") fail(`${at}.name`, "must be a non-empty string");
      if (call.arguments !== undefined && typeof call.arguments !== "string" && !isRecord(call.arguments))
        fail(`${at}.arguments`, "must be an object or a JSON string");
      if (call.callId !== undefined && (typeof call.callId !== "string" || call.callId === ""))
        fail(`${at}.callId`, "must be a non-empty string");
    });
  }
  if (kind === "error") {
    const error = reply.error;
    if (!isRecord(error)) fail(`${path}.error`, "must be an object");
    if (!(Number.isInteger(error.status) && (error.status as number) >= 400 && (error.status as number) <= 599))
      fail(`${path}.error.status`, "must be an HTTP error status (400-599)");
    if (typeof error.message !== "string") fail(`${path}.error.message`, "must be a string");
  } else {
    checkUsage(reply.usage, `${path}.usage`);
  }
}

function checkMatch(match: unknown, path: string): asserts match is FakeLlmChatMatch {
  if (!isRecord(match)) fail(path, "must be an object");
  const known = ["lastUserMessage", "anyUserMessage", "instructions", "toolOffered", "hasToolOutputs"];
  for (const key of Object.keys(match))
    if (!known.includes(key)) fail(`${path}.${key}`, `is not a condition (use ${known.join(", ")})`);
  for (const key of ["lastUserMessage", "anyUserMessage"] as const) {
    const pattern = match[key];
    if (pattern === undefined || typeof pattern === "string") continue;
    if (!isRecord(pattern) || typeof pattern.regex !== "string")
      fail(`${path}.${key}`, "must be a string or { regex, flags? }");
    try {
      new RegExp(pattern.regex, typeof pattern.flags === "string" ? pattern.flags : undefined);
    } catch (error) {
      fail(`${path}.${key}.regex`, (error as Error).message);
    }
  }
  if (match.instructions !== undefined && typeof match.instructions !== "string")
    fail(`${path}.instructions`, "must be a string");
  if (match.toolOffered !== undefined && typeof match.toolOffered !== "string")
    fail(`${path}.toolOffered`, "must be a string");
  if (match.hasToolOutputs !== undefined && typeof match.hasToolOutputs !== "boolean")
    fail(`${path}.hasToolOutputs`, "must be a boolean");
}

/** Throws FakeLlmError naming the field path when `script` is not a FakeLlmScript. */
export function checkScript(script: unknown, path = "script"): asserts script is FakeLlmScript {
  if (!isRecord(script)) fail(path, "must be an object with replies, rules and/or fallback");
  for (const key of Object.keys(script))
    if (!["replies", "rules", "fallback"].includes(key))
      fail(`${path}.${key}`, "is not a script field (use replies, rules, fallback)");
  if (script.replies !== undefined) {
    if (!Array.isArray(script.replies)) fail(`${path}.replies`, "must be an array");
    script.replies.forEach((reply: unknown, i) => checkReply(reply, `${path}.replies[${i}]`));
  }
  if (script.rules !== undefined) {
    if (!Array.isArray(script.rules)) fail(`${path}.rules`, "must be an array");
    script.rules.forEach((rule: unknown, i) => {
      if (!isRecord(rule)) fail(`${path}.rules[${i}]`, "must be an object with when and reply");
      checkMatch(rule.when, `${path}.rules[${i}].when`);
      checkReply(rule.reply, `${path}.rules[${i}].reply`);
    });
  }
  if (script.fallback !== undefined) checkReply(script.fallback, `${path}.fallback`);
}

/** Scripts by model name, with the queued replies still to give. */
export class ModelScripts {
  readonly #scripts = new Map<string, { queue: FakeLlmChatReply[]; script: FakeLlmScript }>();

  set(model: string, script: FakeLlmScript): void {
    if (typeof model !== "string" || model === "") throw new FakeLlmError("model: must be a non-empty string");
    checkScript(script);
    const copy = structuredClone(script);
    this.#scripts.set(model, { queue: [...(copy.replies ?? [])], script: copy });
  }

  /** The reply for `request`, or undefined when its model has no script or nothing in it applies. */
  next(request: FakeLlmChatRequest): FakeLlmChatReply | undefined {
    const entry = this.#scripts.get(request.model);
    if (!entry) return undefined;
    const queued = entry.queue.shift();
    if (queued) return queued;
    const rule = entry.script.rules?.find((r) => chatMatches(r.when, request));
    return rule?.reply ?? entry.script.fallback;
  }

  has(model: string): boolean {
    return this.#scripts.has(model);
  }

  reset(model?: string): void {
    if (model === undefined) this.#scripts.clear();
    else this.#scripts.delete(model);
  }
}
