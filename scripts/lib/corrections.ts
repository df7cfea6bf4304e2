// Applies spec/corrections.yaml to the server's document. Each correction must still match what it
// corrects; when an upgraded server no longer has it, generation reports it (with every other one).
import { clone } from "./json.js";
import {
  eachOperation,
  findOperation,
  refName,
  type OpenApiDocument,
  type OperationKey,
  type OperationObject,
  type SchemaObject,
} from "./openapi.js";
import type { GeneratorProblem } from "./problems.js";

type Operations = "all" | OperationKey[];

export type Correction = { id: string; reason: string } & (
  | { kind: "remove-operations"; operations: OperationKey[] }
  | { kind: "response-content-type"; from: string; to: string; operations: Operations }
  | { kind: "text-response"; status: string; operations: OperationKey[] }
  | { kind: "empty-response"; status: string; operations: OperationKey[] }
  | { kind: "response-schema"; status: string; contentType: string; schema: SchemaObject; operations: OperationKey[] }
  | { kind: "request-body-content-type"; from: string; to: string; operations: OperationKey[] }
  | { kind: "remove-parameters"; parameters: { operation: OperationKey; name: string; in: string }[] }
  | { kind: "add-schemas"; schemas: Record<string, SchemaObject> }
  | { kind: "error-responses"; schema: SchemaObject; statuses: string[]; operations: Operations }
  | { kind: "any-json-values" }
  | { kind: "remove-properties"; properties: { schema: string; names: string[] }[] }
  | { kind: "required"; schemas: Record<string, string[]> }
  | { kind: "drop-unreferenced-schemas" }
);

export interface CorrectionsFile {
  version: 1;
  corrections: Correction[];
}

export interface CorrectionReport {
  id: string;
  kind: string;
  /** How many places the correction changed. */
  applied: number;
}

const STALE_FIX = "check it against the server's source and the integration tests, then fix or delete it";

/**
 * Applies every correction and collects every one that no longer matches (each missing operation,
 * schema or field is its own problem) instead of stopping at the first: an upgrade's whole list at once.
 * A correction with a stale part still applies to the parts that match.
 */
export function applyCorrections(
  source: OpenApiDocument,
  file: CorrectionsFile,
  fileName = "spec/corrections.yaml",
): { document: OpenApiDocument; report: CorrectionReport[]; problems: GeneratorProblem[] } {
  const problems: GeneratorProblem[] = [];
  const doc = clone(source);
  const report: CorrectionReport[] = [];
  if (file?.version !== 1 || !Array.isArray(file.corrections)) {
    problems.push({
      kind: "input",
      where: fileName,
      detail: `expected \`version: 1\` and a \`corrections\` list, got version ${String(file?.version)}`,
      fix: "restore the file's header from git",
    });
    return { document: doc, report, problems };
  }
  const ids = new Set<string>();
  file.corrections.forEach((correction, index) => {
    const where = `correction "${correction.id ?? `#${index + 1}`}"`;
    if (!correction.id || !correction.reason) {
      problems.push({
        kind: "input",
        where,
        detail: "has no id or no reason",
        fix: "give it an id and a one-line reason",
      });
      return;
    }
    if (ids.has(correction.id)) {
      problems.push({ kind: "input", where, detail: "duplicate id", fix: "give each correction its own id" });
      return;
    }
    ids.add(correction.id);
    const stale: string[] = [];
    const applied = apply(doc, correction, (detail) => stale.push(detail));
    for (const detail of stale) problems.push({ kind: "stale-correction", where, detail, fix: STALE_FIX });
    if (applied === 0 && stale.length === 0)
      problems.push({ kind: "stale-correction", where, detail: "it changed nothing", fix: STALE_FIX });
    report.push({ id: correction.id, kind: correction.kind, applied });
  });
  return { document: doc, report, problems };
}

/** Applies one correction; reports each part that does not match through `stale` and skips it. */
function apply(doc: OpenApiDocument, c: Correction, stale: (detail: string) => void): number {
  const operation = (key: OperationKey): OperationObject | undefined => {
    const op = findOperation(doc, key);
    if (!op) stale(`no operation ${key}`);
    return op;
  };
  const schema = (name: string): SchemaObject | undefined => {
    const s = doc.components.schemas[name];
    if (!s) stale(`no schema ${name}`);
    return s;
  };
  const selected = (ops: Operations): [OperationKey, OperationObject][] =>
    ops === "all"
      ? [...eachOperation(doc)].map(([key, , , op]) => [key, op])
      : ops.flatMap((key): [OperationKey, OperationObject][] => {
          const op = operation(key);
          return op ? [[key, op]] : [];
        });
  let count = 0;

  switch (c.kind) {
    case "remove-operations": {
      for (const [key] of selected(c.operations)) {
        const [method, path] = [key.slice(0, key.indexOf(" ")).toLowerCase(), key.slice(key.indexOf(" ") + 1)];
        const item = doc.paths[path] as Record<string, unknown>;
        delete item[method];
        if (Object.keys(item).length === 0) delete doc.paths[path];
        count++;
      }
      return count;
    }
    case "response-content-type": {
      for (const [, op] of selected(c.operations)) {
        for (const response of Object.values(op.responses)) {
          const media = response.content?.[c.from];
          if (!media || !response.content) continue;
          delete response.content[c.from];
          response.content[c.to] = media;
          count++;
        }
      }
      return count;
    }
    case "text-response": {
      for (const [key, op] of selected(c.operations)) {
        const response = op.responses[c.status];
        const text = response?.content?.["text/plain"];
        if (!response) stale(`${key} has no ${c.status} response`);
        else if (!text) stale(`${key} ${c.status} declares no text/plain`);
        else {
          response.content = { "text/plain": text };
          count++;
        }
      }
      return count;
    }
    case "empty-response": {
      for (const [key, op] of selected(c.operations)) {
        if (op.responses[c.status]) stale(`${key} already declares ${c.status}; drop it from this correction`);
        else {
          op.responses[c.status] = { description: "No content" };
          count++;
        }
      }
      return count;
    }
    case "response-schema": {
      for (const [key, op] of selected(c.operations)) {
        const media = op.responses[c.status]?.content?.[c.contentType];
        if (!media) stale(`${key} has no ${c.status} ${c.contentType} response`);
        else {
          media.schema = clone(c.schema);
          count++;
        }
      }
      return count;
    }
    case "request-body-content-type": {
      for (const [key, op] of selected(c.operations)) {
        const media = op.requestBody?.content[c.from];
        if (!op.requestBody) stale(`${key} has no request body`);
        else if (!media) stale(`${key} body is not ${c.from}`);
        else {
          delete op.requestBody.content[c.from];
          op.requestBody.content[c.to] = media;
          count++;
        }
      }
      return count;
    }
    case "remove-parameters": {
      for (const p of c.parameters) {
        const op = operation(p.operation);
        if (!op) continue;
        const index = (op.parameters ?? []).findIndex((x) => x.name === p.name && x.in === p.in);
        if (index < 0) {
          stale(`${p.operation} has no ${p.in} parameter ${p.name}`);
          continue;
        }
        op.parameters!.splice(index, 1);
        if (op.parameters!.length === 0) delete op.parameters;
        count++;
      }
      return count;
    }
    case "add-schemas": {
      for (const [name, value] of Object.entries(c.schemas)) {
        if (doc.components.schemas[name])
          stale(`schema ${name} now exists in the server's spec; compare and drop ours`);
        else {
          doc.components.schemas[name] = clone(value);
          count++;
        }
      }
      return count;
    }
    case "error-responses": {
      for (const [, op] of selected(c.operations)) {
        for (const status of c.statuses) {
          if (op.responses[status]) continue;
          op.responses[status] = { description: "Error", content: { "application/json": { schema: clone(c.schema) } } };
          count++;
        }
      }
      return count;
    }
    case "any-json-values": {
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (node === null || typeof node !== "object") return;
        const record = node as SchemaObject;
        const ap = record.additionalProperties;
        if (
          ap &&
          typeof ap === "object" &&
          ap.type === "object" &&
          !ap.properties &&
          !ap.additionalProperties &&
          !ap.$ref
        ) {
          record.additionalProperties = {};
          count++;
        }
        Object.values(record).forEach(visit);
      };
      visit(doc.paths);
      visit(doc.components.schemas);
      return count;
    }
    case "remove-properties": {
      for (const { schema: name, names } of c.properties) {
        const target = schema(name);
        if (!target) continue;
        for (const prop of names) {
          if (!target.properties?.[prop]) stale(`schema ${name} has no property ${prop}`);
          else {
            delete target.properties[prop];
            count++;
          }
        }
      }
      return count;
    }
    case "required": {
      for (const [name, fields] of Object.entries(c.schemas)) {
        const target = schema(name);
        if (!target) continue;
        const present = fields.filter((field) => {
          if (target.properties?.[field]) return true;
          stale(`schema ${name} has no property ${field}`);
          return false;
        });
        target.required = [...new Set([...(target.required ?? []), ...present])].sort();
        count += present.length;
      }
      return count;
    }
    case "drop-unreferenced-schemas": {
      const reachable = reachableSchemas(doc);
      for (const name of Object.keys(doc.components.schemas)) {
        if (!reachable.has(name)) {
          delete doc.components.schemas[name];
          count++;
        }
      }
      return count;
    }
    default: {
      stale(`unknown kind ${JSON.stringify((c as { kind?: unknown }).kind)}`);
      return 0;
    }
  }
}

function reachableSchemas(doc: OpenApiDocument): Set<string> {
  const seen = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        const name = refName(value);
        if (!seen.has(name)) {
          seen.add(name);
          walk(doc.components.schemas[name]);
        }
      } else walk(value);
    }
  };
  walk(doc.paths);
  return seen;
}
