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

/**
 * Embeds a text with an embedding model (LLM_GENERATE_EMBEDDINGS). Output: `{ result: number[] }`.
 *
 * @example
 * ```ts
 * const embed = new LlmGenerateEmbeddingsTask("embed", {
 *   llmProvider: "openai",
 *   model: "text-embedding-3-small",
 *   text: wf.input("text"),
 * });
 * wf.add(embed).outputParameters({ vector: embed.result() });
 * ```
 */
export class LlmGenerateEmbeddingsTask extends AiTask {
  constructor(taskReferenceName: string, input: LlmGenerateEmbeddingsInput, options: TaskOptions = {}) {
    super("LLM_GENERATE_EMBEDDINGS", "LlmGenerateEmbeddingsTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = LlmGenerateEmbeddingsTask.fromWorkflowTask({
   *   name: "embed",
   *   taskReferenceName: "embed",
   *   type: "LLM_GENERATE_EMBEDDINGS",
   *   inputParameters: { llmProvider: "openai", model: "text-embedding-3-small", text: "hello" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): LlmGenerateEmbeddingsTask {
    return AiTask.restore(json, () => new LlmGenerateEmbeddingsTask("", {} as LlmGenerateEmbeddingsInput));
  }
}
