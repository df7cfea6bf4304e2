// The fake LLM provider over real HTTP on 127.0.0.1, driven with the request bodies the Conductor
// 3.32.3 server sends (recorded from it: see docs/ai-tasks.md), and through the control client.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../../src/errors/conductor-error.js";
import {
  DEFAULT_EMBEDDING_DIMENSIONS,
  DEFAULT_FAKE_LLM_API_KEY,
  FakeLlmError,
  FakeLlmProvider,
  fakeEmbedding,
  fakeImagePng,
  fakeSpeech,
} from "../../../src/testing/index.js";

// As sent by Conductor 3.32.3 for an LLM_CHAT_COMPLETE with instructions, jsonOutput and one SIMPLE tool.
const CHAT_WITH_TOOL = {
  model: "gpt-test",
  input: [
    { type: "message", role: "user", content: "Weather in Paris?" },
    { type: "message", role: "user", content: "Formatting instruction: return the response as json." },
  ],
  instructions: "You are a weather bot",
  tools: [
    {
      type: "function",
      name: "get_weather",
      description: "Weather for a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  ],
  max_output_tokens: 8192,
  text: { format: { type: "json_object" } },
};

// The second turn of the tool loop: the call and its result replayed, then the server's continuation.
const CHAT_WITH_TOOL_RESULT = {
  model: "gpt-test",
  input: [
    { type: "message", role: "user", content: "Weather in Paris?" },
    {
      type: "function_call",
      call_id: "call_p",
      name: "get_weather",
      arguments: '{"method":"get_weather","city":"Paris"}',
    },
    { type: "function_call_output", call_id: "call_p", output: '{"city":"Paris","temperatureC":20}' },
    { type: "message", role: "user", content: "Please continue where you left off." },
  ],
  instructions: "You are a weather bot",
  tools: CHAT_WITH_TOOL.tools,
  max_output_tokens: 8192,
};

let llm: FakeLlmProvider;
// Response bodies are OpenAI JSON read field by field in assertions.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

async function post(
  path: string,
  body: unknown,
  key = DEFAULT_FAKE_LLM_API_KEY,
): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${llm.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${key}` },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

const cosine = (a: number[], b: number[]): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

beforeAll(async () => {
  llm = await FakeLlmProvider.start();
});
afterAll(() => llm.stop());
beforeEach(async () => {
  llm.onChat(undefined);
  await llm.reset();
});

describe("FakeLlmProvider: POST /v1/responses", () => {
  it("answers a scripted text reply as a completed Response and records the request it read", async () => {
    await llm.script("gpt-test", { replies: [{ text: '{"answer":"sunny"}' }] });
    const { status, json } = await post("/v1/responses", CHAT_WITH_TOOL);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      object: "response",
      status: "completed",
      model: "gpt-test",
      output: [{ type: "message", role: "assistant", content: [{ type: "output_text", text: '{"answer":"sunny"}' }] }],
      output_text: '{"answer":"sunny"}',
    });
    expect(json.id).toMatch(/^resp_fake_\d+$/);
    expect(json.usage.total_tokens).toBe(json.usage.input_tokens + json.usage.output_tokens);

    const [request] = await llm.chatRequests();
    expect(request).toMatchObject({
      model: "gpt-test",
      instructions: "You are a weather bot",
      lastUserMessage: "Formatting instruction: return the response as json.",
      maxOutputTokens: 8192,
      temperature: undefined,
      jsonOutput: true,
      tools: [
        { name: "get_weather", description: "Weather for a city", parameters: CHAT_WITH_TOOL.tools[0]!.parameters },
      ],
    });
    expect(request!.input[0]).toEqual({ type: "message", role: "user", text: "Weather in Paris?", images: [] });
    expect(request!.body).toEqual(CHAT_WITH_TOOL);
    const [recorded] = await llm.requests();
    expect(recorded).toMatchObject({ seq: 1, method: "POST", path: "/v1/responses", kind: "chat", status: 200 });
    expect(recorded!.headers.authorization).toBe(`Bearer ${DEFAULT_FAKE_LLM_API_KEY}`);
  });

  it("answers tool calls as function_call items with unique call ids, and reads tool results back", async () => {
    await llm.script("gpt-test", {
      replies: [
        {
          toolCalls: [
            { name: "get_weather", arguments: { city: "Paris" } },
            { name: "get_weather", arguments: '{"city":"Rome"}', callId: "call_rome" },
          ],
        },
        { text: "Sunny in Paris" },
      ],
    });
    const first = await post("/v1/responses", CHAT_WITH_TOOL);
    const calls = first.json.output as { type: string; call_id: string; name: string; arguments: string }[];
    expect(calls.map((c) => [c.type, c.name, c.arguments])).toEqual([
      ["function_call", "get_weather", '{"city":"Paris"}'],
      ["function_call", "get_weather", '{"city":"Rome"}'],
    ]);
    expect(calls[0]!.call_id).toMatch(/^call_\d+$/);
    expect(calls[1]!.call_id).toBe("call_rome");

    const second = await post("/v1/responses", CHAT_WITH_TOOL_RESULT);
    expect(second.json.output_text).toBe("Sunny in Paris");
    const [, request] = await llm.chatRequests({ model: "gpt-test" });
    expect(request!.input.slice(1, 3)).toEqual([
      {
        type: "function_call",
        callId: "call_p",
        name: "get_weather",
        arguments: { method: "get_weather", city: "Paris" },
      },
      {
        type: "function_call_output",
        callId: "call_p",
        output: '{"city":"Paris","temperatureC":20}',
        parsedOutput: { city: "Paris", temperatureC: 20 },
      },
    ]);
  });

  it("refuses what OpenAI refuses, with OpenAI's error shape, and still records what was sent", async () => {
    await llm.script("gpt-test", { fallback: { text: "unused" } });
    const orphan = await post("/v1/responses", {
      ...CHAT_WITH_TOOL_RESULT,
      input: CHAT_WITH_TOOL_RESULT.input.slice(2),
    });
    expect(orphan.status).toBe(400);
    expect(orphan.json.error).toEqual({
      message: "No tool call found for function call output with call_id call_p.",
      type: "invalid_request_error",
      code: null,
      param: "input",
    });
    const noJsonWord = await post("/v1/responses", { ...CHAT_WITH_TOOL, input: CHAT_WITH_TOOL.input.slice(0, 1) });
    expect(noJsonWord.status).toBe(400);
    expect(noJsonWord.json.error.message).toContain("must contain the word 'json'");
    expect((await post("/v1/responses", { input: "hi" })).json.error.param).toBe("model");
    expect((await post("/v1/responses", { model: "gpt-test" })).json.error.param).toBe("input");
    expect((await post("/v1/responses", "{not json")).status).toBe(400);
    const recorded = await llm.requests();
    expect(recorded.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    expect(recorded[0]!.error).toContain("call_id call_p");
  });

  it("answers a wrong API key with 401 invalid_api_key", async () => {
    await llm.script("gpt-test", { fallback: { text: "unused" } });
    const { status, json } = await post("/v1/responses", CHAT_WITH_TOOL, "sk-wrong");
    expect(status).toBe(401);
    expect(json.error.code).toBe("invalid_api_key");
    const [recorded] = await llm.requests();
    expect(recorded).toMatchObject({ status: 401, kind: "chat" });
    expect(recorded!.chat!.model).toBe("gpt-test");
  });

  it("fails loudly when a model has no script or its script has nothing left", async () => {
    const none = await post("/v1/responses", CHAT_WITH_TOOL);
    expect(none.status).toBe(400);
    expect(none.json.error).toMatchObject({ code: "fake_no_reply" });
    expect(none.json.error.message).toBe(
      "fake provider: nothing to answer for model 'gpt-test': no script is set for it.",
    );
    await llm.script("gpt-test", { replies: [{ text: "once" }] });
    expect((await post("/v1/responses", CHAT_WITH_TOOL)).json.output_text).toBe("once");
    const spent = await post("/v1/responses", CHAT_WITH_TOOL);
    expect(spent.json.error.message).toContain("its script has no reply left, no matching rule and no fallback");
  });

  it("rejects a scripted call to a tool the request did not offer", async () => {
    await llm.script("gpt-test", { replies: [{ toolCalls: [{ name: "get_time" }] }] });
    const { status, json } = await post("/v1/responses", CHAT_WITH_TOOL);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: "fake_unknown_tool" });
    expect(json.error.message).toContain("calls tool 'get_time', but the request offered only: get_weather");
  });

  it("picks queued replies first, then the first matching rule, then the fallback", async () => {
    await llm.script("gpt-test", {
      replies: [{ text: "queued" }],
      rules: [
        { when: { hasToolOutputs: true }, reply: { text: "after the tool" } },
        {
          when: { lastUserMessage: { regex: "^weather", flags: "i" } },
          reply: { toolCalls: [{ name: "get_weather" }] },
        },
        { when: { instructions: "weather bot", toolOffered: "get_weather" }, reply: { json: { ok: true } } },
      ],
      fallback: { text: "fallback" },
    });
    const text = async (body: unknown) => (await post("/v1/responses", body)).json.output_text as string;
    expect(await text(CHAT_WITH_TOOL)).toBe("queued");
    expect(await text(CHAT_WITH_TOOL_RESULT)).toBe("after the tool");
    expect(await text(CHAT_WITH_TOOL)).toBe('{"ok":true}');
    const weather = { ...CHAT_WITH_TOOL_RESULT, input: [{ type: "message", role: "user", content: "Weather?" }] };
    expect((await post("/v1/responses", weather)).json.output[0].type).toBe("function_call");
    expect(await text({ model: "gpt-test", input: "hello" })).toBe("fallback");
  });

  it("asks an in-process handler before the scripts", async () => {
    await llm.script("gpt-test", { fallback: { text: "script" } });
    llm.onChat((request) =>
      request.lastUserMessage === "hello" ? { text: `handler saw ${request.model}` } : undefined,
    );
    expect((await post("/v1/responses", { model: "gpt-test", input: "hello" })).json.output_text).toBe(
      "handler saw gpt-test",
    );
    expect((await post("/v1/responses", { model: "gpt-test", input: "other" })).json.output_text).toBe("script");
  });

  it("answers error, incomplete and reasoning replies the way the server maps them", async () => {
    await llm.script("gpt-test", {
      replies: [
        { error: { status: 429, message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } },
        { text: "partial", incomplete: true, usage: { inputTokens: 7, outputTokens: 3 } },
        { text: "done", reasoning: "thought about it", usage: { reasoningTokens: 5 } },
      ],
    });
    const limited = await post("/v1/responses", { model: "gpt-test", input: "a" });
    expect(limited).toEqual({
      status: 429,
      json: { error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded", param: null } },
    });
    const partial = await post("/v1/responses", { model: "gpt-test", input: "b" });
    expect(partial.json).toMatchObject({
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
      usage: { input_tokens: 7, output_tokens: 3, total_tokens: 10 },
    });
    const reasoned = await post("/v1/responses", { model: "gpt-test", input: "c" });
    expect(reasoned.json.output[0]).toMatchObject({
      type: "reasoning",
      summary: [{ type: "summary_text", text: "thought about it" }],
    });
    expect(reasoned.json.usage.output_tokens_details.reasoning_tokens).toBe(5);
  });

  it("answers other paths with 404 and records them", async () => {
    const { status, json } = await post("/v1/chat/completions", { model: "gpt-test", messages: [] });
    expect(status).toBe(404);
    expect(json.error.code).toBe("unknown_url");
    expect(json.error.message).toContain("/v1/responses, /v1/embeddings, /v1/images/generations, /v1/audio/speech");
    const [recorded] = await llm.requests();
    expect(recorded).toMatchObject({ kind: "other", path: "/v1/chat/completions", status: 404 });
  });

  it("matches a rule on any user message, as the server appends messages of its own", async () => {
    await llm.script("gpt-test", {
      rules: [{ when: { anyUserMessage: "Paris" }, reply: { json: { city: "Paris" } } }],
    });
    // The last user message is the server's "Formatting instruction: ..."; the question comes before it.
    expect((await post("/v1/responses", CHAT_WITH_TOOL)).json.output_text).toBe('{"city":"Paris"}');
  });
});

describe("FakeLlmProvider: POST /v1/embeddings", () => {
  it("returns the deterministic embedding of the input, of the requested length", async () => {
    // As sent by Conductor 3.32.3 for LLM_GENERATE_EMBEDDINGS with dimensions 3.
    const { status, json } = await post("/v1/embeddings", {
      model: "text-embedding-3-small",
      input: "hello",
      dimensions: 3,
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      object: "list",
      model: "text-embedding-3-small",
      data: [{ object: "embedding", index: 0 }],
    });
    expect(json.data[0].embedding).toEqual(fakeEmbedding("hello", 3));
    expect(json.data[0].embedding).toHaveLength(3);
    const [request] = await llm.embeddingRequests({ model: "text-embedding-3-small" });
    expect(request).toMatchObject({ model: "text-embedding-3-small", input: ["hello"], dimensions: 3 });

    const defaulted = await post("/v1/embeddings", { model: "m", input: ["a b", "c"] });
    expect(defaulted.json.data.map((d: { embedding: number[] }) => d.embedding.length)).toEqual([
      DEFAULT_EMBEDDING_DIMENSIONS,
      DEFAULT_EMBEDDING_DIMENSIONS,
    ]);
    const base64 = await post("/v1/embeddings", { model: "m", input: "hello world", encoding_format: "base64" });
    const bytes = Buffer.from(base64.json.data[0].embedding as string, "base64");
    expect([...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)]).toEqual(
      fakeEmbedding("hello world"),
    );
  });

  it("refuses a missing model, empty input and bad dimensions", async () => {
    expect((await post("/v1/embeddings", { input: "x" })).json.error.param).toBe("model");
    expect((await post("/v1/embeddings", { model: "m", input: "" })).json.error.param).toBe("input");
    expect((await post("/v1/embeddings", { model: "m", input: [] })).json.error.param).toBe("input");
    expect((await post("/v1/embeddings", { model: "m", input: "x", dimensions: 0 })).json.error.param).toBe(
      "dimensions",
    );
  });
});

describe("FakeLlmProvider: images and speech", () => {
  it("answers POST /v1/images/generations with n base64 PNGs of the requested size", async () => {
    // As the server's OpenAIHttpImageModel sends it for GENERATE_IMAGE.
    const body = {
      model: "dall-e-3",
      prompt: "a red fox",
      n: 2,
      size: "64x32",
      style: "vivid",
      response_format: "b64_json",
    };
    const { status, json } = await post("/v1/images/generations", body);
    expect(status).toBe(200);
    expect(json.data).toHaveLength(2);
    const png = Buffer.from(json.data[0].b64_json as string, "base64");
    expect(png).toEqual(fakeImagePng("a red fox", 64, 32));
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([64, 32]);
    expect(fakeImagePng("a red fox", 64, 32)).not.toEqual(fakeImagePng("a blue fox", 64, 32));
    expect(await llm.imageRequests({ model: "dall-e-3" })).toEqual([
      {
        model: "dall-e-3",
        prompt: "a red fox",
        n: 2,
        width: 64,
        height: 32,
        style: "vivid",
        responseFormat: "b64_json",
        body,
      },
    ]);
    expect((await post("/v1/images/generations", { ...body, size: "big" })).json.error.param).toBe("size");
    expect((await post("/v1/images/generations", { ...body, response_format: "url" })).json.error.param).toBe(
      "response_format",
    );
    expect((await post("/v1/images/generations", { model: "m" })).json.error.param).toBe("prompt");
  });

  it("answers POST /v1/audio/speech with silent audio of the asked format", async () => {
    const speak = async (format: string) => {
      const response = await fetch(`${llm.url}/v1/audio/speech`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${llm.apiKey}` },
        body: JSON.stringify({
          model: "tts-1",
          input: "hello there world",
          voice: "alloy",
          response_format: format,
          speed: 1.0,
        }),
      });
      return {
        status: response.status,
        type: response.headers.get("content-type"),
        bytes: Buffer.from(await response.arrayBuffer()),
      };
    };
    const mp3 = await speak("mp3");
    expect(mp3).toMatchObject({ status: 200, type: "audio/mpeg" });
    expect(mp3.bytes).toEqual(fakeSpeech("hello there world", "mp3"));
    expect([...mp3.bytes.subarray(0, 4)]).toEqual([0xff, 0xfb, 0x90, 0xc0]);
    expect(mp3.bytes.length % 417).toBe(0);
    const wav = await speak("wav");
    expect(wav.type).toBe("audio/wav");
    expect(wav.bytes.subarray(0, 4).toString("latin1")).toBe("RIFF");
    // 3 words, 0.4 s each, 24 kHz 16-bit mono
    expect(wav.bytes.readUInt32LE(40)).toBe(Math.round(1.2 * 24_000) * 2);
    expect((await speak("opus")).status).toBe(400);
    const [request] = await llm.speechRequests({ model: "tts-1" });
    expect(request).toMatchObject({
      model: "tts-1",
      input: "hello there world",
      voice: "alloy",
      responseFormat: "mp3",
      speed: 1,
    });
  });
});

describe("fakeEmbedding", () => {
  it("is a unit vector, equal for equal text, and closer for texts that share words", () => {
    const a = fakeEmbedding("the cat sat on the mat", 64);
    expect(fakeEmbedding("The cat sat on the mat!", 64)).toEqual(a);
    expect(Math.hypot(...a)).toBeCloseTo(1, 6);
    const near = fakeEmbedding("a cat on a mat", 64);
    const far = fakeEmbedding("quarterly revenue grew strongly", 64);
    expect(cosine(a, near)).toBeGreaterThan(cosine(a, far));
    expect(fakeEmbedding("!!!", 4)).toEqual([0, 0, 0, 0]);
    expect(() => fakeEmbedding("x", 0)).toThrow(InvalidArgumentError);
  });
});

describe("FakeLlmProvider scripts and control", () => {
  it("names the bad field of a malformed script", async () => {
    await expect(llm.script("m", { replies: [{ text: "a" }, { text: "b", json: 1 } as never] })).rejects.toThrow(
      new FakeLlmError("script.replies[1]: must have exactly one of text, json, toolCalls or error (found text, json)"),
    );
    await expect(
      llm.script("m", { rules: [{ when: { lastUserMessage: { regex: "(" } }, reply: { text: "x" } }] }),
    ).rejects.toThrow(/^script\.rules\[0\]\.when\.lastUserMessage\.regex: /);
    await expect(llm.script("m", { fallback: { toolCalls: [{ name: "" }] } })).rejects.toThrow(
      "script.fallback.toolCalls[0].name: must be a non-empty string",
    );
    await expect(llm.script("m", { replies: [{ error: { status: 200, message: "x" } }] })).rejects.toThrow(
      "script.replies[0].error.status: must be an HTTP error status (400-599)",
    );
    await expect(llm.script("m", { reply: [] } as never)).rejects.toThrow("script.reply: is not a script field");
    await expect(llm.script("", {})).rejects.toThrow("model: must be a non-empty string");
  });

  it("is driven the same way from another process through FakeLlmProvider.connect", async () => {
    const client = await FakeLlmProvider.connect(`${llm.url}/`);
    expect(client.baseURL).toBe(llm.baseURL);
    expect(client.apiKey).toBe(llm.apiKey);
    await client.script("remote", { replies: [{ text: "r1" }] });
    await client.script("other", { fallback: { text: "o" } });
    expect((await post("/v1/responses", { model: "remote", input: "q" })).json.output_text).toBe("r1");
    await post("/v1/responses", { model: "other", input: "q" });
    expect((await client.chatRequests({ model: "remote" })).map((r) => r.lastUserMessage)).toEqual(["q"]);
    expect(await client.requests()).toHaveLength(2);
    await client.reset("remote");
    expect((await client.requests()).map((r) => r.chat?.model)).toEqual(["other"]);
    expect((await post("/v1/responses", { model: "remote", input: "q" })).json.error.code).toBe("fake_no_reply");
    await expect(client.script("remote", { replies: "x" } as never)).rejects.toThrow(
      "script.replies: must be an array",
    );
    await expect(FakeLlmProvider.connect("http://127.0.0.1:1")).rejects.toThrow(FakeLlmError);
  });

  it("validates its own options", async () => {
    await expect(FakeLlmProvider.start({ apiKey: "" })).rejects.toThrow("apiKey: must be a non-empty string");
    await expect(FakeLlmProvider.start({ embeddingDimensions: 0 })).rejects.toThrow(/^embeddingDimensions: /);
    await expect(FakeLlmProvider.start({ port: 70_000 })).rejects.toThrow(/^port: /);
    await expect(FakeLlmProvider.start({ port: llm.port })).rejects.toThrow(
      `could not listen on 127.0.0.1:${llm.port}`,
    );
  });
});
