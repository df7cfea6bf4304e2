// The fake's reading of Conductor's input expressions: `${workflow.input.x}`, `${ref.output.a.b}`,
// `${ref.output.list[0]}`, `${workflow.workflowId}`. A value that is one whole expression takes the referenced
// value as is (objects stay objects); expressions inside a longer string are replaced by their text; a path that
// leads nowhere is null, as on the server. Objects and arrays are walked. JSONPath filters, scripts and
// `${workflow.variables}` set by tasks the fake does not run are outside what it understands.

/** What expressions can refer to: `workflow` and one entry per task reference name. */
export type ExpressionScope = Record<string, unknown>;

const WHOLE = /^\$\{([^}]+)\}$/;
const EMBEDDED = /\$\{([^}]+)\}/g;

function lookup(scope: ExpressionScope, path: string): unknown {
  const segments = path
    .trim()
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter(Boolean);
  let value: unknown = scope;
  for (const segment of segments) {
    if (value === null || typeof value !== "object") return null;
    value = (value as Record<string, unknown>)[segment];
    if (value === undefined) return null;
  }
  return value;
}

/** Resolves every expression in `template` against `scope`; the result is a fresh structure. */
export function resolveExpressions(template: unknown, scope: ExpressionScope): unknown {
  if (typeof template === "string") {
    const whole = WHOLE.exec(template);
    if (whole) return structuredClone(lookup(scope, whole[1]!));
    return template.replace(EMBEDDED, (_match, path: string) => {
      const value = lookup(scope, path);
      return value === null ? "null" : typeof value === "object" ? JSON.stringify(value) : String(value);
    });
  }
  if (Array.isArray(template)) return template.map((item) => resolveExpressions(item, scope));
  if (template !== null && typeof template === "object") {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, resolveExpressions(v, scope)]));
  }
  return template;
}
