// Conductor's `${...}` parameter expressions, built rather than typed by hand.

/**
 * Paths into a typed object for `${...}` expressions: a top-level key, optionally followed by
 * `.deeper` or `[index]`. Untyped (`Record<string, unknown>`) objects accept any string.
 */
export type FieldPath<T> = string extends keyof T
  ? string
  : { [K in keyof T & string]: K | `${K}.${string}` | `${K}[${string}` }[keyof T & string];

function joinPath(root: string, path?: string): string {
  if (path === undefined || path === "") return root;
  if (path.startsWith("[")) return `${root}${path}`;
  return `${root}.${path}`;
}

/**
 * `${ref.output.path}` (or `${ref.output}` without a path).
 *
 * @example
 * ```ts
 * taskOutput("lookup", "user.email"); // "${lookup.output.user.email}"
 * ```
 */
export function taskOutput(taskReferenceName: string, path?: string): string {
  return `\${${joinPath(`${taskReferenceName}.output`, path)}}`;
}

/**
 * `${ref.input.path}` (or `${ref.input}` without a path).
 *
 * @example
 * ```ts
 * taskInput("lookup", "id"); // "${lookup.input.id}"
 * ```
 */
export function taskInput(taskReferenceName: string, path?: string): string {
  return `\${${joinPath(`${taskReferenceName}.input`, path)}}`;
}

/**
 * `${workflow.input.path}` (or the whole input without a path).
 *
 * @example
 * ```ts
 * new SimpleTask("greet", "greet", { name: workflowInput("user.name") }); // "${workflow.input.user.name}"
 * ```
 */
export function workflowInput(path?: string): string {
  return `\${${joinPath("workflow.input", path)}}`;
}

/**
 * `${workflow.variables.path}` (or every variable without a path).
 *
 * @example
 * ```ts
 * new SimpleTask("notify", "notify", { attempts: workflowVariable("attempts") }); // "${workflow.variables.attempts}"
 * ```
 */
export function workflowVariable(path?: string): string {
  return `\${${joinPath("workflow.variables", path)}}`;
}

/**
 * Any other workflow attribute, e.g. `workflowId`, `correlationId`, `output.x`.
 *
 * @example
 * ```ts
 * new SimpleTask("audit", "audit", { runId: workflowAttribute("workflowId"), correlation: workflowAttribute("correlationId") });
 * ```
 */
export function workflowAttribute(path: string): string {
  return `\${${joinPath("workflow", path)}}`;
}

// Matches `${ref.output...}`, `${ref.input...}` and other per-task attributes a parameter can read.
const TASK_REFERENCE =
  /\$\{\s*([A-Za-z0-9_\-]+)\.(output|input|status|taskId|reasonForIncompletion|callbackAfterSeconds|pollCount|retryCount|referenceTaskName|domain|workerId)\b/g;

/** Task reference names a string's expressions read from (never `workflow`). */
export function referencedTasks(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(TASK_REFERENCE)) {
    const ref = match[1];
    if (ref !== undefined && ref !== "workflow" && !found.includes(ref)) found.push(ref);
  }
  return found;
}
