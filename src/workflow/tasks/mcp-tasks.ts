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
 */
export class ListMcpToolsTask extends AiTask {
  constructor(taskReferenceName: string, input: ListMcpToolsInput, options: TaskOptions = {}) {
    super("LIST_MCP_TOOLS", "ListMcpToolsTask", taskReferenceName, input, options);
  }

  /** `${ref.output.tools}`. */
  tools(): string {
    return this.output("tools");
  }

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
 */
export class CallMcpToolTask extends AiTask {
  constructor(taskReferenceName: string, input: CallMcpToolInput, options: TaskOptions = {}) {
    super("CALL_MCP_TOOL", "CallMcpToolTask", taskReferenceName, input, options);
  }

  static fromWorkflowTask(json: WorkflowTask): CallMcpToolTask {
    return AiTask.restore(json, () => new CallMcpToolTask("", {} as CallMcpToolInput));
  }
}
