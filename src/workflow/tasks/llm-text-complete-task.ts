import type { TaskOptions } from "../task.js";
import type { WorkflowTask } from "../types.js";
import { AiTask, type LlmModelInput } from "./ai-task.js";

/** The input of LLM_TEXT_COMPLETE (the server's TextCompletion). */
export interface LlmTextCompleteInput extends LlmModelInput {
  /** The prompt; `promptVariables` are filled into it. */
  prompt?: string;
  /** Used instead of `prompt` when set. */
  promptName?: string;
  jsonOutput?: boolean | string;
  maxResults?: number | string;
}

/**
 * Completes a prompt (LLM_TEXT_COMPLETE). The server makes a chat completion of it (the prompt as
 * the system prompt); the output is LLM_CHAT_COMPLETE's, the answer in `result`.
 *
 * @example
 * ```ts
 * const summary = new LlmTextCompleteTask("summarize", {
 *   llmProvider: "openai",
 *   model: "gpt-4o-mini",
 *   prompt: "Summarize in one sentence: ${text}",
 *   promptVariables: { text: wf.input("article") },
 * });
 * wf.add(summary).outputParameters({ summary: summary.result() });
 * ```
 */
export class LlmTextCompleteTask extends AiTask {
  constructor(taskReferenceName: string, input: LlmTextCompleteInput, options: TaskOptions = {}) {
    super("LLM_TEXT_COMPLETE", "LlmTextCompleteTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = LlmTextCompleteTask.fromWorkflowTask({
   *   name: "summarize",
   *   taskReferenceName: "summarize",
   *   type: "LLM_TEXT_COMPLETE",
   *   inputParameters: { llmProvider: "openai", model: "gpt-4o-mini", prompt: "Say hi" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): LlmTextCompleteTask {
    return AiTask.restore(json, () => new LlmTextCompleteTask("", {} as LlmTextCompleteInput));
  }
}
