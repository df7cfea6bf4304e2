// Deterministic embeddings for the fake provider (POST /v1/embeddings): a hashed bag of words.
// Each lower-cased word adds +1 or -1 to one dimension chosen by its hash, and the vector is scaled
// to unit length, so the same text always gives the same vector and texts sharing words have a
// positive cosine similarity: enough for tests of search and ranking, with no model.
import { InvalidArgumentError } from "../errors/conductor-error.js";
import { createHash } from "node:crypto";
import { estimateTokens, invalidParameter, readModelRequest } from "./fake-llm-responses.js";
import type { FakeLlmEmbeddingRequest } from "./fake-llm-types.js";

/** Dimensions used when a request does not ask for a number. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 16;
const MAX_EMBEDDING_DIMENSIONS = 8192;

/**
 * The fake's embedding of `text`: `dimensions` numbers with Euclidean length 1 (all zero for text without words).
 *
 * @example
 * ```ts
 * // What LLM_GENERATE_EMBEDDINGS answers against the fake, for asserting on a run's output:
 * expect(run.output?.vector).toEqual(fakeEmbedding("refund policy", 16));
 * ```
 */
export function fakeEmbedding(text: string, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): number[] {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_EMBEDDING_DIMENSIONS) {
    throw new InvalidArgumentError(
      `dimensions must be an integer from 1 to ${MAX_EMBEDDING_DIMENSIONS}, got ${dimensions}`,
      {
        argument: "dimensions",
      },
    );
  }
  const vector: number[] = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const digest = createHash("sha256").update(word).digest();
    vector[digest.readUInt32BE(0) % dimensions]! += (digest[4]! & 1) === 0 ? 1 : -1;
  }
  const length = Math.hypot(...vector);
  // Rounded to float32, as the wire carries (and the server reads into) 32-bit floats.
  return length === 0 ? vector : vector.map((x) => Math.fround(x / length));
}

/** Reads a POST /v1/embeddings body; refuses what OpenAI refuses (no model, no input, bad dimensions). */
export function readEmbeddingRequest(body: unknown): FakeLlmEmbeddingRequest {
  const record = readModelRequest(body);
  const input = typeof record.input === "string" ? [record.input] : record.input;
  if (!Array.isArray(input) || input.length === 0 || !input.every((x): x is string => typeof x === "string")) {
    throw invalidParameter("input", "expected a non-empty string or a non-empty array of strings.");
  }
  if (input.some((x) => x === "")) {
    throw invalidParameter("input", "an input string must not be empty.");
  }
  const dimensions = record.dimensions;
  if (
    dimensions !== undefined &&
    dimensions !== null &&
    (!Number.isInteger(dimensions) || (dimensions as number) < 1 || (dimensions as number) > MAX_EMBEDDING_DIMENSIONS)
  ) {
    throw invalidParameter("dimensions", `expected an integer from 1 to ${MAX_EMBEDDING_DIMENSIONS}.`);
  }
  return {
    model: record.model,
    input,
    dimensions: typeof dimensions === "number" ? dimensions : undefined,
    body: record,
  };
}

/** The embeddings response for `request` (`encoding_format: "base64"` gives little-endian float32 bytes). */
export function buildEmbeddingResponse(
  request: FakeLlmEmbeddingRequest,
  defaultDimensions: number,
): Record<string, unknown> {
  const base64 = request.body.encoding_format === "base64";
  const data = request.input.map((text, index) => {
    const vector = fakeEmbedding(text, request.dimensions ?? defaultDimensions);
    return {
      object: "embedding",
      index,
      embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector,
    };
  });
  const tokens = request.input.reduce((sum, text) => sum + estimateTokens(text), 0);
  return { object: "list", data, model: request.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}
