// What changed between the previously generated (normalized) spec and the new one, with the changes
// that break callers flagged: removed operations, newly required parameters, changed response types.
import { stableStringify } from "./json.js";
import { eachOperation, type OpenApiDocument, type OperationObject } from "./openapi.js";

export interface SpecChange {
  key: string;
  kind: "added" | "removed" | "changed";
  breaking: boolean;
  detail: string;
}

export function diffSpecs(before: OpenApiDocument | undefined, after: OpenApiDocument): SpecChange[] {
  if (!before) return [];
  const changes: SpecChange[] = [];
  const old = new Map([...eachOperation(before)].map(([key, , , op]) => [key, op]));
  const now = new Map([...eachOperation(after)].map(([key, , , op]) => [key, op]));
  for (const [key] of old) {
    if (!now.has(key)) changes.push({ key, kind: "removed", breaking: true, detail: "operation removed" });
  }
  for (const [key, op] of now) {
    const prev = old.get(key);
    if (!prev) {
      changes.push({ key, kind: "added", breaking: false, detail: "new operation" });
      continue;
    }
    changes.push(...compareOperation(key, prev, op));
  }
  for (const name of Object.keys(after.components.schemas).sort()) {
    const prev = before.components.schemas[name];
    if (prev && stableStringify(prev) !== stableStringify(after.components.schemas[name])) {
      const removed = Object.keys(prev.properties ?? {}).filter(
        (p) => !after.components.schemas[name]!.properties?.[p],
      );
      changes.push({
        key: `schema ${name}`,
        kind: "changed",
        breaking: removed.length > 0,
        detail: removed.length ? `fields removed: ${removed.join(", ")}` : "schema changed",
      });
    }
  }
  for (const name of Object.keys(before.components.schemas)) {
    if (!after.components.schemas[name])
      changes.push({ key: `schema ${name}`, kind: "removed", breaking: true, detail: "schema removed" });
  }
  return changes;
}

function compareOperation(key: string, prev: OperationObject, op: OperationObject): SpecChange[] {
  const out: SpecChange[] = [];
  const params = (o: OperationObject) => new Map((o.parameters ?? []).map((p) => [`${p.in}:${p.name}`, p]));
  const before = params(prev);
  const after = params(op);
  for (const [id, p] of after) {
    const was = before.get(id);
    if (p.required && !was?.required) {
      out.push({ key, kind: "changed", breaking: true, detail: `parameter ${id} is now required` });
    } else if (!was) out.push({ key, kind: "changed", breaking: false, detail: `new optional parameter ${id}` });
  }
  for (const id of before.keys()) {
    if (!after.has(id)) out.push({ key, kind: "changed", breaking: true, detail: `parameter ${id} removed` });
  }
  if (op.requestBody?.required && !prev.requestBody?.required) {
    out.push({ key, kind: "changed", breaking: true, detail: "request body is now required" });
  } else if (stableStringify(prev.requestBody ?? null) !== stableStringify(op.requestBody ?? null)) {
    out.push({ key, kind: "changed", breaking: false, detail: "request body changed" });
  }
  const success = (o: OperationObject) =>
    stableStringify(Object.entries(o.responses).filter(([status]) => status.startsWith("2")));
  if (success(prev) !== success(op))
    out.push({ key, kind: "changed", breaking: true, detail: "response type changed" });
  return out;
}
