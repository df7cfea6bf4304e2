import type { TaskOptions } from "../task.js";
import type { WorkflowTask } from "../types.js";
import { AiTask } from "./ai-task.js";

/** The input of LLM_GENERATE_EMBEDDINGS (the server's EmbeddingGenRequest). */
export interface LlmGenerateEmbeddingsInput {
  llmProvider: string;
  model: string;
  /** The text to embed; blank text fails the task. */
  text: string;
  /** Sent to the provider when set. */
  dimensions?: number | string;
}

/** Embeds a text with an embedding model (LLM_GENERATE_EMBEDDINGS). Output: `{ result: number[] }`. */
export class LlmGenerateEmbeddingsTask extends AiTask {
  constructor(taskReferenceName: string, input: LlmGenerateEmbeddingsInput, options: TaskOptions = {}) {
    super("LLM_GENERATE_EMBEDDINGS", "LlmGenerateEmbeddingsTask", taskReferenceName, input, options);
  }

  static fromWorkflowTask(json: WorkflowTask): LlmGenerateEmbeddingsTask {
    return AiTask.restore(json, () => new LlmGenerateEmbeddingsTask("", {} as LlmGenerateEmbeddingsInput));
  }
}
