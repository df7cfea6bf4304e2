// The MCP tasks: the server sends one JSON-RPC request (tools/list or tools/call) to a streamable
// HTTP MCP endpoint, without an initialize handshake, so the MCP server must answer sessionless.
import type { TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";
import { AiTask } from "./ai-task.js";

/** The input of LIST_MCP_TOOLS (the server's MCPListToolsRequest). */
export interface ListMcpToolsInput {
  /** The MCP endpoint URL, e.g. `http://127.0.0.1:3001/mcp`. */
  mcpServer: string;
  /** Sent with the request, e.g. an Authorization header. */
  headers?: Record<string, string> | string;
}

/**
 * Lists an MCP server's tools (LIST_MCP_TOOLS). Output: `{ tools: [{ name, description, inputSchema }] }`,
 * which LLM_CHAT_COMPLETE takes as its `tools` as it is.
 *
 * @example
 * ```ts
 * const discover = new ListMcpToolsTask("discover", { mcpServer: "http://127.0.0.1:3001/mcp" });
 * const chat = new LlmChatCompleteTask("chat", {
 *   llmProvider: "openai",
 *   model: "gpt-4o-mini",
 *   messages: [ChatMessage.user(wf.input("question"))],
 *   tools: discover.tools(),
 * });
 * wf.add(discover, chat);
 * ```
 */
export class ListMcpToolsTask extends AiTask {
  constructor(taskReferenceName: string, input: ListMcpToolsInput, options: TaskOptions = {}) {
    super("LIST_MCP_TOOLS", "ListMcpToolsTask", taskReferenceName, input, options);
  }

  /**
   * `${ref.output.tools}`.
   *
   * @example
   * ```ts
   * const discover = new ListMcpToolsTask("discover", { mcpServer: "http://127.0.0.1:3001/mcp" });
   * discover.tools(); // "${discover.output.tools}"
   * ```
   */
  tools(): string {
    return this.output("tools");
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = ListMcpToolsTask.fromWorkflowTask({
   *   name: "discover",
   *   taskReferenceName: "discover",
   *   type: "LIST_MCP_TOOLS",
   *   inputParameters: { mcpServer: "http://127.0.0.1:3001/mcp" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): ListMcpToolsTask {
    return AiTask.restore(json, () => new ListMcpToolsTask("", {} as ListMcpToolsInput));
  }
}

/** The input of CALL_MCP_TOOL (the server's MCPToolCallRequest). */
export interface CallMcpToolInput extends ListMcpToolsInput {
  /** The tool's name. */
  method: string;
  /** The tool's arguments (other input fields are not passed to the tool). */
  arguments?: JsonMap | string;
}

/**
 * Calls one MCP tool (CALL_MCP_TOOL). Output: `{ content: [{ type, text, parsed, ... }], isError }`;
 * a tool error completes the task with `isError: true`.
 *
 * @example
 * ```ts
 * const weather = new CallMcpToolTask("weather", {
 *   mcpServer: "http://127.0.0.1:3001/mcp",
 *   method: "get_weather",
 *   arguments: { city: wf.input("city") },
 * });
 * wf.add(weather).outputParameters({ forecast: weather.output("content[0].text") });
 * ```
 */
export class CallMcpToolTask extends AiTask {
  constructor(taskReferenceName: string, input: CallMcpToolInput, options: TaskOptions = {}) {
    super("CALL_MCP_TOOL", "CallMcpToolTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = CallMcpToolTask.fromWorkflowTask({
   *   name: "weather",
   *   taskReferenceName: "weather",
   *   type: "CALL_MCP_TOOL",
   *   inputParameters: { mcpServer: "http://127.0.0.1:3001/mcp", method: "get_weather" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): CallMcpToolTask {
    return AiTask.restore(json, () => new CallMcpToolTask("", {} as CallMcpToolInput));
  }
}
