import type { StandardSchemaV1 } from "@standard-schema/spec";

/** Why a task's input was rejected: one entry per bad field. */
export class InputValidationError extends Error {
  constructor(readonly issues: ReadonlyArray<{ path: string; message: string }>) {
    super(`invalid task input: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`);
    this.name = "InputValidationError";
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
    throw new InputValidationError(result.issues.map((issue) => ({ path: pathOf(issue), message: issue.message })));
  }
  return result.value as StandardSchemaV1.InferOutput<S>;
}
