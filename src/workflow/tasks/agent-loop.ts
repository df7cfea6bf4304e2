// The agent loop around LLM_CHAT_COMPLETE. The server does not run the tools a model calls; it
// feeds a tool's result back on the next turn only when the tool ran as a task whose reference name
// is the call id, which is what a FORK_JOIN_DYNAMIC over the calls does. So: DO_WHILE (chat ->
// when it called tools, fork over the calls) until the model answers without calling a tool.
import { InvalidArgumentError } from "../../errors/conductor-error.js";
import type { BaseTask, TaskOptions } from "../task.js";
import { DoWhileTask } from "./do-while-task.js";
import { DynamicForkTask } from "./dynamic-fork-task.js";
import { JsonJqTask } from "./json-jq-task.js";
import type { LlmChatCompleteTask } from "./llm-chat-complete-task.js";
import { SwitchTask } from "./switch-task.js";

export interface AgentLoopOptions extends TaskOptions {
  /**
   * Runs every tool call as a CALL_MCP_TOOL on this MCP server (offer the server's tools with
   * `tools: listTask.tools()`). Without it each call runs as the task its tool spec names: a
   * worker's task for a `SIMPLE` tool.
   */
  mcpServer?: string;
  /** Headers for the MCP server. */
  mcpHeaders?: Record<string, string>;
  /** Most model turns (default 10): the loop stops then even if the model still calls tools. */
  maxTurns?: number;
}

// Tool calls carry their arguments plus `method` (the tool name); CALL_MCP_TOOL takes them apart.
// jq rather than a script: the server interrupts a script after 4 s, which a busy server can reach.
const TO_MCP_CALLS = `.mcpServer as $server | .headers as $headers | (.toolCalls // []) | map({
  name: .name,
  taskReferenceName: .taskReferenceName,
  type: "CALL_MCP_TOOL",
  inputParameters: ({ mcpServer: $server, method: .name, arguments: (.inputParameters // {} | del(.method)) }
    + (if $headers then { headers: $headers } else {} end))
})`;

/**
 * The tasks that run a chat task's tool calls, for the TOOL_CALLS case of a loop: a FORK_JOIN_DYNAMIC
 * over the calls and its JOIN (with `mcpServer`, first a JSON_JQ_TRANSFORM turning each call into a
 * CALL_MCP_TOOL). Reference names start with `prefix`.
 *
 * @example
 * ```ts
 * const chat = new LlmChatCompleteTask("chat", { llmProvider: "openai", model: "gpt-4o-mini", userInput: wf.input("q"), tools });
 * const dispatch = new SwitchTask("dispatch", chat.finishReason()).switchCase("TOOL_CALLS", ...toolCallTasks(chat, "calls"));
 * wf.add(new DoWhileTask("turns", `${chat.calledTools()} && $.turns['iteration'] < 5`, [chat, dispatch]));
 * ```
 */
export function toolCallTasks(
  chat: LlmChatCompleteTask,
  prefix: string,
  options: Pick<AgentLoopOptions, "mcpServer" | "mcpHeaders"> = {},
): BaseTask[] {
  const tasks: BaseTask[] = [];
  let calls = chat.toolCalls();
  if (options.mcpServer !== undefined) {
    const toMcp = new JsonJqTask(`${prefix}_to_mcp`, TO_MCP_CALLS, {
      toolCalls: chat.toolCalls(),
      mcpServer: options.mcpServer,
      ...(options.mcpHeaders ? { headers: options.mcpHeaders } : {}),
    });
    tasks.push(toMcp);
    calls = toMcp.output("result");
  }
  // The calls are whole task definitions with their own input: the per-task input map stays empty.
  const fork = new DynamicForkTask(`${prefix}_tools`, calls, "").withInput("dynamicTasksInput", {});
  tasks.push(fork, fork.join(`${prefix}_tools_join`));
  return tasks;
}

/**
 * An agent: DO_WHILE `taskReferenceName` of `chat`, then, when the model called tools, the tasks
 * that run them (`toolCallTasks`), until the model answers without a tool call or `maxTurns` pass.
 * The answer is `chat.result()`; the loop's `output("iteration")` counts the turns.
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
 * wf.add(discover, agentLoop("agent", chat, { mcpServer: "http://127.0.0.1:3001/mcp", maxTurns: 5 }));
 * wf.outputParameters({ answer: chat.result() });
 * ```
 */
export function agentLoop(
  taskReferenceName: string,
  chat: LlmChatCompleteTask,
  options: AgentLoopOptions = {},
): DoWhileTask {
  const { mcpServer, mcpHeaders, maxTurns = 10, ...taskOptions } = options;
  if (!Number.isInteger(maxTurns) || maxTurns < 1) {
    throw new InvalidArgumentError(
      `agentLoop "${taskReferenceName}": maxTurns must be a positive integer, got ${String(maxTurns)}`,
      { argument: "options.maxTurns" },
    );
  }
  const dispatch = new SwitchTask(`${taskReferenceName}_called_tools`, chat.finishReason()).switchCase(
    "TOOL_CALLS",
    ...toolCallTasks(chat, taskReferenceName, { mcpServer, mcpHeaders }),
  );
  const condition = `${chat.calledTools()} && $.${taskReferenceName}['iteration'] < ${maxTurns}`;
  return new DoWhileTask(taskReferenceName, condition, [chat, dispatch], taskOptions);
}
