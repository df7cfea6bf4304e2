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

/** Generates images (GENERATE_IMAGE). Output: `media: [{ location, mimeType }]`. */
export class GenerateImageTask extends AiTask {
  constructor(taskReferenceName: string, input: GenerateImageInput, options: TaskOptions = {}) {
    super("GENERATE_IMAGE", "GenerateImageTask", taskReferenceName, input, options);
  }

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

/** Turns text into speech (GENERATE_AUDIO). Output: `media: [{ location, mimeType }]`. */
export class GenerateAudioTask extends AiTask {
  constructor(taskReferenceName: string, input: GenerateAudioInput, options: TaskOptions = {}) {
    super("GENERATE_AUDIO", "GenerateAudioTask", taskReferenceName, input, options);
  }

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
 */
export class GenerateVideoTask extends AiTask {
  constructor(taskReferenceName: string, input: GenerateVideoInput, options: TaskOptions = {}) {
    super("GENERATE_VIDEO", "GenerateVideoTask", taskReferenceName, input, options);
  }

  static fromWorkflowTask(json: WorkflowTask): GenerateVideoTask {
    return AiTask.restore(json, () => new GenerateVideoTask("", {} as GenerateVideoInput));
  }
}
