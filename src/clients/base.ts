import { Configuration } from "../config/configuration.js";
import { InvalidArgumentError } from "../errors/conductor-error.js";
import type { CallOptions, OperationTransport } from "../transport/operation.js";
import { Transport } from "../transport/transport.js";

/** What a client can be built from: a Configuration (gets its own transport) or a shared transport. */
export type ClientSource = Configuration | OperationTransport;

export function toTransport(source: ClientSource | undefined): OperationTransport {
  if (source === undefined) return new Transport(new Configuration());
  if (typeof (source as OperationTransport).call === "function") return source as OperationTransport;
  if (source instanceof Configuration) return new Transport(source);
  throw new InvalidArgumentError("Expected a Configuration or a transport", { argument: "configuration" });
}

/** `options` plus how long the server may hold the call (the transport then outlasts it), when there is a wait. */
export function withServerWait(
  options: CallOptions | undefined,
  serverWaitMs: number | undefined,
): CallOptions | undefined {
  return serverWaitMs === undefined ? options : { ...options, serverWaitMs };
}

/** Rejects empty or non-string identifiers before anything is sent. */
export function requireText(argument: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidArgumentError(
      `${argument} must be a non-empty string (got ${value === "" ? "an empty string" : String(value)})`,
      { argument },
    );
  }
  return value;
}

export function requireList(argument: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v === "")) {
    throw new InvalidArgumentError(`${argument} must be an array of non-empty strings`, { argument });
  }
  return value as string[];
}

export function requireObject<T>(argument: string, value: T): T {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(
      `${argument} must be an object (got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value})`,
      { argument },
    );
  }
  return value;
}
