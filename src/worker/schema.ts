import { ConductorError } from "../errors/conductor-error.js";
import type { StandardSchemaV1 } from "@standard-schema/spec";

/** Why a task's input was rejected: one entry per bad field. */
/**
 * A task's input failed its worker's `inputSchema`; `issues` names each bad field by its path.
 *
 * @example
 * ```ts
 * // Raised for the worker's `inputSchema` (the task fails without retries); middleware can report it:
 * const reportBadInput: WorkerMiddleware = {
 *   async execute(call, next) {
 *     const result = await next();
 *     if (call.error instanceof InputValidationError) {
 *       for (const issue of call.error.issues) console.warn(`${call.taskType}: ${issue.path}: ${issue.message}`);
 *     }
 *     return result;
 *   },
 * };
 * ```
 */
export class InputValidationError extends ConductorError {
  static override readonly kind: string = "InputValidationError";
  readonly issues: ReadonlyArray<{ path: string; message: string }>;
  // The message is composed from the issues, so the constructor takes only the init object.
  constructor(init: { issues: ReadonlyArray<{ path: string; message: string }> }) {
    const { issues } = init;
    super(`invalid task input: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`, {
      code: "WORKER",
      validationErrors: issues.map((i) => ({ path: i.path, message: i.message })),
    });
    this.issues = issues;
  }
}

function pathOf(issue: StandardSchemaV1.Issue): string {
  if (!issue.path || issue.path.length === 0) return "";
  return issue.path
    .map((segment) => (typeof segment === "object" && segment !== null ? segment.key : segment))
    .map((key) => String(key))
    .join(".");
}

/**
 * Validates `input` with any Standard Schema validator (zod, valibot, arktype, ...). Returns the
 * parsed value, or throws InputValidationError naming each bad field.
 */
export async function validateInput<S extends StandardSchemaV1>(
  schema: S,
  input: unknown,
): Promise<StandardSchemaV1.InferOutput<S>> {
  let result = schema["~standard"].validate(input);
  if (result instanceof Promise) result = await result;
  if (result.issues) {
    throw new InputValidationError({
      issues: result.issues.map((issue) => ({ path: pathOf(issue), message: issue.message })),
    });
  }
  return result.value as StandardSchemaV1.InferOutput<S>;
}
