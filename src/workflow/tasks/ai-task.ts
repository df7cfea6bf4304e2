// The base of the AI task builders. The server binds an AI task's whole input to the type's request
// class, so a builder's typed input becomes its inputParameters as is; it is checked against the
// type's fields (ai-validation.ts) when built, so a mistake is a typed error naming the field.
import { InvalidArgumentError } from "../../errors/conductor-error.js";
import { aiInputProblems } from "../ai-validation.js";
import { BaseTask, type TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";

/**
 * The inputs every AI task that calls a model accepts (the server's LLMWorkerInput). Any value may
 * also be a `${...}` expression string, e.g. `workflowInput("model")`.
 */
export interface LlmModelInput {
  /** The provider name the server is configured with, e.g. `openai`, `anthropic`, `ollama`. */
  llmProvider: string;
  /** The provider's model id, sent as is. */
  model: string;
  /** Values for `${name}` placeholders in prompts and messages (write `$${name}` in a definition). */
  promptVariables?: JsonMap | string;
  /** Not passed on by the OSS `openai` provider (docs/ai-tasks.md). */
  temperature?: number | string;
  topP?: number | string;
  topK?: number | string;
  frequencyPenalty?: number | string;
  presencePenalty?: number | string;
  stopWords?: string[] | string;
  /** `max_output_tokens` on the wire; the server's default is 8192. */
  maxTokens?: number | string;
  /** Orkes integration names; unused by the OSS providers. */
  integrationName?: string;
  integrationNames?: Record<string, string> | string;
}

// Set while fromWorkflowTask rebuilds a task: a stored definition is taken as it is (validateWorkflowDef
// reports its problems), only new builders are checked. Conversion is synchronous, so a flag is safe.
let restoring = false;

/** Drops undefined fields, so an input written with optional fields gives the same JSON as one without. */
function definedFields(input: object): JsonMap {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/**
 * The base of the AI task builders: the input is checked when built, naming the bad field.
 *
 * @example
 * ```ts
 * const chat = new LlmChatCompleteTask("answer", {
 *   llmProvider: "openai",
 *   model: "gpt-4o-mini",
 *   messages: [ChatMessage.user(wf.input("question"))],
 * });
 * wf.add(chat).outputParameters({ answer: chat.result() });
 * ```
 */
export abstract class AiTask extends BaseTask {
  protected constructor(type: string, builder: string, taskReferenceName: string, input: object, options: TaskOptions) {
    if (!restoring && (typeof input !== "object" || input === null || Array.isArray(input))) {
      throw new InvalidArgumentError(
        `${builder} "${taskReferenceName}": input must be an object of the task's inputs, got ${input === null ? "null" : Array.isArray(input) ? "an array" : typeof input}`,
        { argument: "input" },
      );
    }
    super(type, taskReferenceName, taskReferenceName, restoring ? {} : definedFields(input), options);
    if (restoring) return;
    const [first] = aiInputProblems(type, this.inputParameters);
    if (first !== undefined) {
      throw new InvalidArgumentError(`${builder} "${taskReferenceName}": input.${first.field}: ${first.message}`, {
        argument: `input.${first.field}`,
      });
    }
  }

  /**
   * `${ref.output.result}` (the answer, vector, documents... of most AI tasks), or a path inside it.
   *
   * @example
   * ```ts
   * const review = new LlmChatCompleteTask("review", {
   *   llmProvider: "openai",
   *   model: "gpt-4o-mini",
   *   userInput: "Rate this review as JSON { score, summary }: ${workflow.input.text}",
   *   jsonOutput: true,
   * });
   * review.result("score"); // "${review.output.result.score}"
   * ```
   */
  result(path?: string): string {
    return this.output(path === undefined || path === "" ? "result" : `result.${path}`);
  }

  /** Rebuilds a task from its WorkflowTask JSON, unchecked and losslessly. */
  protected static restore<T extends AiTask>(json: WorkflowTask, create: () => T): T {
    restoring = true;
    let task: T;
    try {
      task = create();
    } finally {
      restoring = false;
    }
    return task.restoreFrom(json);
  }
}
