// The AI task builders: the WorkflowTask JSON each produces, that fromWorkflowDef gives it back as the
// same builder, the typed errors naming the field for bad input, validateWorkflowDef's AI checks, and
// the agent loop's shape.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConductorError, InvalidArgumentError } from "../../../src/errors/index.js";
import {
  A2aAgentTask,
  AiTask,
  BaseTask,
  CallMcpToolTask,
  CancelAgentTask,
  ChatMessage,
  ConductorWorkflow,
  DoWhileTask,
  DynamicForkTask,
  GenerateAudioTask,
  GenerateImageTask,
  GeneratePdfTask,
  GenerateVideoTask,
  GetAgentCardTask,
  JsonJqTask,
  JoinTask,
  ListMcpToolsTask,
  LlmChatCompleteTask,
  LlmGenerateEmbeddingsTask,
  LlmGetEmbeddingsTask,
  LlmIndexTextTask,
  LlmSearchEmbeddingsTask,
  LlmSearchIndexTask,
  LlmStoreEmbeddingsTask,
  LlmTextCompleteTask,
  PullWorkflowMessagesTask,
  SwitchTask,
  agentLoop,
  taskFromJson,
  validateWorkflowDef,
  workflowInput,
  type WorkflowTask,
} from "../../../src/workflow/index.js";
import { AI_INPUT_TASK_TYPES } from "../../../src/workflow/ai-validation.js";
import { AI_TASK_BUILDERS } from "../../../src/workflow/tasks/ai-task-types.js";

function roundTrip(task: BaseTask): WorkflowTask {
  const json = task.toWorkflowTask();
  const rebuilt = taskFromJson(structuredClone(json), (def) => ConductorWorkflow.fromWorkflowDef(def));
  expect(rebuilt.constructor).toBe(task.constructor);
  expect(rebuilt.toWorkflowTask()).toEqual(json);
  return json;
}

const tool = {
  name: "get_weather",
  type: "SIMPLE",
  description: "Weather for a city",
  inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

/** One builder of every type, with most of its fields set. */
function everyBuilder(): AiTask[] {
  return [
    new LlmChatCompleteTask("chat", {
      llmProvider: "openai",
      model: "gpt-4o-mini",
      instructions: "You route requests for $${customer}.",
      promptVariables: { customer: workflowInput("customer") },
      messages: [ChatMessage.system("Answer in json."), ChatMessage.user(workflowInput("text"))],
      tools: [tool],
      jsonOutput: true,
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 64,
      stopWords: ["END"],
      reasoningEffort: "low",
    }),
    new LlmTextCompleteTask("text", {
      llmProvider: "openai",
      model: "m",
      prompt: "Say $${w}",
      promptVariables: { w: "hi" },
    }),
    new LlmGenerateEmbeddingsTask("embed", { llmProvider: "openai", model: "e", text: "hello", dimensions: 8 }),
    new LlmIndexTextTask("index", {
      vectorDB: "pg",
      index: "docs",
      namespace: "kb",
      docId: "d1",
      text: "t",
      embeddingModelProvider: "openai",
      embeddingModel: "e",
      dimensions: 16,
      chunkSize: 1000,
      chunkOverlap: 100,
      metadata: { source: "test" },
    }),
    new LlmStoreEmbeddingsTask("store", { vectorDB: "pg", index: "docs", embeddings: [0.1, 0.2], id: "v1" }),
    new LlmSearchIndexTask("search", {
      vectorDB: "pg",
      index: "docs",
      query: "q",
      embeddingModelProvider: "openai",
      embeddingModel: "e",
      maxResults: 3,
    }),
    new LlmSearchEmbeddingsTask("search_vec", { vectorDB: "pg", index: "docs", embeddings: [0.1], maxResults: 2 }),
    new LlmGetEmbeddingsTask("get_vec", { vectorDB: "pg", index: "docs", embeddings: "${embed.output.result}" }),
    new GenerateImageTask("image", { llmProvider: "openai", model: "i", prompt: "p", width: 96, height: 64, n: 1 }),
    new GenerateAudioTask("speech", { llmProvider: "openai", model: "s", text: "t", voice: "alloy", speed: 1.25 }),
    new GenerateVideoTask("video", { llmProvider: "openai", model: "sora-2", prompt: "waves", duration: 4 }),
    new GeneratePdfTask("pdf", { markdown: "# Hi", pageSize: "A4", pdfMetadata: { title: "T" } }),
    new ListMcpToolsTask("list", { mcpServer: "http://127.0.0.1:3001/mcp", headers: { "X-A": "b" } }),
    new CallMcpToolTask("call", { mcpServer: "http://127.0.0.1:3001/mcp", method: "add", arguments: { a: 1, b: 2 } }),
    new A2aAgentTask("agent", { agentUrl: "http://127.0.0.1:9/a2a", text: "hello", streaming: false }),
    new GetAgentCardTask("card", { agentUrl: "http://127.0.0.1:9/a2a" }),
    new CancelAgentTask("cancel", { agentUrl: "http://127.0.0.1:9/a2a", taskId: "t-1", reason: "test" }),
    new PullWorkflowMessagesTask("pull", { batchSize: 5, blocking: false }),
  ];
}

describe("AI task JSON", () => {
  it("every type the server maps has a builder, and the field table covers the same types", () => {
    const types = everyBuilder().map((t) => t.type);
    expect(new Set(types).size).toBe(types.length);
    expect([...types].sort()).toEqual(Object.keys(AI_TASK_BUILDERS).sort());
    expect([...AI_INPUT_TASK_TYPES].sort()).toEqual(Object.keys(AI_TASK_BUILDERS).sort());
  });

  it.each(everyBuilder().map((t) => [t.type, t] as const))(
    "%s: named after its reference, input as given, round-trips",
    (_type, task) => {
      const json = roundTrip(task);
      expect(json).toMatchObject({
        name: task.taskReferenceName,
        taskReferenceName: task.taskReferenceName,
        type: task.type,
      });
      expect(task).toBeInstanceOf(AiTask);
    },
  );

  it("LLM_CHAT_COMPLETE: the typed input is the wire input, undefined fields left out", () => {
    const chat = new LlmChatCompleteTask("classify", {
      llmProvider: "openai",
      model: "m",
      messages: [ChatMessage.user("hi"), { role: "assistant", message: "hello" }],
      temperature: undefined,
      tools: [tool],
    });
    expect(chat.toWorkflowTask()).toEqual({
      name: "classify",
      taskReferenceName: "classify",
      type: "LLM_CHAT_COMPLETE",
      inputParameters: {
        llmProvider: "openai",
        model: "m",
        messages: [
          { role: "user", message: "hi" },
          { role: "assistant", message: "hello" },
        ],
        tools: [tool],
      },
    });
    expect(chat.result("intent")).toBe("${classify.output.result.intent}");
    expect(chat.result()).toBe("${classify.output.result}");
    expect(chat.toolCalls()).toBe("${classify.output.toolCalls}");
    expect(chat.finishReason()).toBe("${classify.output.finishReason}");
    expect(chat.calledTools()).toBe("$.classify['finishReason'] == 'TOOL_CALLS'");
    expect(ChatMessage.user("look", { media: ["https://x/y.png"], mimeType: "image/png" })).toEqual({
      role: "user",
      message: "look",
      media: ["https://x/y.png"],
      mimeType: "image/png",
    });
  });

  it("common options apply to AI tasks too (optional, retry policy, extra input)", () => {
    const t = new LlmGenerateEmbeddingsTask(
      "embed",
      { llmProvider: "openai", model: "e", text: "x" },
      { optional: true, retry: { retryCount: 1, retryDelaySeconds: 0 }, inputParameters: { dimensions: 4 } },
    );
    const json = roundTrip(t);
    expect(json.optional).toBe(true);
    expect(json.inputParameters).toEqual({ llmProvider: "openai", model: "e", text: "x", dimensions: 4 });
    expect(json.taskDefinition).toMatchObject({ name: "embed", retryCount: 1, retryDelaySeconds: 0 });
  });

  it("expressions stand in for any value", () => {
    const chat = new LlmChatCompleteTask("c", {
      llmProvider: workflowInput("provider"),
      model: workflowInput("model"),
      messages: workflowInput("messages"),
      tools: "${list.output.tools}",
      maxTokens: workflowInput("max"),
      jsonOutput: workflowInput("json"),
    });
    expect(chat.inputParameters.tools).toBe("${list.output.tools}");
    roundTrip(new CallMcpToolTask("m", { mcpServer: workflowInput("mcp"), method: "add", arguments: "${x.output}" }));
  });

  it("a stored definition with unknown fields and no input round-trips unchanged", () => {
    const stored = {
      name: "chat_task",
      taskReferenceName: "chat",
      type: "LLM_CHAT_COMPLETE",
      inputParameters: { llmProvider: "openai", model: "m", userInput: "hi", futureField: { a: 1 } },
      serverSide: true,
    } as unknown as WorkflowTask;
    const t = taskFromJson(structuredClone(stored), (d) => ConductorWorkflow.fromWorkflowDef(d));
    expect(t).toBeInstanceOf(LlmChatCompleteTask);
    expect(t.toWorkflowTask()).toEqual(stored);
    const bare = { name: "p", taskReferenceName: "p", type: "PULL_WORKFLOW_MESSAGES" } as WorkflowTask;
    expect(taskFromJson(bare, (d) => ConductorWorkflow.fromWorkflowDef(d)).toWorkflowTask()).toEqual(bare);
  });
});

describe("AI builders reject bad input with a typed error naming the field", () => {
  const chat = (input: object) => () => new LlmChatCompleteTask("c", input as never);
  const cases: [string, () => unknown, string, RegExp][] = [
    ["no provider", chat({ model: "m", userInput: "hi" }), "input.llmProvider", /LLM_CHAT_COMPLETE needs llmProvider/],
    ["blank model", chat({ llmProvider: "openai", model: " ", userInput: "hi" }), "input.model", /needs model/],
    [
      "a bad role",
      chat({ llmProvider: "o", model: "m", messages: [ChatMessage.user("a"), { role: "robot", message: "b" }] }),
      "input.messages[1].role",
      /must be one of user, assistant, system, tool_call, tool, got the string "robot"/,
    ],
    [
      "a message that is not text",
      chat({ llmProvider: "o", model: "m", messages: [{ role: "user", message: 42 }] }),
      "input.messages[0].message",
      /expected a string, got number 42/,
    ],
    [
      "messages not a list",
      chat({ llmProvider: "o", model: "m", messages: { role: "user" } }),
      "input.messages",
      /an array of chat messages/,
    ],
    [
      "no user message",
      chat({ llmProvider: "o", model: "m", messages: [ChatMessage.system("s")] }),
      "input.messages",
      /needs a user message/,
    ],
    [
      "a tool without a name",
      chat({ llmProvider: "o", model: "m", userInput: "hi", tools: [{ description: "x" }] }),
      "input.tools[0].name",
      /a tool needs a name/,
    ],
    [
      "temperature out of range",
      chat({ llmProvider: "o", model: "m", userInput: "hi", temperature: 3 }),
      "input.temperature",
      /between 0 and 2/,
    ],
    [
      "maxTokens not an integer",
      chat({ llmProvider: "o", model: "m", userInput: "hi", maxTokens: 1.5 }),
      "input.maxTokens",
      /an integer/,
    ],
    [
      "maxTokens zero",
      chat({ llmProvider: "o", model: "m", userInput: "hi", maxTokens: 0 }),
      "input.maxTokens",
      /at least 1/,
    ],
    [
      "jsonOutput a string",
      chat({ llmProvider: "o", model: "m", userInput: "hi", jsonOutput: "yes" }),
      "input.jsonOutput",
      /a boolean/,
    ],
    [
      "promptVariables without instructions",
      chat({ llmProvider: "o", model: "m", userInput: "hi", promptVariables: { a: 1 } }),
      "input.promptVariables",
      /need instructions/,
    ],
    ["input not an object", chat(null as never), "input", /input must be an object/],
    [
      "text completion without prompt",
      () => new LlmTextCompleteTask("t", { llmProvider: "o", model: "m" }),
      "input.prompt",
      /needs a prompt/,
    ],
    [
      "embeddings without text",
      () => new LlmGenerateEmbeddingsTask("e", { llmProvider: "o", model: "m", text: "" }),
      "input.text",
      /needs text/,
    ],
    [
      "dimensions zero",
      () => new LlmGenerateEmbeddingsTask("e", { llmProvider: "o", model: "m", text: "x", dimensions: 0 }),
      "input.dimensions",
      /at least 1/,
    ],
    [
      "embeddings of strings",
      () => new LlmStoreEmbeddingsTask("s", { vectorDB: "pg", index: "i", embeddings: [0.1, "x" as never] }),
      "input.embeddings[1]",
      /expected a number/,
    ],
    [
      "index without docId",
      () =>
        new LlmIndexTextTask("i", {
          vectorDB: "pg",
          index: "i",
          text: "t",
          embeddingModelProvider: "o",
          embeddingModel: "e",
        } as never),
      "input.docId",
      /needs docId/,
    ],
    [
      "MCP server not a URL",
      () => new ListMcpToolsTask("l", { mcpServer: "localhost:3001" }),
      "input.mcpServer",
      /http\(s\) URL/,
    ],
    [
      "MCP call without a tool",
      () => new CallMcpToolTask("c", { mcpServer: "http://h/mcp" } as never),
      "input.method",
      /needs method/,
    ],
    [
      "MCP arguments a list",
      () => new CallMcpToolTask("c", { mcpServer: "http://h/mcp", method: "m", arguments: [1] as never }),
      "input.arguments",
      /an object/,
    ],
    ["PDF without markdown", () => new GeneratePdfTask("p", {} as never), "input.markdown", /needs markdown/],
    [
      "image of width 0",
      () => new GenerateImageTask("i", { llmProvider: "o", model: "m", prompt: "p", width: 0 }),
      "input.width",
      /at least 1/,
    ],
    ["A2A without a URL", () => new A2aAgentTask("a", { text: "hi" }), "input.agentUrl", /needs an agentUrl/],
    ["batch size 0", () => new PullWorkflowMessagesTask("p", { batchSize: 0 }), "input.batchSize", /at least 1/],
    [
      "agent loop of 0 turns",
      () =>
        agentLoop("l", new LlmChatCompleteTask("c", { llmProvider: "o", model: "m", userInput: "x" }), { maxTurns: 0 }),
      "options.maxTurns",
      /positive integer/,
    ],
  ];
  it.each(cases)("%s", (_name, build, argument, message) => {
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toBeInstanceOf(ConductorError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect((error as Error).message).toMatch(message);
    if (argument.startsWith("input.")) expect((error as Error).message).toContain(argument);
  });

  it("an AGENT of another agentType needs no agentUrl", () => {
    expect(() => new A2aAgentTask("a", { agentType: "agentspan", text: "hi" })).not.toThrow();
  });
});

describe("validateWorkflowDef checks AI task inputs", () => {
  it("names the task and the field path", () => {
    const def = {
      name: "w",
      tasks: [
        {
          name: "chat",
          taskReferenceName: "chat",
          type: "LLM_CHAT_COMPLETE",
          inputParameters: { llmProvider: "openai", messages: [{ role: "bot", message: "x" }] },
        },
        {
          name: "mcp",
          taskReferenceName: "mcp",
          type: "CALL_MCP_TOOL",
          inputParameters: { mcpServer: "${workflow.input.url}" },
        },
      ],
    };
    expect(validateWorkflowDef(def as never)).toEqual([
      { path: 'tasks[0] (ref "chat")', message: "inputParameters.model: LLM_CHAT_COMPLETE needs model" },
      {
        path: 'tasks[0] (ref "chat")',
        message:
          'inputParameters.messages[0].role: must be one of user, assistant, system, tool_call, tool, got the string "bot"',
      },
      { path: 'tasks[1] (ref "mcp")', message: "inputParameters.method: CALL_MCP_TOOL needs method" },
    ]);
    // The builder's checks and the definition's are the same table: a built workflow validates clean.
    const wf = new ConductorWorkflow(undefined, "ok").add(...everyBuilder());
    expect(wf.validate()).toEqual([]);
  });
});

describe("agentLoop", () => {
  const chat = () =>
    new LlmChatCompleteTask("chat", {
      llmProvider: "openai",
      model: "m",
      messages: [ChatMessage.user(workflowInput("q"))],
      tools: [tool],
    });

  it("worker tools: DO_WHILE (chat, SWITCH on TOOL_CALLS -> FORK_JOIN_DYNAMIC over the calls, JOIN), bounded", () => {
    const c = chat();
    const loop = agentLoop("agent", c, { maxTurns: 4 });
    expect(loop).toBeInstanceOf(DoWhileTask);
    expect(loop.loopCondition).toBe("$.chat['finishReason'] == 'TOOL_CALLS' && $.agent['iteration'] < 4");
    const [first, dispatch] = loop.loopOver;
    expect(first).toBe(c);
    expect(dispatch).toBeInstanceOf(SwitchTask);
    const sw = dispatch as SwitchTask;
    expect(sw.inputParameters).toEqual({ switchCaseValue: "${chat.output.finishReason}" });
    expect(sw.defaultTasks).toEqual([]);
    const [fork, join] = sw.cases.TOOL_CALLS!;
    expect(fork).toBeInstanceOf(DynamicForkTask);
    expect(fork!.toWorkflowTask()).toMatchObject({
      taskReferenceName: "agent_tools",
      dynamicForkTasksParam: "dynamicTasks",
      dynamicForkTasksInputParamName: "dynamicTasksInput",
      inputParameters: { dynamicTasks: "${chat.output.toolCalls}", dynamicTasksInput: {} },
    });
    expect(join).toBeInstanceOf(JoinTask);
    const wf = new ConductorWorkflow(undefined, "agent").add(loop);
    expect(wf.validate()).toEqual([]);
    expect(ConductorWorkflow.fromWorkflowDef(wf.toWorkflowDef()).toWorkflowDef()).toEqual(wf.toWorkflowDef());
  });

  it("MCP tools: a JSON_JQ_TRANSFORM turns each call into a CALL_MCP_TOOL on the server, arguments without `method`", () => {
    const loop = agentLoop("agent", chat(), { mcpServer: "http://127.0.0.1:3001/mcp", mcpHeaders: { A: "b" } });
    expect(loop.loopCondition).toContain("< 10");
    const [toMcp, fork, join] = (loop.loopOver[1] as SwitchTask).cases.TOOL_CALLS!;
    expect(toMcp).toBeInstanceOf(JsonJqTask);
    expect(toMcp!.inputParameters).toMatchObject({
      toolCalls: "${chat.output.toolCalls}",
      mcpServer: "http://127.0.0.1:3001/mcp",
      headers: { A: "b" },
    });
    expect(String(toMcp!.inputParameters.queryExpression)).toContain('type: "CALL_MCP_TOOL"');
    expect(String(toMcp!.inputParameters.queryExpression)).toContain("del(.method)");
    expect(fork!.inputParameters.dynamicTasks).toBe("${agent_to_mcp.output.result}");
    expect(join).toBeInstanceOf(JoinTask);
    // Without headers none are bound.
    const plain = agentLoop("a2", chat(), { mcpServer: "http://h/mcp" });
    expect((plain.loopOver[1] as SwitchTask).cases.TOOL_CALLS![0]!.inputParameters).not.toHaveProperty("headers");
  });
});

describe("builders and validateWorkflowDef agree (property-based, seeded)", () => {
  const value = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constant("${workflow.input.x}"),
    fc.constant("http://127.0.0.1:1/mcp"),
    fc.integer({ min: -1, max: 5 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constant({ role: "user", message: "hi" })), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
  );
  const fields = [
    "llmProvider",
    "model",
    "messages",
    "userInput",
    "prompt",
    "text",
    "tools",
    "temperature",
    "maxTokens",
    "dimensions",
    "vectorDB",
    "index",
    "docId",
    "query",
    "embeddings",
    "embeddingModelProvider",
    "embeddingModel",
    "mcpServer",
    "method",
    "arguments",
    "markdown",
    "agentUrl",
    "batchSize",
    "instructions",
    "promptVariables",
  ];
  const inputs = fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: 8 });

  it("any input either builds a task that validates clean, or throws InvalidArgumentError naming the field", () => {
    let built = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(AI_TASK_BUILDERS)), inputs, (type, input) => {
        const json = { name: "t", taskReferenceName: "t", type, inputParameters: input } as unknown as WorkflowTask;
        const problems = validateWorkflowDef({ name: "w", tasks: [json] } as never);
        const cls = taskFromJson(json, (d) => ConductorWorkflow.fromWorkflowDef(d)).constructor as new (
          ref: string,
          input: unknown,
        ) => AiTask;
        try {
          new cls("t", input);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidArgumentError);
          const argument = (error as InvalidArgumentError).argument;
          expect(argument).toMatch(/^input\./);
          expect(problems.map((p) => p.message)).toContainEqual(
            expect.stringContaining(`inputParameters.${argument.slice(6)}:`),
          );
          refused++;
          return;
        }
        expect(problems).toEqual([]);
        built++;
      }),
      { seed: 20_261_216, numRuns: 600 },
    );
    expect(built).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });
});
