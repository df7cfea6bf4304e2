// AI task types on the real server (AI on, `openai` provider pointed at the FakeLlmProvider from
// global setup), built with the SDK's AI task builders (ai-workflows.ts), with a real MCP server on loopback: chat and text completion, embeddings, PDF,
// MCP list/call, an agent loop over MCP tools and a worker task as the model's tool. Each test
// asserts what the server recorded and what the fake provider (or MCP server) received. Types that
// need parts this environment cannot run register and validate only, and the file ends by printing
// which types were executed and which were register-only.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MetadataClient, WorkflowClient, type Workflow, type WorkflowDef } from "../../src/clients/index.js";
import { Configuration } from "../../src/config/index.js";
import {
  FakeLlmProvider,
  fakeEmbedding,
  fakeImagePng,
  fakeSpeech,
  type FakeLlmControl,
} from "../../src/testing/index.js";
import { TaskHandler, workerTask } from "../../src/worker/index.js";
import { ConductorWorkflow, validateWorkflowDef } from "../../src/workflow/index.js";
import { eventually } from "../support/eventually.js";
import { startTestMcpServer, weatherFor, type TestMcpServer } from "../support/mcp-server.js";
import {
  AI_TASK_TYPES,
  REGISTER_ONLY_TASK_TYPES,
  chatDrivesSwitch,
  chatWithRetries,
  generateEmbeddings,
  generateMedia,
  generatePdf,
  mcpAgent,
  mcpListAndCall,
  registerOnlyWorkflow,
  textComplete,
  workerAsTool,
} from "./ai-workflows.js";
import { uniqueName } from "./workflow-support.js";

const configuration = new Configuration({ serverUrl: inject("conductorApiUrl") });
const metadata = new MetadataClient(configuration);
const workflows = new WorkflowClient(configuration);
const registered: WorkflowDef[] = [];
const executed = new Set<string>();
let llm: FakeLlmControl;
let mcp: TestMcpServer;
let mcpJson: TestMcpServer;

async function register(def: WorkflowDef): Promise<void> {
  await metadata.registerWorkflowDef(def, { overwrite: true });
  registered.push(def);
}

/** Registers and runs `def` to a terminal status; records the AI task types that completed in it. */
async function run(def: WorkflowDef, input: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<Workflow> {
  await register(def);
  const id = await workflows.startWorkflow({ name: def.name, version: def.version, input });
  const done = await eventually(
    () => workflows.getWorkflow(id),
    (wf) => !["RUNNING", "PAUSED"].includes(String(wf.status)),
    `workflow ${def.name} (${id}) to finish`,
    timeoutMs,
  );
  for (const task of done.tasks ?? []) {
    if (task.status === "COMPLETED" && AI_TYPES.has(String(task.taskType))) executed.add(String(task.taskType));
  }
  return done;
}

/** The workflow's failure reason and its failed tasks' reasons, for assertion messages. */
const why = (wf: Workflow): string =>
  [
    wf.reasonForIncompletion,
    ...(wf.tasks ?? [])
      .filter((t) => t.status !== "COMPLETED")
      .map((t) => `${t.referenceTaskName}: ${t.status} ${t.reasonForIncompletion ?? ""}`),
  ]
    .filter(Boolean)
    .join("; ");

const task = (wf: Workflow, ref: string) => {
  const found = (wf.tasks ?? []).filter((t) => t.referenceTaskName === ref);
  if (found.length === 0)
    throw new Error(
      `no task ${ref} in ${wf.workflowId}: ${JSON.stringify((wf.tasks ?? []).map((t) => t.referenceTaskName))}`,
    );
  return found.at(-1)!;
};

const AI_TYPES = new Set(AI_TASK_TYPES);
const REGISTER_ONLY = new Set(REGISTER_ONLY_TASK_TYPES.map((t) => t.type));

beforeAll(async () => {
  const url = inject("fakeLlmUrl");
  if (!url)
    throw new Error(
      "no fake LLM provider: with CONDUCTOR_TEST_SERVER_URL set, also set CONDUCTOR_TEST_FAKE_LLM_URL to the fake that server's conductor.ai.openai.baseURL points at",
    );
  llm = await FakeLlmProvider.connect(url);
  mcp = await startTestMcpServer();
  mcpJson = await startTestMcpServer({ enableJsonResponse: true });
  // GraalJS starts cold in a fresh server; on a busy machine its first evaluation can pass the
  // server's 4 s script limit and fail a DO_WHILE condition. One INLINE run warms the engine.
  await run({
    name: uniqueName("ai_js_warmup"),
    version: 1,
    schemaVersion: 2,
    ownerEmail: "sdk-tests@example.com",
    timeoutSeconds: 0,
    tasks: [
      {
        name: "warm",
        taskReferenceName: "warm",
        type: "INLINE",
        inputParameters: { evaluatorType: "graaljs", expression: "1 + 1" },
      },
    ],
  });
});

afterAll(async () => {
  for (const def of registered) await metadata.unregisterWorkflowDef(def.name, def.version ?? 1).catch(() => undefined);
  await mcp?.close();
  await mcpJson?.close();
  const registerOnly = REGISTER_ONLY_TASK_TYPES.map((t) => `${t.type} (needs ${t.needs})`);
  console.log(
    [
      "AI task types on Conductor with the fake LLM provider and a loopback MCP server:",
      `  executed (${executed.size}): ${[...executed].sort().join(", ") || "none"}`,
      `  register-only (${registerOnly.length}):`,
      ...registerOnly.map((line) => `    ${line}`),
    ].join("\n"),
  );
});

describe("AI tasks executed on the real server", () => {
  it("LLM_CHAT_COMPLETE: a JSON answer drives a SWITCH; the provider got the model, system prompt, messages and limits", async () => {
    const model = uniqueName("chat_switch");
    await llm.script(model, {
      rules: [
        // With jsonOutput the server appends a user message of its own: match on any user message.
        { when: { anyUserMessage: "money back" }, reply: { json: { intent: "refund" } } },
        { when: { anyUserMessage: "opening hours" }, reply: { json: { intent: "question" } } },
      ],
    });
    const def = chatDrivesSwitch(uniqueName("ai_chat_switch"), model);
    const refund = await run(def, { customer: "Ada", text: "I want my money back" });
    expect(refund.status, why(refund)).toBe("COMPLETED");
    expect(refund.output).toMatchObject({ intent: "refund", route: "refunds desk" });
    expect(refund.output!.answer).toMatchObject({ result: { intent: "refund" }, finishReason: "STOP" });
    const answer = refund.output!.answer as {
      responseId: string;
      promptTokens: number;
      completionTokens: number;
      tokenUsed: number;
    };
    expect(answer.responseId).toMatch(/^resp_fake_\d+$/);
    expect(answer.tokenUsed).toBe(answer.promptTokens + answer.completionTokens);

    const question = await run(def, { customer: "Ada", text: "What are your opening hours?" });
    expect(question.output).toMatchObject({ intent: "question", route: "faq" });

    const [first] = await llm.chatRequests({ model });
    expect(first).toMatchObject({
      model,
      // instructions first, then system messages, joined by a newline; prompt variables filled in.
      instructions: 'You route support requests for Ada.\nAnswer in json as {"intent": "refund" | "question"}.',
      maxOutputTokens: 64,
      topP: 0.9,
      jsonOutput: true,
      tools: [],
    });
    // The 3.32.3 OpenAI provider does not pass temperature on (OpenAI.getChatOptions).
    expect(first!.body).not.toHaveProperty("temperature");
    // The server adds a user message asking for json when jsonOutput is set (AgentChatCompleteTaskMapper).
    expect(first!.input.map((item) => (item.type === "message" ? [item.role, item.text] : item.type))).toEqual([
      ["user", "I want my money back"],
      ["user", "Formatting instruction: return the response as json."],
    ]);
  });

  it("LLM_TEXT_COMPLETE: the filled-in prompt goes as instructions with a fixed user message", async () => {
    const model = uniqueName("text");
    await llm.script(model, { replies: [{ text: "Cats nap a lot." }] });
    const wf = await run(textComplete(uniqueName("ai_text"), model), { text: "Cats sleep 16 hours a day." });
    expect(wf.status, why(wf)).toBe("COMPLETED");
    expect(wf.output).toEqual({ summary: "Cats nap a lot." });
    expect(task(wf, "summarise").outputData).toMatchObject({ result: "Cats nap a lot.", finishReason: "STOP" });
    const [request] = await llm.chatRequests({ model });
    expect(request).toMatchObject({
      instructions: "Summarise in one line: Cats sleep 16 hours a day.",
      maxOutputTokens: 32,
      topP: 0.5,
      input: [{ type: "message", role: "user", text: "use the instructions given to generate the response." }],
    });
  });

  it("LLM_GENERATE_EMBEDDINGS: the output is the provider's vector for the text", async () => {
    const model = uniqueName("embed");
    const wf = await run(generateEmbeddings(uniqueName("ai_embed"), model, 8), { text: "conductor runs workflows" });
    expect(wf.status, why(wf)).toBe("COMPLETED");
    const embedding = wf.output!.embedding as number[];
    // The server reads the vector as 32-bit floats: compare at that precision.
    expect(embedding.map((x) => Math.fround(x))).toEqual(fakeEmbedding("conductor runs workflows", 8));
    expect(await llm.embeddingRequests({ model })).toEqual([
      {
        model,
        input: ["conductor runs workflows"],
        dimensions: 8,
        body: { model, input: "conductor runs workflows", dimensions: 8 },
      },
    ]);
    const [recorded] = await llm.requests({ model });
    expect(recorded!.headers.authorization).toBe(`Bearer ${llm.apiKey}`);
  });

  it("GENERATE_IMAGE and GENERATE_AUDIO: the provider's image and speech are stored as files the output points at", async () => {
    const imageModel = uniqueName("image");
    const speechModel = uniqueName("speech");
    const wf = await run(generateMedia(uniqueName("ai_media"), imageModel, speechModel), {
      prompt: "a lighthouse at dusk",
      text: "the tide is coming in",
    });
    expect(wf.status, why(wf)).toBe("COMPLETED");
    const image = wf.output!.image as { media: { location: string; mimeType: string }[] };
    const audio = wf.output!.audio as { media: { location: string; mimeType: string }[] };
    expect(image.media).toEqual([{ location: expect.stringMatching(/^file:\/\/.*\.png$/), mimeType: "image/png" }]);
    expect(readFileSync(fileURLToPath(image.media[0]!.location))).toEqual(fakeImagePng("a lighthouse at dusk", 96, 64));
    expect(audio.media).toEqual([{ location: expect.stringMatching(/^file:\/\//), mimeType: "audio/*" }]);
    expect(readFileSync(fileURLToPath(audio.media[0]!.location))).toEqual(
      fakeSpeech("the tide is coming in", "mp3", 1.25),
    );

    expect(await llm.imageRequests({ model: imageModel })).toEqual([
      {
        model: imageModel,
        prompt: "a lighthouse at dusk",
        n: 1,
        width: 96,
        height: 64,
        style: "natural",
        responseFormat: "b64_json",
        body: {
          model: imageModel,
          prompt: "a lighthouse at dusk",
          n: 1,
          size: "96x64",
          style: "natural",
          response_format: "b64_json",
        },
      },
    ]);
    expect(await llm.speechRequests({ model: speechModel })).toEqual([
      {
        model: speechModel,
        input: "the tide is coming in",
        voice: "alloy",
        responseFormat: "mp3",
        speed: 1.25,
        body: {
          model: speechModel,
          input: "the tide is coming in",
          voice: "alloy",
          response_format: "mp3",
          speed: 1.25,
        },
      },
    ]);
  });

  it("GENERATE_PDF: the server renders markdown to a PDF file in its payload directory", async () => {
    const wf = await run(generatePdf(uniqueName("ai_pdf")), { markdown: "# Report\n\nAll **good**.\n\n- one\n- two" });
    expect(wf.status, why(wf)).toBe("COMPLETED");
    const pdf = wf.output!.pdf as { location: string; sizeBytes: number };
    expect(pdf.location).toMatch(/^file:\/\/.*\.pdf$/);
    const bytes = readFileSync(fileURLToPath(pdf.location));
    expect(bytes.length).toBe(pdf.sizeBytes);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(task(wf, "pdf").outputData).toMatchObject({
      media: [{ location: pdf.location, mimeType: "application/pdf" }],
      finishReason: "COMPLETED",
    });
  });

  for (const mode of ["SSE", "JSON"] as const) {
    it(`LIST_MCP_TOOLS and CALL_MCP_TOOL against an MCP server answering ${mode}`, async () => {
      const server = mode === "SSE" ? mcp : mcpJson;
      const before = server.calls.length;
      const def = mcpListAndCall(uniqueName("ai_mcp"), server.url);
      const wf = await run(def, { city: "Lisbon" });
      expect(wf.status, why(wf)).toBe("COMPLETED");
      const tools = wf.output!.tools as { name: string; description: string; inputSchema: unknown }[];
      expect(tools.map((t) => t.name)).toEqual(server.toolNames);
      expect(tools[0]).toMatchObject({
        description: "Current weather for a city",
        inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      });
      // Text content that is JSON comes back parsed too.
      expect(wf.output!.weather).toEqual({
        content: [{ type: "text", text: JSON.stringify(weatherFor("Lisbon")), parsed: weatherFor("Lisbon") }],
      });
      const bad = wf.output!.bad as { isError: boolean; content: { text: string }[] };
      expect(task(wf, "bad_add").status).toBe("COMPLETED");
      expect(bad.isError).toBe(true);
      expect(bad.content[0]!.text).toContain("Invalid arguments for tool add");
      // One JSON-RPC request per task, no initialize handshake; headers are passed through.
      const calls = server.calls.slice(before);
      expect(calls.map((c) => c.method)).toEqual(["tools/list", "tools/call", "tools/call"]);
      expect(calls[0]!.headers["x-test-run"]).toBe(def.name);
      expect(calls[1]!.params).toEqual({ name: "get_weather", arguments: { city: "Lisbon" } });
    });
  }

  it("an agent loop: DO_WHILE of LLM_CHAT_COMPLETE -> CALL_MCP_TOOL until the model stops calling tools", async () => {
    const model = uniqueName("agent");
    await llm.script(model, {
      replies: [
        { toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }] },
        {
          toolCalls: [
            { name: "add", arguments: { a: 2, b: 3 } },
            { name: "get_weather", arguments: { city: "Rome" } },
          ],
        },
        { text: "Oslo and Rome checked; 2 + 3 = 5." },
      ],
    });
    const before = mcp.calls.length;
    const wf = await run(
      mcpAgent(uniqueName("ai_agent"), model, mcp.url),
      { question: "Weather in Oslo and Rome, and 2+3?" },
      90_000,
    );
    expect(wf.status, why(wf)).toBe("COMPLETED");
    expect(wf.output).toEqual({ answer: "Oslo and Rome checked; 2 + 3 = 5.", iterations: 3 });
    const mcpCalls = mcp.calls.slice(before).map((c) => [c.method, c.params]);
    expect(mcpCalls.slice(0, 2)).toEqual([
      ["tools/list", undefined],
      ["tools/call", { name: "get_weather", arguments: { city: "Oslo" } }],
    ]);
    // The second turn's two calls run as parallel branches: in either order.
    expect(mcpCalls.slice(2)).toHaveLength(2);
    expect(mcpCalls.slice(2)).toEqual(
      expect.arrayContaining([
        ["tools/call", { name: "add", arguments: { a: 2, b: 3 } }],
        ["tools/call", { name: "get_weather", arguments: { city: "Rome" } }],
      ]),
    );

    const requests = await llm.chatRequests({ model });
    expect(requests).toHaveLength(3);
    // Every turn offers the MCP server's tools, as listed.
    for (const request of requests) {
      expect(request.tools.map((t) => [t.name, t.description])).toEqual([
        ["get_weather", "Current weather for a city"],
        ["add", "Adds two numbers"],
      ]);
      expect(request.instructions).toBe("Use the tools to answer.");
    }
    // Each later turn replays the calls and their MCP results, then asks the model to go on.
    const outputs = requests[2]!.input.filter((item) => item.type === "function_call_output");
    const calls = requests[2]!.input.filter((item) => item.type === "function_call");
    expect(calls.map((c) => c.type === "function_call" && [c.name, c.arguments])).toEqual([
      ["get_weather", { method: "get_weather", city: "Oslo" }],
      ["add", { method: "add", a: 2, b: 3 }],
      ["get_weather", { method: "get_weather", city: "Rome" }],
    ]);
    const parsed = outputs.map((o) => (o.type === "function_call_output" ? o.parsedOutput : undefined)) as {
      content: { parsed: unknown }[];
    }[];
    // Only text that looks like a JSON object or array is parsed: "5" stays a string.
    expect(parsed.map((p) => p.content[0]!.parsed)).toEqual([weatherFor("Oslo"), "5", weatherFor("Rome")]);
    expect(requests[1]!.input.at(-1)).toMatchObject({
      type: "message",
      role: "user",
      text: "Please continue where you left off.",
    });
  });

  it("a worker task as the model's tool: the server's tool loop runs the SDK worker and feeds its result back", async () => {
    const model = uniqueName("worker_tool");
    const tool = uniqueName("get_weather");
    const seen: unknown[] = [];
    const handler = new TaskHandler({
      workers: [
        workerTask(
          tool,
          (input: { city: string; method?: string }) => {
            seen.push(input);
            return weatherFor(input.city);
          },
          { registerTaskDef: true, taskDef: { retryCount: 0, responseTimeoutSeconds: 30 }, pollIntervalMs: 50 },
        ),
      ],
      configuration,
      logger: { debug() {}, info() {}, warn() {}, error: console.error },
    });
    await handler.start();
    try {
      await llm.script(model, {
        rules: [
          { when: { hasToolOutputs: true }, reply: { text: "Paris: sunny, Rome: cloudy." } },
          {
            when: { hasToolOutputs: false, toolOffered: tool },
            reply: {
              toolCalls: [
                { name: tool, arguments: { city: "Paris" }, callId: "call_paris" },
                { name: tool, arguments: { city: "Rome" }, callId: "call_rome" },
              ],
            },
          },
        ],
      });
      const wf = await run(workerAsTool(uniqueName("ai_worker_tool"), model, tool), {
        question: "Weather in Paris and Rome?",
      });
      expect(wf.status, why(wf)).toBe("COMPLETED");
      expect(wf.output).toEqual({ answer: "Paris: sunny, Rome: cloudy." });
      // Tool calls run as tasks named after the tool, with the call id as reference name.
      const toolTasks = (wf.tasks ?? []).filter((t) => t.taskType === tool);
      expect(toolTasks.map((t) => [t.referenceTaskName, t.status, t.outputData])).toEqual([
        ["call_paris__1", "COMPLETED", weatherFor("Paris")],
        ["call_rome__1", "COMPLETED", weatherFor("Rome")],
      ]);
      expect(seen).toEqual(
        expect.arrayContaining([
          { method: tool, city: "Paris" },
          { method: tool, city: "Rome" },
        ]),
      );
      expect(seen).toHaveLength(2);

      const [first, second] = await llm.chatRequests({ model });
      expect(first!.instructions).toBe("You answer weather questions.");
      expect(first!.tools).toEqual([
        {
          name: tool,
          description: "Weather for a city",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      ]);
      expect(second!.input).toEqual([
        { type: "message", role: "user", text: "Weather in Paris and Rome?", images: [] },
        { type: "function_call", callId: "call_paris", name: tool, arguments: { method: tool, city: "Paris" } },
        { type: "function_call", callId: "call_rome", name: tool, arguments: { method: tool, city: "Rome" } },
        {
          type: "function_call_output",
          callId: "call_paris",
          output: JSON.stringify(weatherFor("Paris")),
          parsedOutput: weatherFor("Paris"),
        },
        {
          type: "function_call_output",
          callId: "call_rome",
          output: JSON.stringify(weatherFor("Rome")),
          parsedOutput: weatherFor("Rome"),
        },
        { type: "message", role: "user", text: "Please continue where you left off.", images: [] },
      ]);
    } finally {
      await handler.stop();
    }
  });

  it("provider errors: a 429 is retried by the server's HTTP client; a 400 fails the task after its task retries", async () => {
    const limited = uniqueName("rate_limited");
    await llm.script(limited, {
      replies: [
        { error: { status: 429, message: "Rate limit reached", code: "rate_limit_exceeded" } },
        { text: "second try" },
      ],
    });
    const ok = await run(chatWithRetries(uniqueName("ai_429"), limited, 1));
    expect(ok.status, why(ok)).toBe("COMPLETED");
    expect(ok.output).toEqual({ answer: "second try" });
    expect((await llm.requests({ model: limited })).map((r) => r.status)).toEqual([429, 200]);
    expect(ok.tasks!.filter((t) => t.referenceTaskName === "chat")).toHaveLength(1);

    const refused = uniqueName("refused");
    await llm.script(refused, { fallback: { error: { status: 400, message: "model is not allowed" } } });
    const failed = await run(chatWithRetries(uniqueName("ai_400"), refused, 1));
    expect(failed.status).toBe("FAILED");
    const attempts = failed.tasks!.filter((t) => t.referenceTaskName === "chat");
    expect(attempts.map((t) => t.status)).toEqual(["FAILED", "FAILED"]);
    expect(attempts[1]!.reasonForIncompletion).toContain("Responses API failed with status 400");
    expect(attempts[1]!.reasonForIncompletion).toContain("model is not allowed");
    expect(await llm.requests({ model: refused })).toHaveLength(2);
  });
});

describe("AI task types that need parts not run here: register and validate only", () => {
  it("every AI task type the server maps is either executed above or register-only", () => {
    expect(AI_TASK_TYPES.filter((t) => REGISTER_ONLY.has(t) === executed.has(t))).toEqual([]);
  });

  it(`registers, validates and reads back ${REGISTER_ONLY_TASK_TYPES.map((t) => t.type).join(", ")}`, async () => {
    const def = registerOnlyWorkflow(uniqueName("ai_register_only"));
    expect(validateWorkflowDef(def)).toEqual([]);
    await metadata.validateWorkflowDef(def);
    await register(def);
    const stored = await metadata.getWorkflowDef(def.name, { version: 1 });
    expect(stored.tasks.map((t) => [t.type, t.inputParameters])).toEqual(
      REGISTER_ONLY_TASK_TYPES.map((t) => [t.type, t.inputParameters]),
    );
    // What the server stored comes back as the same builders.
    expect(
      ConductorWorkflow.fromWorkflowDef(stored)
        .allTasks()
        .map((t) => t.constructor),
    ).toEqual(REGISTER_ONLY_TASK_TYPES.map((t) => t.task.constructor));
    // The server checks references in inputs like in any task.
    const broken = structuredClone(def);
    broken.tasks[0]!.inputParameters = { text: "${no_such_task.output.text}" };
    await expect(metadata.validateWorkflowDef(broken)).rejects.toThrow(/no_such_task/);
  });
});
