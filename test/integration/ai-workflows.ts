// The workflow definitions of the AI integration tests, written with the SDK's AI task builders. Each
// function is one scenario and returns the definition the builder produces; the tests in
// ai-tasks.test.ts use the names and refs given here.
import type { WorkflowDef } from "../../src/clients/index.js";
import {
  A2aAgentTask,
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
  SetVariableTask,
  SwitchTask,
  agentLoop,
  workflowInput,
  workflowVariable,
  type AiTask,
  type WorkflowStep,
} from "../../src/workflow/index.js";

const OWNER = "sdk-tests@example.com";

function workflow(name: string, tasks: WorkflowStep[], outputParameters: Record<string, unknown> = {}): WorkflowDef {
  return new ConductorWorkflow(undefined, name, 1)
    .ownerEmail(OWNER)
    .timeoutSeconds(0)
    .add(...tasks)
    .outputParameters(outputParameters)
    .toWorkflowDef();
}

/**
 * LLM_CHAT_COMPLETE with instructions, prompt variables and JSON output; its parsed answer drives a
 * SWITCH. Input: `{ customer, text }`. Output: `{ intent, route, answer }`.
 */
export function chatDrivesSwitch(name: string, model: string): WorkflowDef {
  const classify = new LlmChatCompleteTask("classify", {
    llmProvider: "openai",
    model,
    // `$${x}` reaches the task as `${x}`, which the server fills from promptVariables.
    instructions: "You route support requests for $${customer}.",
    promptVariables: { customer: workflowInput("customer") },
    messages: [
      ChatMessage.system('Answer in json as {"intent": "refund" | "question"}.'),
      ChatMessage.user(workflowInput("text")),
    ],
    jsonOutput: true,
    temperature: 0.2,
    topP: 0.9,
    maxTokens: 64,
  });
  const route = new SwitchTask("route", classify.result("intent"))
    .switchCase("refund", new SetVariableTask("to_refunds", { route: "refunds desk" }))
    .defaultCase(new SetVariableTask("to_faq", { route: "faq" }));
  return workflow(name, [classify, route], {
    intent: classify.result("intent"),
    route: workflowVariable("route"),
    answer: classify.output(),
  });
}

/** LLM_TEXT_COMPLETE with a prompt template. Input: `{ text }`. Output: `{ summary }`. */
export function textComplete(name: string, model: string): WorkflowDef {
  const summarise = new LlmTextCompleteTask("summarise", {
    llmProvider: "openai",
    model,
    prompt: "Summarise in one line: $${text}",
    promptVariables: { text: workflowInput("text") },
    maxTokens: 32,
    topP: 0.5,
  });
  return workflow(name, [summarise], { summary: summarise.result() });
}

/** LLM_GENERATE_EMBEDDINGS. Input: `{ text }`. Output: `{ embedding }`. */
export function generateEmbeddings(name: string, model: string, dimensions: number): WorkflowDef {
  const embed = new LlmGenerateEmbeddingsTask("embed", {
    llmProvider: "openai",
    model,
    text: workflowInput("text"),
    dimensions,
  });
  return workflow(name, [embed], { embedding: embed.result() });
}

/** GENERATE_PDF from markdown (rendered inside the server, no provider). Output: `{ pdf }`. */
export function generatePdf(name: string): WorkflowDef {
  const pdf = new GeneratePdfTask("pdf", {
    markdown: workflowInput("markdown"),
    pageSize: "A4",
    pdfMetadata: { title: "Report" },
  });
  return workflow(name, [pdf], { pdf: pdf.result() });
}

/**
 * GENERATE_IMAGE and GENERATE_AUDIO through the `openai` provider. Input: `{ prompt, text }`.
 * Output: `{ image, audio }` (the tasks' outputs).
 */
export function generateMedia(name: string, imageModel: string, speechModel: string): WorkflowDef {
  const image = new GenerateImageTask("image", {
    llmProvider: "openai",
    model: imageModel,
    prompt: workflowInput("prompt"),
    n: 1,
    width: 96,
    height: 64,
    style: "natural",
    outputFormat: "png",
  });
  const speech = new GenerateAudioTask("speech", {
    llmProvider: "openai",
    model: speechModel,
    text: workflowInput("text"),
    voice: "alloy",
    speed: 1.25,
    responseFormat: "mp3",
  });
  return workflow(name, [image, speech], { image: image.output(), audio: speech.output() });
}

/** LIST_MCP_TOOLS then CALL_MCP_TOOL. Input: `{ city }`. Output: `{ tools, weather, bad }`. */
export function mcpListAndCall(name: string, mcpServer: string): WorkflowDef {
  const list = new ListMcpToolsTask("list", { mcpServer, headers: { "X-Test-Run": name } });
  const weather = new CallMcpToolTask("weather", {
    mcpServer,
    method: "get_weather",
    arguments: { city: workflowInput("city") },
  });
  // A tool error is an MCP result with isError, not a failed task.
  const bad = new CallMcpToolTask("bad_add", { mcpServer, method: "add", arguments: { a: 1, b: "two" } });
  return workflow(name, [list, weather, bad], { tools: list.tools(), weather: weather.output(), bad: bad.output() });
}

/**
 * An agent with `agentLoop`: LIST_MCP_TOOLS, then DO_WHILE (LLM_CHAT_COMPLETE offered the MCP tools
 * -> each tool call as a CALL_MCP_TOOL branch) until the model answers without calling a tool.
 * Input: `{ question }`. Output: `{ answer, iterations }`.
 */
export function mcpAgent(name: string, model: string, mcpServer: string): WorkflowDef {
  const discover = new ListMcpToolsTask("discover", { mcpServer });
  const chat = new LlmChatCompleteTask("chat", {
    llmProvider: "openai",
    model,
    instructions: "Use the tools to answer.",
    messages: [ChatMessage.user(workflowInput("question"))],
    // MCP tool descriptions ({ name, description, inputSchema }) are tool specs as they are.
    tools: discover.tools(),
  });
  const loop = agentLoop("agent_loop", chat, { mcpServer, maxTurns: 5 });
  return workflow(name, [discover, loop], { answer: chat.result(), iterations: loop.output("iteration") });
}

/**
 * A worker task as the model's tool, the loop written out: DO_WHILE (LLM_CHAT_COMPLETE offered the
 * SIMPLE task `toolTask` -> when it called tools, the calls, which are tasks as they are, as
 * FORK_JOIN_DYNAMIC branches) until the model answers. Input: `{ question }`. Output: `{ answer }`.
 */
export function workerAsTool(name: string, model: string, toolTask: string): WorkflowDef {
  const chat = new LlmChatCompleteTask("chat", {
    llmProvider: "openai",
    model,
    messages: [ChatMessage.system("You answer weather questions."), ChatMessage.user(workflowInput("question"))],
    tools: [
      {
        name: toolTask,
        type: "SIMPLE",
        description: "Weather for a city",
        inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    ],
  });
  // The server feeds a tool's result back only from a task whose reference name is the call id.
  const runTools = new DynamicForkTask("run_tools", chat.toolCalls(), "").withInput("dynamicTasksInput", {});
  const hasToolCalls = new SwitchTask("has_tool_calls", chat.finishReason()).switchCase(
    "TOOL_CALLS",
    runTools,
    runTools.join("join_tools"),
  );
  return workflow(name, [new DoWhileTask("agent_loop", chat.calledTools(), [chat, hasToolCalls])], {
    answer: chat.result(),
  });
}

/**
 * One LLM_CHAT_COMPLETE with its retry policy given inline (AI tasks get 3 retries, 2 s apart,
 * linear, whenever retryCount is below 1). Output: `{ answer }`.
 */
export function chatWithRetries(name: string, model: string, retryCount: number): WorkflowDef {
  const chat = new LlmChatCompleteTask(
    "chat",
    { llmProvider: "openai", model, messages: [ChatMessage.user("hello")] },
    {
      taskDefinition: {
        name: "chat",
        retryCount,
        retryDelaySeconds: 0,
        retryLogic: "FIXED",
        timeoutSeconds: 120,
        responseTimeoutSeconds: 60,
        ownerEmail: OWNER,
      },
    },
  );
  return workflow(name, [chat], { answer: chat.result() });
}

/** Every AI task type the 3.32.3 server maps (docs/ai-tasks.md), and PULL_WORKFLOW_MESSAGES. */
export const AI_TASK_TYPES: readonly string[] = [
  "LLM_CHAT_COMPLETE",
  "LLM_TEXT_COMPLETE",
  "LLM_GENERATE_EMBEDDINGS",
  "LLM_INDEX_TEXT",
  "LLM_STORE_EMBEDDINGS",
  "LLM_SEARCH_INDEX",
  "LLM_SEARCH_EMBEDDINGS",
  "LLM_GET_EMBEDDINGS",
  "GENERATE_IMAGE",
  "GENERATE_AUDIO",
  "GENERATE_VIDEO",
  "GENERATE_PDF",
  "LIST_MCP_TOOLS",
  "CALL_MCP_TOOL",
  "AGENT",
  "GET_AGENT_CARD",
  "CANCEL_AGENT",
  "PULL_WORKFLOW_MESSAGES",
];

/** A task type that needs something this test environment cannot run, with a representative task. */
export interface RegisterOnlyTaskType {
  readonly type: string;
  /** What the server needs to execute it. */
  readonly needs: string;
  readonly task: AiTask;
  readonly inputParameters: Record<string, unknown>;
}

const registerOnly = (needs: string, task: AiTask): RegisterOnlyTaskType => ({
  type: task.type,
  needs,
  task,
  inputParameters: task.inputParameters,
});

const VECTOR_DB = "a vector database (conductor.vectordb: pgvector, MongoDB Atlas or Pinecone)";
const A2A_AGENT = "a remote A2A agent";
const AGENT_URL = "http://127.0.0.1:9/a2a";

export const REGISTER_ONLY_TASK_TYPES: readonly RegisterOnlyTaskType[] = [
  registerOnly(
    VECTOR_DB,
    new LlmIndexTextTask("llm_index_text", {
      vectorDB: "pgvector",
      index: "docs",
      namespace: "kb",
      docId: "doc-1",
      text: workflowInput("text"),
      embeddingModelProvider: "openai",
      embeddingModel: "text-embedding-3-small",
      dimensions: 16,
      chunkSize: 1000,
      chunkOverlap: 100,
      metadata: { source: "test" },
    }),
  ),
  registerOnly(
    VECTOR_DB,
    new LlmStoreEmbeddingsTask("llm_store_embeddings", {
      vectorDB: "pgvector",
      index: "docs",
      namespace: "kb",
      id: "vec-1",
      embeddings: [0.1, 0.2],
      metadata: { source: "test" },
    }),
  ),
  registerOnly(
    VECTOR_DB,
    new LlmSearchIndexTask("llm_search_index", {
      vectorDB: "pgvector",
      index: "docs",
      namespace: "kb",
      query: workflowInput("text"),
      embeddingModelProvider: "openai",
      embeddingModel: "text-embedding-3-small",
      dimensions: 16,
      maxResults: 3,
    }),
  ),
  registerOnly(
    VECTOR_DB,
    new LlmGetEmbeddingsTask("llm_get_embeddings", {
      vectorDB: "pgvector",
      index: "docs",
      namespace: "kb",
      embeddings: [0.1, 0.2],
      maxResults: 3,
    }),
  ),
  registerOnly(
    VECTOR_DB,
    new LlmSearchEmbeddingsTask("llm_search_embeddings", {
      vectorDB: "pgvector",
      index: "docs",
      namespace: "kb",
      embeddings: [0.1, 0.2],
      maxResults: 3,
    }),
  ),
  registerOnly(
    "a video provider (OpenAI Sora /v1/videos, Gemini Veo, Stability AI)",
    new GenerateVideoTask("generate_video", {
      llmProvider: "openai",
      model: "sora-2",
      prompt: "waves",
      duration: 4,
      size: "1280x720",
    }),
  ),
  registerOnly(
    A2A_AGENT,
    new A2aAgentTask("agent", { agentUrl: AGENT_URL, text: "hello", streaming: false, maxDurationSeconds: 60 }),
  ),
  registerOnly(A2A_AGENT, new GetAgentCardTask("get_agent_card", { agentUrl: AGENT_URL })),
  registerOnly(A2A_AGENT, new CancelAgentTask("cancel_agent", { agentUrl: AGENT_URL, taskId: "t-1", reason: "test" })),
  registerOnly(
    "the workflow message queue (conductor.workflow-message-queue.enabled=true)",
    new PullWorkflowMessagesTask("pull_workflow_messages", { batchSize: 5, blocking: false }),
  ),
];

/** One workflow with a task of each register-only type. */
export function registerOnlyWorkflow(name: string): WorkflowDef {
  return workflow(
    name,
    REGISTER_ONLY_TASK_TYPES.map((t) => t.task),
  );
}
