// The input fields of the server's AI task types (and PULL_WORKFLOW_MESSAGES), one table per type:
// the JSON kind each field must have and which ones the task cannot run without. The AI builders
// check their input against it when built, and validateWorkflowDef checks definitions with it.
// Fields and kinds are those of the server's request classes (docs/ai-tasks.md); any value may also
// be a `${...}` expression, resolved by the server at run time.
import type { JsonMap } from "./types.js";

/** One problem in an AI task's input: `field` is the path inside inputParameters, e.g. `messages[1].role`. */
export interface AiInputProblem {
  field: string;
  message: string;
}

type Kind =
  | "string"
  | "number"
  | "integer"
  | "boolean"
  | "map"
  | "list"
  | "strings"
  | "numbers"
  | "messages"
  | "tools"
  | "schema";

interface Spec {
  fields: Record<string, Kind>;
  /** Fields without which the server fails the task. */
  required: readonly string[];
  /** Checks across fields. */
  extra?: (input: JsonMap) => AiInputProblem[];
}

/** Roles of a chat message (the server's ChatMessage.Role). */
export const CHAT_ROLES = ["user", "assistant", "system", "tool_call", "tool"] as const;

// LLMWorkerInput: every request class that calls a model extends it.
const MODEL: Record<string, Kind> = {
  llmProvider: "string",
  model: "string",
  integrationName: "string",
  integrationNames: "map",
  prompt: "string",
  promptVersion: "integer",
  promptVariables: "map",
  temperature: "number",
  topP: "number",
  topK: "integer",
  frequencyPenalty: "number",
  presencePenalty: "number",
  stopWords: "strings",
  maxTokens: "integer",
  maxResults: "integer",
  allowRawPrompts: "boolean",
};

const VECTOR_DB: Record<string, Kind> = {
  vectorDB: "string",
  index: "string",
  namespace: "string",
  metadata: "map",
  embeddingModelProvider: "string",
  embeddingModel: "string",
  dimensions: "integer",
};

const A2A: Record<string, Kind> = { agentType: "string", agentUrl: "string", headers: "map" };

// Built inside a pure-annotated function: bundlers keep top-level object spreads (they might run getters), and
// this table would then ride along in every browser bundle that never validates an AI task.
const SPECS: Record<string, Spec> = /* @__PURE__ */ (() => ({
  LLM_CHAT_COMPLETE: {
    fields: {
      ...MODEL,
      instructions: "string",
      messages: "messages",
      userInput: "string",
      tools: "tools",
      jsonOutput: "boolean",
      inputSchema: "schema",
      outputSchema: "schema",
      participants: "map",
      previousResponseId: "string",
      reasoningEffort: "string",
      reasoningSummary: "string",
      thinkingTokenLimit: "integer",
      webSearch: "boolean",
      codeInterpreter: "boolean",
      fileSearchVectorStoreIds: "strings",
      googleSearchRetrieval: "boolean",
      outputMimeType: "string",
      outputLocation: "string",
      voice: "string",
    },
    required: ["llmProvider", "model"],
    extra: chatProblems,
  },
  LLM_TEXT_COMPLETE: {
    fields: { ...MODEL, promptName: "string", jsonOutput: "boolean" },
    required: ["llmProvider", "model"],
    extra: (input) =>
      input.prompt === undefined && input.promptName === undefined
        ? [{ field: "prompt", message: "LLM_TEXT_COMPLETE needs a prompt (or promptName)" }]
        : [],
  },
  LLM_GENERATE_EMBEDDINGS: {
    fields: { ...MODEL, text: "string", dimensions: "integer" },
    required: ["llmProvider", "model", "text"],
  },
  LLM_INDEX_TEXT: {
    fields: {
      ...VECTOR_DB,
      docId: "string",
      text: "string",
      url: "string",
      mediaType: "string",
      chunkSize: "integer",
      chunkOverlap: "integer",
    },
    required: ["vectorDB", "index", "docId", "text", "embeddingModelProvider", "embeddingModel"],
  },
  LLM_STORE_EMBEDDINGS: {
    fields: { ...VECTOR_DB, embeddings: "numbers", id: "string" },
    required: ["vectorDB", "index", "embeddings"],
  },
  LLM_SEARCH_INDEX: {
    fields: { ...VECTOR_DB, query: "string", maxResults: "integer" },
    required: ["vectorDB", "index", "query", "embeddingModelProvider", "embeddingModel"],
  },
  LLM_SEARCH_EMBEDDINGS: {
    fields: { ...VECTOR_DB, embeddings: "numbers", maxResults: "integer" },
    required: ["vectorDB", "index", "embeddings"],
  },
  LLM_GET_EMBEDDINGS: {
    fields: { ...VECTOR_DB, embeddings: "numbers", maxResults: "integer" },
    required: ["vectorDB", "index", "embeddings"],
  },
  GENERATE_IMAGE: {
    fields: {
      ...MODEL,
      n: "integer",
      width: "integer",
      height: "integer",
      size: "string",
      style: "string",
      weight: "number",
      outputFormat: "string",
    },
    required: ["llmProvider", "model", "prompt"],
  },
  GENERATE_AUDIO: {
    fields: { ...MODEL, text: "string", voice: "string", speed: "number", responseFormat: "string", n: "integer" },
    required: ["llmProvider", "model", "text"],
  },
  GENERATE_VIDEO: {
    fields: {
      ...MODEL,
      inputImage: "string",
      duration: "integer",
      width: "integer",
      height: "integer",
      fps: "integer",
      outputFormat: "string",
      style: "string",
      motion: "string",
      seed: "integer",
      guidanceScale: "number",
      aspectRatio: "string",
      negativePrompt: "string",
      personGeneration: "string",
      resolution: "string",
      generateAudio: "boolean",
      size: "string",
      generateThumbnail: "boolean",
      thumbnailTimestamp: "integer",
      maxDurationSeconds: "integer",
      maxCostDollars: "number",
      n: "integer",
    },
    required: ["llmProvider", "model", "prompt"],
  },
  GENERATE_PDF: {
    fields: {
      markdown: "string",
      pageSize: "string",
      marginTop: "number",
      marginRight: "number",
      marginBottom: "number",
      marginLeft: "number",
      theme: "string",
      baseFontSize: "number",
      outputLocation: "string",
      pdfMetadata: "map",
      imageBaseUrl: "string",
    },
    required: ["markdown"],
  },
  LIST_MCP_TOOLS: {
    fields: { mcpServer: "string", headers: "map" },
    required: ["mcpServer"],
    extra: mcpServerProblems,
  },
  CALL_MCP_TOOL: {
    fields: { mcpServer: "string", headers: "map", method: "string", arguments: "map" },
    required: ["mcpServer", "method"],
    extra: mcpServerProblems,
  },
  AGENT: {
    fields: {
      ...A2A,
      agentName: "string",
      agentVersion: "integer",
      text: "string",
      parts: "list",
      message: "map",
      contextId: "string",
      taskId: "string",
      sessionId: "string",
      runId: "string",
      executionId: "string",
      context: "map",
      historyLength: "integer",
      pollIntervalSeconds: "integer",
      maxDurationSeconds: "integer",
      maxPollFailures: "integer",
      streaming: "boolean",
      pushNotification: "boolean",
      pushBackstopPollSeconds: "integer",
      metadata: "map",
    },
    required: [],
    extra: (input) =>
      (input.agentType === undefined || input.agentType === "a2a") && input.agentUrl === undefined
        ? [{ field: "agentUrl", message: "AGENT of agentType a2a needs an agentUrl" }]
        : [],
  },
  GET_AGENT_CARD: { fields: A2A, required: ["agentUrl"] },
  CANCEL_AGENT: {
    fields: { ...A2A, taskId: "string", executionId: "string", reason: "string" },
    required: ["agentUrl"],
  },
  PULL_WORKFLOW_MESSAGES: { fields: { batchSize: "integer", blocking: "boolean" }, required: [] },
}))();

/** The task types this module knows the input of. */
export const AI_INPUT_TASK_TYPES: readonly string[] = /* @__PURE__ */ Object.keys(SPECS);

// Integer and number fields that make no sense below 1 (counts, sizes, limits).
const AT_LEAST_ONE = /* @__PURE__ */ new Set([
  "maxTokens",
  "maxResults",
  "dimensions",
  "n",
  "width",
  "height",
  "batchSize",
  "chunkSize",
  "duration",
  "fps",
]);

const isExpression = (value: unknown): boolean => typeof value === "string" && value.includes("${");

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

const isMap = (value: unknown): boolean => typeof value === "object" && value !== null && !Array.isArray(value);

/** Problems of one value against its kind; `field` is its path. */
function kindProblems(field: string, kind: Kind, value: unknown): AiInputProblem[] {
  if (isExpression(value)) return [];
  const bad = (expected: string) => [{ field, message: `expected ${expected}, got ${describe(value)}` }];
  switch (kind) {
    case "string":
      return typeof value === "string" ? [] : bad("a string");
    case "boolean":
      return typeof value === "boolean" ? [] : bad("a boolean");
    case "number":
    case "integer": {
      if (typeof value !== "number" || !Number.isFinite(value))
        return bad(kind === "integer" ? "an integer" : "a number");
      if (kind === "integer" && !Number.isInteger(value)) return bad("an integer");
      const key = field.slice(field.lastIndexOf(".") + 1);
      if (AT_LEAST_ONE.has(key) && value < 1) return [{ field, message: `must be at least 1, got ${value}` }];
      if ((key === "temperature" && (value < 0 || value > 2)) || (key === "topP" && (value < 0 || value > 1)))
        return [{ field, message: `must be between 0 and ${key === "topP" ? 1 : 2}, got ${value}` }];
      return [];
    }
    case "map":
    case "schema":
      return isMap(value) ? [] : bad(kind === "schema" ? "a schema definition object" : "an object");
    case "list":
      return Array.isArray(value) ? [] : bad("an array");
    case "strings":
    case "numbers": {
      if (!Array.isArray(value)) return bad(kind === "strings" ? "an array of strings" : "an array of numbers");
      const want = kind === "strings" ? "string" : "number";
      return value.flatMap((item, i) =>
        typeof item === want || isExpression(item)
          ? []
          : [{ field: `${field}[${i}]`, message: `expected a ${want}, got ${describe(item)}` }],
      );
    }
    case "messages":
      if (!Array.isArray(value)) return bad("an array of chat messages");
      return value.flatMap((m, i) => messageProblems(`${field}[${i}]`, m));
    case "tools":
      if (!Array.isArray(value)) return bad("an array of tool specs");
      return value.flatMap((t, i) => toolProblems(`${field}[${i}]`, t));
  }
}

function messageProblems(field: string, m: unknown): AiInputProblem[] {
  if (isExpression(m)) return [];
  if (!isMap(m)) return [{ field, message: `expected a chat message { role, message }, got ${describe(m)}` }];
  const msg = m as JsonMap;
  const problems: AiInputProblem[] = [];
  if (!isExpression(msg.role) && !(CHAT_ROLES as readonly unknown[]).includes(msg.role))
    problems.push({
      field: `${field}.role`,
      message: `must be one of ${CHAT_ROLES.join(", ")}, got ${describe(msg.role)}`,
    });
  if (msg.message !== undefined) problems.push(...kindProblems(`${field}.message`, "string", msg.message));
  if (msg.media !== undefined) problems.push(...kindProblems(`${field}.media`, "strings", msg.media));
  if (msg.toolCalls !== undefined) problems.push(...kindProblems(`${field}.toolCalls`, "list", msg.toolCalls));
  return problems;
}

function toolProblems(field: string, t: unknown): AiInputProblem[] {
  if (isExpression(t)) return [];
  if (!isMap(t))
    return [{ field, message: `expected a tool spec { name, description, inputSchema }, got ${describe(t)}` }];
  const tool = t as JsonMap;
  const problems: AiInputProblem[] = [];
  if (typeof tool.name !== "string" || tool.name.trim() === "")
    problems.push({ field: `${field}.name`, message: `a tool needs a name, got ${describe(tool.name)}` });
  for (const key of ["type", "description"])
    if (tool[key] !== undefined) problems.push(...kindProblems(`${field}.${key}`, "string", tool[key]));
  for (const key of ["inputSchema", "outputSchema", "configParams", "integrationNames"])
    if (tool[key] !== undefined) problems.push(...kindProblems(`${field}.${key}`, "map", tool[key]));
  return problems;
}

function chatProblems(input: JsonMap): AiInputProblem[] {
  const problems: AiInputProblem[] = [];
  // LLMs.replacePromptVariables fills instructions without checking them for null.
  if (input.promptVariables !== undefined && input.instructions === undefined)
    problems.push({
      field: "promptVariables",
      message: "promptVariables need instructions: without them the server fails the task",
    });
  const messages = input.messages;
  const hasUser =
    !Array.isArray(messages) ||
    messages.some(
      (m) => isExpression(m) || (isMap(m) && ((m as JsonMap).role === "user" || isExpression((m as JsonMap).role))),
    );
  if (!hasUser && input.userInput === undefined)
    problems.push({
      field: "messages",
      message: "needs a user message (or userInput): without one the server terminates the workflow",
    });
  return problems;
}

function mcpServerProblems(input: JsonMap): AiInputProblem[] {
  const url = input.mcpServer;
  if (typeof url !== "string" || isExpression(url) || /^https?:\/\/[^\s/]+/i.test(url)) return [];
  return [{ field: "mcpServer", message: `must be an http(s) URL of an MCP endpoint, got ${describe(url)}` }];
}

/**
 * Problems in the input of a task of AI `type` (empty for other types): wrong JSON kinds, values out
 * of range, and missing fields the server cannot run the task without.
 */
export function aiInputProblems(type: string, input: JsonMap): AiInputProblem[] {
  const spec = SPECS[type];
  if (spec === undefined) return [];
  const problems: AiInputProblem[] = [];
  for (const field of spec.required) {
    const value = input[field];
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === ""))
      problems.push({ field, message: `${type} needs ${field}` });
  }
  for (const [field, kind] of Object.entries(spec.fields)) {
    const value = input[field];
    if (value === undefined || (value === null && !spec.required.includes(field))) continue;
    if (value === null) continue; // reported as missing above
    problems.push(...kindProblems(field, kind, value));
  }
  if (problems.length === 0 && spec.extra) problems.push(...spec.extra(input));
  return problems;
}
