// Image, speech and video generation. The server stores what the provider returns under its payload
// directory and answers with `media: [{ location, mimeType }]`.
import type { TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";
import { AiTask } from "./ai-task.js";

interface MediaModelInput {
  llmProvider: string;
  model: string;
  promptVariables?: JsonMap | string;
}

/** The input of GENERATE_IMAGE (the server's ImageGenRequest). */
export interface GenerateImageInput extends MediaModelInput {
  prompt: string;
  /** How many images (default 1). */
  n?: number | string;
  /** Pixels (default 1024 each); OpenAI gets `size: <width>x<height>`. */
  width?: number | string;
  height?: number | string;
  size?: string;
  style?: string;
  weight?: number | string;
  /** `png` (default), `jpg` or `webp`: names the stored media's type. */
  outputFormat?: "png" | "jpg" | "webp" | (string & {});
}

/**
 * Generates images (GENERATE_IMAGE). Output: `media: [{ location, mimeType }]`.
 *
 * @example
 * ```ts
 * const image = new GenerateImageTask("cover", {
 *   llmProvider: "openai",
 *   model: "gpt-image-1",
 *   prompt: "A watercolor lighthouse at dawn",
 *   width: 1024,
 *   height: 1024,
 * });
 * wf.add(image).outputParameters({ image: image.output("media[0].location") });
 * ```
 */
export class GenerateImageTask extends AiTask {
  constructor(taskReferenceName: string, input: GenerateImageInput, options: TaskOptions = {}) {
    super("GENERATE_IMAGE", "GenerateImageTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = GenerateImageTask.fromWorkflowTask({
   *   name: "cover",
   *   taskReferenceName: "cover",
   *   type: "GENERATE_IMAGE",
   *   inputParameters: { llmProvider: "openai", model: "gpt-image-1", prompt: "A lighthouse" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): GenerateImageTask {
    return AiTask.restore(json, () => new GenerateImageTask("", {} as GenerateImageInput));
  }
}

/** The input of GENERATE_AUDIO (the server's AudioGenRequest). */
export interface GenerateAudioInput extends MediaModelInput {
  /** The text to speak. */
  text: string;
  voice?: string;
  /** Default 1.0. */
  speed?: number | string;
  /** `mp3` (default), `wav`, `pcm`, ... as the provider names them. */
  responseFormat?: string;
  n?: number | string;
}

/**
 * Turns text into speech (GENERATE_AUDIO). Output: `media: [{ location, mimeType }]`.
 *
 * @example
 * ```ts
 * const speech = new GenerateAudioTask("read_aloud", {
 *   llmProvider: "openai",
 *   model: "gpt-4o-mini-tts",
 *   text: wf.input("text"),
 *   voice: "alloy",
 * });
 * wf.add(speech).outputParameters({ audio: speech.output("media[0].location") });
 * ```
 */
export class GenerateAudioTask extends AiTask {
  constructor(taskReferenceName: string, input: GenerateAudioInput, options: TaskOptions = {}) {
    super("GENERATE_AUDIO", "GenerateAudioTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = GenerateAudioTask.fromWorkflowTask({
   *   name: "read_aloud",
   *   taskReferenceName: "read_aloud",
   *   type: "GENERATE_AUDIO",
   *   inputParameters: { llmProvider: "openai", model: "gpt-4o-mini-tts", text: "Hello" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): GenerateAudioTask {
    return AiTask.restore(json, () => new GenerateAudioTask("", {} as GenerateAudioInput));
  }
}

/** The input of GENERATE_VIDEO (the server's VideoGenRequest). */
export interface GenerateVideoInput extends MediaModelInput {
  prompt: string;
  /** Base64 or URL of a starting image. */
  inputImage?: string;
  /** Seconds (default 5). */
  duration?: number | string;
  width?: number | string;
  height?: number | string;
  fps?: number | string;
  outputFormat?: string;
  style?: string;
  motion?: string;
  seed?: number | string;
  guidanceScale?: number | string;
  aspectRatio?: string;
  negativePrompt?: string;
  personGeneration?: string;
  resolution?: string;
  generateAudio?: boolean | string;
  /** OpenAI Sora's `1280x720` form. */
  size?: string;
  generateThumbnail?: boolean | string;
  thumbnailTimestamp?: number | string;
  maxDurationSeconds?: number | string;
  maxCostDollars?: number | string;
  n?: number | string;
}

/**
 * Generates a video (GENERATE_VIDEO). Asynchronous: the task submits a job (output `jobId`) and is
 * checked every 5 s until the provider is done. Output: `media: [{ location, mimeType }]`.
 *
 * @example
 * ```ts
 * const clip = new GenerateVideoTask("teaser", {
 *   llmProvider: "openai",
 *   model: "sora-2",
 *   prompt: "A drone shot over a foggy forest",
 *   duration: 8,
 *   size: "1280x720",
 * });
 * wf.add(clip).outputParameters({ video: clip.output("media[0].location") });
 * ```
 */
export class GenerateVideoTask extends AiTask {
  constructor(taskReferenceName: string, input: GenerateVideoInput, options: TaskOptions = {}) {
    super("GENERATE_VIDEO", "GenerateVideoTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = GenerateVideoTask.fromWorkflowTask({
   *   name: "teaser",
   *   taskReferenceName: "teaser",
   *   type: "GENERATE_VIDEO",
   *   inputParameters: { llmProvider: "openai", model: "sora-2", prompt: "A forest" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): GenerateVideoTask {
    return AiTask.restore(json, () => new GenerateVideoTask("", {} as GenerateVideoInput));
  }
}
