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
 */
export class LlmTextCompleteTask extends AiTask {
  constructor(taskReferenceName: string, input: LlmTextCompleteInput, options: TaskOptions = {}) {
    super("LLM_TEXT_COMPLETE", "LlmTextCompleteTask", taskReferenceName, input, options);
  }

  static fromWorkflowTask(json: WorkflowTask): LlmTextCompleteTask {
    return AiTask.restore(json, () => new LlmTextCompleteTask("", {} as LlmTextCompleteInput));
  }
}
