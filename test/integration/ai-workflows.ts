// The workflow definitions of the AI integration tests, as plain WorkflowDef JSON. Each function is
// one scenario; the AI task builders will replace these bodies with builder calls and the tests in
// ai-tasks.test.ts stay as they are (they only use the names and refs given here).
import type { WorkflowDef, WorkflowTask } from "../../src/clients/index.js";

const OWNER = "sdk-tests@example.com";

function workflow(name: string, tasks: WorkflowTask[], outputParameters: Record<string, unknown> = {}): WorkflowDef {
  return { name, version: 1, schemaVersion: 2, ownerEmail: OWNER, timeoutSeconds: 0, tasks, outputParameters };
}

/**
 * LLM_CHAT_COMPLETE with instructions, prompt variables and JSON output; its parsed answer drives a
 * SWITCH. Input: `{ customer, text }`. Output: `{ intent, route, answer }`.
 */
export function chatDrivesSwitch(name: string, model: string): WorkflowDef {
  return workflow(
    name,
    [
      {
        name: "classify",
        taskReferenceName: "classify",
        type: "LLM_CHAT_COMPLETE",
        inputParameters: {
          llmProvider: "openai",
          model,
          // `$${x}` reaches the task as `${x}`, which the server fills from promptVariables.
          instructions: "You route support requests for $${customer}.",
          promptVariables: { customer: "${workflow.input.customer}" },
          messages: [
            { role: "system", message: 'Answer in json as {"intent": "refund" | "question"}.' },
            { role: "user", message: "${workflow.input.text}" },
          ],
          jsonOutput: true,
          temperature: 0.2,
          topP: 0.9,
          maxTokens: 64,
        },
      },
      {
        name: "route",
        taskReferenceName: "route",
        type: "SWITCH",
        evaluatorType: "value-param",
        expression: "intent",
        inputParameters: { intent: "${classify.output.result.intent}" },
        decisionCases: {
          refund: [
            {
              name: "to_refunds",
              taskReferenceName: "to_refunds",
              type: "SET_VARIABLE",
              inputParameters: { route: "refunds desk" },
            },
          ],
        },
        defaultCase: [
          { name: "to_faq", taskReferenceName: "to_faq", type: "SET_VARIABLE", inputParameters: { route: "faq" } },
        ],
      },
    ],
    { intent: "${classify.output.result.intent}", route: "${workflow.variables.route}", answer: "${classify.output}" },
  );
}

/** LLM_TEXT_COMPLETE with a prompt template. Input: `{ text }`. Output: `{ summary }`. */
export function textComplete(name: string, model: string): WorkflowDef {
  return workflow(
    name,
    [
      {
        name: "summarise",
        taskReferenceName: "summarise",
        type: "LLM_TEXT_COMPLETE",
        inputParameters: {
          llmProvider: "openai",
          model,
          prompt: "Summarise in one line: $${text}",
          promptVariables: { text: "${workflow.input.text}" },
          maxTokens: 32,
          topP: 0.5,
        },
      },
    ],
    { summary: "${summarise.output.result}" },
  );
}

/** LLM_GENERATE_EMBEDDINGS. Input: `{ text }`. Output: `{ embedding }`. */
export function generateEmbeddings(name: string, model: string, dimensions: number): WorkflowDef {
  return workflow(
    name,
    [
      {
        name: "embed",
        taskReferenceName: "embed",
        type: "LLM_GENERATE_EMBEDDINGS",
        inputParameters: { llmProvider: "openai", model, text: "${workflow.input.text}", dimensions },
      },
    ],
    { embedding: "${embed.output.result}" },
  );
}

/** GENERATE_PDF from markdown (rendered inside the server, no provider). Output: `{ pdf }`. */
export function generatePdf(name: string): WorkflowDef {
  return workflow(
    name,
    [
      {
        name: "pdf",
        taskReferenceName: "pdf",
        type: "GENERATE_PDF",
        inputParameters: { markdown: "${workflow.input.markdown}", pageSize: "A4", pdfMetadata: { title: "Report" } },
      },
    ],
    { pdf: "${pdf.output.result}" },
  );
}

/**
 * GENERATE_IMAGE and GENERATE_AUDIO through the `openai` provider. Input: `{ prompt, text }`.
 * Output: `{ image, audio }` (the tasks' outputs).
 */
export function generateMedia(name: string, imageModel: string, speechModel: string): WorkflowDef {
  return workflow(
    name,
    [
      {
        name: "image",
        taskReferenceName: "image",
        type: "GENERATE_IMAGE",
        inputParameters: {
          llmProvider: "openai",
          model: imageModel,
          prompt: "${workflow.input.prompt}",
          n: 1,
          width: 96,
          height: 64,
          style: "natural",
          outputFormat: "png",
        },
      },
      {
        name: "speech",
        taskReferenceName: "speech",
        type: "GENERATE_AUDIO",
        inputParameters: {
          llmProvider: "openai",
          model: speechModel,
          text: "${workflow.input.text}",
          voice: "alloy",
          speed: 1.25,
          responseFormat: "mp3",
        },
      },
    ],
    { image: "${image.output}", audio: "${speech.output}" },
  );
}

/** LIST_MCP_TOOLS then CALL_MCP_TOOL. Input: `{ city }`. Output: `{ tools, weather, bad }`. */
export function mcpListAndCall(name: string, mcpServer: string): WorkflowDef {
  return workflow(
    name,
    [
      {
        name: "list",
        taskReferenceName: "list",
        type: "LIST_MCP_TOOLS",
        inputParameters: { mcpServer, headers: { "X-Test-Run": name } },
      },
      {
        name: "weather",
        taskReferenceName: "weather",
        type: "CALL_MCP_TOOL",
        inputParameters: { mcpServer, method: "get_weather", arguments: { city: "${workflow.input.city}" } },
      },
      {
        // A tool error is an MCP result with isError, not a failed task.
        name: "bad_add",
        taskReferenceName: "bad_add",
        type: "CALL_MCP_TOOL",
        inputParameters: { mcpServer, method: "add", arguments: { a: 1, b: "two" } },
      },
    ],
    { tools: "${list.output.tools}", weather: "${weather.output}", bad: "${bad_add.output}" },
  );
}

const LOOP_WHILE_TOOL_CALLS = "$.chat['finishReason'] == 'TOOL_CALLS'";

function toolLoop(chatInput: Record<string, unknown>, dispatch: WorkflowTask[]): WorkflowTask {
  return {
    name: "agent_loop",
    taskReferenceName: "agent_loop",
    type: "DO_WHILE",
    inputParameters: {},
    loopCondition: LOOP_WHILE_TOOL_CALLS,
    loopOver: [
      { name: "chat", taskReferenceName: "chat", type: "LLM_CHAT_COMPLETE", inputParameters: chatInput },
      {
        name: "has_tool_calls",
        taskReferenceName: "has_tool_calls",
        type: "SWITCH",
        evaluatorType: "value-param",
        expression: "finishReason",
        inputParameters: { finishReason: "${chat.output.finishReason}" },
        decisionCases: { TOOL_CALLS: dispatch },
        defaultCase: [],
      },
    ],
  };
}

// The server feeds a tool's result back to the model only when the tool task's reference name is
// the call id (toolCalls[i].taskReferenceName): so tool calls run as FORK_JOIN_DYNAMIC branches.
function dynamicFork(tasksExpression: string): WorkflowTask[] {
  return [
    {
      name: "run_tools",
      taskReferenceName: "run_tools",
      type: "FORK_JOIN_DYNAMIC",
      dynamicForkTasksParam: "dynamicTasks",
      dynamicForkTasksInputParamName: "dynamicTasksInputs",
      inputParameters: { dynamicTasks: tasksExpression, dynamicTasksInputs: {} },
    },
    { name: "join_tools", taskReferenceName: "join_tools", type: "JOIN" },
  ];
}

/**
 * An agent: LIST_MCP_TOOLS, then DO_WHILE (LLM_CHAT_COMPLETE offered the MCP tools -> each tool call
 * as a CALL_MCP_TOOL branch) until the model answers without calling a tool. Input: `{ question }`.
 * Output: `{ answer, iterations }`.
 */
export function mcpAgent(name: string, model: string, mcpServer: string): WorkflowDef {
  // Tool calls carry their arguments plus `method` (the tool name); CALL_MCP_TOOL wants them apart.
  const toCallMcpTool = `(function () {
    return $.toolCalls.map(function (call) {
      var args = {};
      for (var key in call.inputParameters) if (key !== 'method') args[key] = call.inputParameters[key];
      return { name: 'call_mcp_tool', taskReferenceName: call.taskReferenceName, type: 'CALL_MCP_TOOL',
               inputParameters: { mcpServer: $.mcpServer, method: call.name, arguments: args } };
    });
  })()`;
  return workflow(
    name,
    [
      { name: "discover", taskReferenceName: "discover", type: "LIST_MCP_TOOLS", inputParameters: { mcpServer } },
      toolLoop(
        {
          llmProvider: "openai",
          model,
          instructions: "Use the tools to answer.",
          messages: [{ role: "user", message: "${workflow.input.question}" }],
          // MCP tool descriptions ({ name, description, inputSchema }) are tool specs as they are.
          tools: "${discover.output.tools}",
        },
        [
          {
            name: "to_mcp_calls",
            taskReferenceName: "to_mcp_calls",
            type: "INLINE",
            inputParameters: {
              evaluatorType: "graaljs",
              expression: toCallMcpTool,
              toolCalls: "${chat.output.toolCalls}",
              mcpServer,
            },
          },
          ...dynamicFork("${to_mcp_calls.output.result}"),
        ],
      ),
    ],
    { answer: "${chat.output.result}", iterations: "${agent_loop.output.iteration}" },
  );
}

/**
 * A worker task as the model's tool: DO_WHILE (LLM_CHAT_COMPLETE offered the SIMPLE task `toolTask`
 * -> the tool calls, which are task definitions as they are, as FORK_JOIN_DYNAMIC branches) until the
 * model answers. Input: `{ question }`. Output: `{ answer }`.
 */
export function workerAsTool(name: string, model: string, toolTask: string): WorkflowDef {
  return workflow(
    name,
    [
      toolLoop(
        {
          llmProvider: "openai",
          model,
          messages: [
            { role: "system", message: "You answer weather questions." },
            { role: "user", message: "${workflow.input.question}" },
          ],
          tools: [
            {
              name: toolTask,
              type: "SIMPLE",
              description: "Weather for a city",
              inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
            },
          ],
        },
        dynamicFork("${chat.output.toolCalls}"),
      ),
    ],
    { answer: "${chat.output.result}" },
  );
}

/**
 * One LLM_CHAT_COMPLETE with its retry policy given inline (AI tasks get 3 retries, 2 s apart,
 * linear, whenever retryCount is below 1). Output: `{ answer }`.
 */
export function chatWithRetries(name: string, model: string, retryCount: number): WorkflowDef {
  return workflow(
    name,
    [
      {
        name: "chat",
        taskReferenceName: "chat",
        type: "LLM_CHAT_COMPLETE",
        taskDefinition: {
          name: "chat",
          retryCount,
          retryDelaySeconds: 0,
          retryLogic: "FIXED",
          timeoutSeconds: 120,
          responseTimeoutSeconds: 60,
          ownerEmail: OWNER,
        },
        inputParameters: { llmProvider: "openai", model, messages: [{ role: "user", message: "hello" }] },
      },
    ],
    { answer: "${chat.output.result}" },
  );
}

/** Every AI task type the 3.32.3 server maps (docs/ai-tasks.md). */
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
];

/** An AI task type that needs something this test environment cannot run, with a representative task. */
export interface RegisterOnlyTaskType {
  readonly type: string;
  /** What the server needs to execute it. */
  readonly needs: string;
  readonly inputParameters: Record<string, unknown>;
}

export const REGISTER_ONLY_TASK_TYPES: readonly RegisterOnlyTaskType[] = [
  {
    type: "LLM_INDEX_TEXT",
    needs: "a vector database (conductor.vectordb: pgvector, MongoDB Atlas or Pinecone)",
    inputParameters: {
      vectorDB: "pgvector",
      index: "docs",
      namespace: "kb",
      docId: "doc-1",
      text: "${workflow.input.text}",
      embeddingModelProvider: "openai",
      embeddingModel: "text-embedding-3-small",
      dimensions: 16,
      chunkSize: 1000,
      chunkOverlap: 100,
      metadata: { source: "test" },
    },
  },
  {
    type: "LLM_STORE_EMBEDDINGS",
    needs: "a vector database",
    inputParameters: {
      vectorDB: "pgvector",
      index: "docs",
      namespace: "kb",
      id: "vec-1",
      embeddings: [0.1, 0.2],
      metadata: { source: "test" },
    },
  },
  {
    type: "LLM_SEARCH_INDEX",
    needs: "a vector database",
    inputParameters: {
      vectorDB: "pgvector",
      index: "docs",
      namespace: "kb",
      query: "${workflow.input.text}",
      embeddingModelProvider: "openai",
      embeddingModel: "text-embedding-3-small",
      dimensions: 16,
      maxResults: 3,
    },
  },
  {
    type: "LLM_GET_EMBEDDINGS",
    needs: "a vector database",
    inputParameters: { vectorDB: "pgvector", index: "docs", namespace: "kb", embeddings: [0.1, 0.2], maxResults: 3 },
  },
  {
    type: "LLM_SEARCH_EMBEDDINGS",
    needs: "a vector database",
    inputParameters: { vectorDB: "pgvector", index: "docs", namespace: "kb", embeddings: [0.1, 0.2], maxResults: 3 },
  },
  {
    type: "GENERATE_VIDEO",
    needs: "a video provider (OpenAI Sora /v1/videos, Gemini Veo, Stability AI)",
    inputParameters: { llmProvider: "openai", model: "sora-2", prompt: "waves", duration: 4, size: "1280x720" },
  },
  {
    type: "AGENT",
    needs: "a remote A2A agent",
    inputParameters: { agentUrl: "http://127.0.0.1:9/a2a", text: "hello", streaming: false, maxDurationSeconds: 60 },
  },
  {
    type: "GET_AGENT_CARD",
    needs: "a remote A2A agent",
    inputParameters: { agentUrl: "http://127.0.0.1:9/a2a" },
  },
  {
    type: "CANCEL_AGENT",
    needs: "a remote A2A agent",
    inputParameters: { agentUrl: "http://127.0.0.1:9/a2a", taskId: "t-1", reason: "test" },
  },
];

/** One workflow with a task of each register-only type. */
export function registerOnlyWorkflow(name: string): WorkflowDef {
  return workflow(
    name,
    REGISTER_ONLY_TASK_TYPES.map((t) => ({
      name: t.type.toLowerCase(),
      taskReferenceName: t.type.toLowerCase(),
      type: t.type,
      inputParameters: t.inputParameters,
    })),
  );
}
