// Images and speech for the fake provider (POST /v1/images/generations, POST /v1/audio/speech):
// deterministic, valid files derived from the request, so a test can compute the exact bytes the
// Conductor server stored. An image is a PNG of one colour taken from a hash of the prompt; speech
// is silence as MP3 frames, WAV or raw PCM, about 0.4 s per word.
import { InvalidArgumentError } from "../errors/conductor-error.js";
import { createHash } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import { invalidParameter, missingParameter, readModelRequest } from "./fake-llm-responses.js";
import type { FakeLlmImageRequest, FakeLlmSpeechRequest } from "./fake-llm-types.js";

const MAX_IMAGE_SIDE = 2048;
const MAX_IMAGES = 10;
/** Speech formats the fake produces, with their content types. */
export const FAKE_SPEECH_FORMATS = { mp3: "audio/mpeg", wav: "audio/wav", pcm: "audio/pcm" } as const;
export type FakeSpeechFormat = keyof typeof FAKE_SPEECH_FORMATS;

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * The fake's image for `prompt`: a `width` x `height` PNG (8-bit RGB) of one colour from the prompt's hash.
 *
 * @example
 * ```ts
 * const png = fakeImagePng("A watercolor lighthouse", 256, 256); // the bytes the fake returns for this prompt
 * ```
 */
export function fakeImagePng(prompt: string, width = 1024, height = 1024): Buffer {
  for (const [name, side] of [
    ["width", width],
    ["height", height],
  ] as const) {
    if (!Number.isInteger(side) || side < 1 || side > MAX_IMAGE_SIDE) {
      throw new InvalidArgumentError(`${name} must be an integer from 1 to ${MAX_IMAGE_SIDE}, got ${side}`, {
        argument: name,
      });
    }
  }
  const [r, g, b] = createHash("sha256").update(prompt).digest();
  const row = Buffer.alloc(1 + width * 3); // filter byte 0 (none), then the pixels
  for (let x = 0; x < width; x++) row.set([r!, g!, b!], 1 + x * 3);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono, no CRC: 417-byte frames of 1152 samples. All-zero
// side information means zero-length granules, which decoders play as silence.
const MP3_FRAME_HEADER = [0xff, 0xfb, 0x90, 0xc0];
const MP3_FRAME_BYTES = 417;
const MP3_FRAME_SECONDS = 1152 / 44_100;
const PCM_RATE = 24_000; // OpenAI's pcm format: 24 kHz, 16-bit, mono

function speechSeconds(text: string, speed: number): number {
  const words = Math.max(1, (text.match(/[\p{L}\p{N}]+/gu) ?? []).length);
  return (words * 0.4) / speed;
}

/**
 * The fake's speech for `text`: silence of about 0.4 s per word (divided by `speed`) in `format`.
 *
 * @example
 * ```ts
 * const audio = fakeSpeech("Hello there", "wav"); // the bytes the fake returns for this text
 * ```
 */
export function fakeSpeech(text: string, format: FakeSpeechFormat = "mp3", speed = 1): Buffer {
  if (!(speed >= 0.25 && speed <= 4))
    throw new InvalidArgumentError(`speed must be from 0.25 to 4, got ${speed}`, { argument: "speed" });
  const seconds = speechSeconds(text, speed);
  if (format === "mp3") {
    const frame = Buffer.alloc(MP3_FRAME_BYTES);
    frame.set(MP3_FRAME_HEADER);
    return Buffer.concat(Array.from({ length: Math.ceil(seconds / MP3_FRAME_SECONDS) }, () => frame));
  }
  const pcm = Buffer.alloc(Math.round(seconds * PCM_RATE) * 2);
  if (format === "pcm") return pcm;
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write("WAVEfmt ", 8, "latin1");
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(PCM_RATE, 24);
  header.writeUInt32LE(PCM_RATE * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write("data", 36, "latin1");
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

function optionalString(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidParameter(key, "expected a string.");
  return value;
}

/** Reads a POST /v1/images/generations body (refusing what OpenAI refuses: no prompt, bad n or size). */
export function readImageRequest(body: unknown): FakeLlmImageRequest {
  const record = readModelRequest(body);
  const prompt = optionalString(record, "prompt");
  if (!prompt) throw missingParameter("prompt");
  const n = record.n ?? 1;
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > MAX_IMAGES) {
    throw invalidParameter("n", `expected an integer from 1 to ${MAX_IMAGES}.`);
  }
  const size = optionalString(record, "size") ?? "1024x1024";
  const match = /^(\d+)x(\d+)$/.exec(size);
  const [width, height] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || width < 1 || height < 1 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw invalidParameter(
      "size",
      `'${size}'; the fake provider makes WIDTHxHEIGHT images up to ${MAX_IMAGE_SIDE} per side.`,
    );
  }
  const responseFormat = optionalString(record, "response_format");
  if (responseFormat !== undefined && responseFormat !== "b64_json") {
    throw invalidParameter("response_format", `'${responseFormat}'; the fake provider answers b64_json only.`);
  }
  return {
    model: record.model,
    prompt,
    n: n as number,
    width,
    height,
    style: optionalString(record, "style"),
    responseFormat,
    body: record,
  };
}

export function buildImageResponse(request: FakeLlmImageRequest, now = Date.now()): Record<string, unknown> {
  const b64 = fakeImagePng(request.prompt, request.width, request.height).toString("base64");
  return {
    created: Math.floor(now / 1000),
    data: Array.from({ length: request.n }, () => ({ b64_json: b64, revised_prompt: request.prompt })),
  };
}

/** Reads a POST /v1/audio/speech body (refusing no input, no voice, an unknown format or speed). */
export function readSpeechRequest(body: unknown): FakeLlmSpeechRequest {
  const record = readModelRequest(body);
  const input = optionalString(record, "input");
  if (!input) throw missingParameter("input");
  const voice = optionalString(record, "voice");
  if (!voice) throw missingParameter("voice");
  const format = optionalString(record, "response_format") ?? "mp3";
  if (!(format in FAKE_SPEECH_FORMATS)) {
    throw invalidParameter(
      "response_format",
      `'${format}'; the fake provider makes ${Object.keys(FAKE_SPEECH_FORMATS).join(", ")}.`,
    );
  }
  const speed = record.speed ?? 1;
  if (typeof speed !== "number" || !(speed >= 0.25 && speed <= 4)) {
    throw invalidParameter("speed", "expected a number from 0.25 to 4.");
  }
  return { model: record.model, input, voice, responseFormat: format as FakeSpeechFormat, speed, body: record };
}
