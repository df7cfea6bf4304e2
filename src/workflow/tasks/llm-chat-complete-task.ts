import type { TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";
import { AiTask, type LlmModelInput } from "./ai-task.js";

/** Who says a chat message: `tool_call` and `tool` carry a model's tool calls and their results. */
export type ChatRole = "user" | "assistant" | "system" | "tool_call" | "tool";

/** One message of a conversation (the server's ChatMessage). */
export interface ChatMessage {
  role: ChatRole;
  /** The text (an expression such as `workflowInput("question")` works too). */
  message?: string;
  /** Image URLs or base64 data for a user message. */
  media?: string[];
  mimeType?: string;
  /** The calls of a `tool_call` message, or the call a `tool` message answers. */
  toolCalls?: ToolCall[];
}

/** Builds chat messages: `ChatMessage.user("Hi")` is `{ role: "user", message: "Hi" }`. */
export const ChatMessage = {
  user(message: string, media?: { media: string[]; mimeType?: string }): ChatMessage {
    return { role: "user", message, ...(media ?? {}) };
  },
  system(message: string): ChatMessage {
    return { role: "system", message };
  },
  assistant(message: string): ChatMessage {
    return { role: "assistant", message };
  },
};

/**
 * A tool the model may call (the server's ToolSpec). The model's call comes back in the task's
 * `toolCalls` output as a task of `type` named `name`: a worker's task type for `SIMPLE`. The
 * output of LIST_MCP_TOOLS is a list of tool specs as it is.
 */
export interface ToolSpec {
  name: string;
  /** The task type a call runs as; the server's default is `SIMPLE`. */
  type?: string;
  description?: string;
  /** JSON schema of the arguments. */
  inputSchema?: JsonMap;
  outputSchema?: JsonMap;
  configParams?: JsonMap;
  integrationNames?: Record<string, string>;
}

/** A tool call in the output of LLM_CHAT_COMPLETE (the server's ToolCall). */
export interface ToolCall {
  /** The provider's call id: run the tool as a task of this reference name to feed its result back. */
  taskReferenceName: string;
  name: string;
  /** The tool spec's type, `SIMPLE` when the tool had none. */
  type?: string;
  /** The call's arguments plus `method: <tool name>`. */
  inputParameters?: JsonMap;
  integrationNames?: Record<string, string>;
  output?: JsonMap;
}

/** A schema the answer (or input) is checked against (the server's SchemaDef). */
export interface SchemaDef {
  name: string;
  version?: number;
  type?: "JSON" | "AVRO" | "PROTOBUF";
  data?: JsonMap;
  externalRef?: string;
}

/** The input of LLM_CHAT_COMPLETE (the server's ChatCompletion). */
export interface LlmChatCompleteInput extends LlmModelInput {
  /** The conversation; needs a user message unless `userInput` is given. */
  messages?: ChatMessage[] | string;
  /** The system prompt, sent before the messages; `promptVariables` are filled into it. */
  instructions?: string;
  /** A user message, used when `messages` is empty. */
  userInput?: string;
  /** Tools the model may call; `discover.output("tools")` of a LIST_MCP_TOOLS task works as is. */
  tools?: ToolSpec[] | string;
  /** Asks for a JSON object; the parsed answer is the output's `result`. */
  jsonOutput?: boolean | string;
  outputSchema?: SchemaDef | string;
  inputSchema?: SchemaDef | string;
  /** Other tasks' outputs added to the conversation as that role: reference name -> role. */
  participants?: Record<string, ChatRole> | string;
  previousResponseId?: string;
  reasoningEffort?: "low" | "medium" | "high" | (string & {});
  reasoningSummary?: "auto" | "concise" | "detailed" | (string & {});
  /** Anthropic and Gemini thinking budget. */
  thinkingTokenLimit?: number | string;
  webSearch?: boolean | string;
  codeInterpreter?: boolean | string;
  fileSearchVectorStoreIds?: string[] | string;
  googleSearchRetrieval?: boolean | string;
  outputMimeType?: string;
  outputLocation?: string;
  voice?: string;
}

/**
 * Asks a chat model (LLM_CHAT_COMPLETE). Output: `result` (the answer; parsed with `jsonOutput`),
 * `finishReason` (`STOP`, `TOOL_CALLS`, `MAX_TOKENS`, ...), `toolCalls` when the model called tools,
 * token counts and `responseId`. The server does not run the tools itself: loop over the task in a
 * DO_WHILE and run `toolCalls()` (see `agentLoop`).
 *
 * @example
 * ```ts
 * const chat = new LlmChatCompleteTask("support_answer", {
 *   llmProvider: "anthropic",
 *   model: "claude-sonnet-4-5",
 *   instructions: "You answer questions about ${product}.",
 *   promptVariables: { product: wf.input("product") },
 *   messages: [ChatMessage.user(wf.input("question"))],
 *   maxTokens: 500,
 * });
 * wf.add(chat).outputParameters({ answer: chat.result() });
 * ```
 */
export class LlmChatCompleteTask extends AiTask {
  constructor(taskReferenceName: string, input: LlmChatCompleteInput, options: TaskOptions = {}) {
    super("LLM_CHAT_COMPLETE", "LlmChatCompleteTask", taskReferenceName, input, options);
  }

  /**
   * `${ref.output.toolCalls}`: the model's tool calls, as tasks a FORK_JOIN_DYNAMIC can run.
   *
   * @example
   * ```ts
   * const fork = new DynamicForkTask("run_tools", chat.toolCalls(), "");
   * ```
   */
  toolCalls(): string {
    return this.output("toolCalls");
  }

  /**
   * `${ref.output.finishReason}`.
   *
   * @example
   * ```ts
   * new SwitchTask("called_tools", chat.finishReason()).switchCase("TOOL_CALLS", ...toolCallTasks(chat, "tools"));
   * ```
   */
  finishReason(): string {
    return this.output("finishReason");
  }

  /**
   * A DO_WHILE condition fragment, true while the model's last answer called tools.
   *
   * @example
   * ```ts
   * const loop = new DoWhileTask("agent", `${chat.calledTools()} && $.agent['iteration'] < 5`, [chat, dispatch]);
   * ```
   */
  calledTools(): string {
    return `$.${this.taskReferenceName}['finishReason'] == 'TOOL_CALLS'`;
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = LlmChatCompleteTask.fromWorkflowTask({
   *   name: "answer",
   *   taskReferenceName: "answer",
   *   type: "LLM_CHAT_COMPLETE",
   *   inputParameters: { llmProvider: "openai", model: "gpt-4o-mini", userInput: "Hi" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): LlmChatCompleteTask {
    return AiTask.restore(json, () => new LlmChatCompleteTask("", {} as LlmChatCompleteInput));
  }
}
