// Applies spec/corrections.yaml to the server's document. Each correction must still match what it
// corrects; when an upgraded server no longer has it, generation stops and names the correction.
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

export class CorrectionMismatchError extends Error {
  constructor(
    readonly correctionId: string,
    detail: string,
  ) {
    super(
      `Spec correction "${correctionId}" (spec/corrections.yaml) no longer matches the server's spec: ${detail}. ` +
        `Check it against the server's source and fix or remove it.`,
    );
    this.name = "CorrectionMismatchError";
  }
}

export interface CorrectionReport {
  id: string;
  kind: string;
  /** How many places the correction changed. */
  applied: number;
}

export function applyCorrections(
  source: OpenApiDocument,
  file: CorrectionsFile,
): { document: OpenApiDocument; report: CorrectionReport[] } {
  if (file.version !== 1) throw new Error(`spec/corrections.yaml: unsupported version ${String(file.version)}`);
  const doc = clone(source);
  const ids = new Set<string>();
  const report: CorrectionReport[] = [];
  for (const correction of file.corrections) {
    if (!correction.id || !correction.reason) {
      throw new Error(
        `spec/corrections.yaml: every correction needs an id and a reason (${JSON.stringify(correction)})`,
      );
    }
    if (ids.has(correction.id)) throw new Error(`spec/corrections.yaml: duplicate id "${correction.id}"`);
    ids.add(correction.id);
    const applied = apply(doc, correction);
    if (applied === 0) throw new CorrectionMismatchError(correction.id, "it changed nothing");
    report.push({ id: correction.id, kind: correction.kind, applied });
  }
  return { document: doc, report };
}

function apply(doc: OpenApiDocument, c: Correction): number {
  const mismatch = (detail: string): never => {
    throw new CorrectionMismatchError(c.id, detail);
  };
  const operation = (key: OperationKey): OperationObject => findOperation(doc, key) ?? mismatch(`no operation ${key}`);
  const schema = (name: string): SchemaObject => doc.components.schemas[name] ?? mismatch(`no schema ${name}`);
  const selected = (ops: Operations): [OperationKey, OperationObject][] =>
    ops === "all" ? [...eachOperation(doc)].map(([key, , , op]) => [key, op]) : ops.map((key) => [key, operation(key)]);

  switch (c.kind) {
    case "remove-operations": {
      for (const key of c.operations) {
        operation(key);
        const [method, path] = [key.slice(0, key.indexOf(" ")).toLowerCase(), key.slice(key.indexOf(" ") + 1)];
        const item = doc.paths[path] as Record<string, unknown>;
        delete item[method];
        if (Object.keys(item).length === 0) delete doc.paths[path];
      }
      return c.operations.length;
    }
    case "response-content-type": {
      let count = 0;
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
      for (const key of c.operations) {
        const response = operation(key).responses[c.status] ?? mismatch(`${key} has no ${c.status} response`);
        const text = response.content?.["text/plain"] ?? mismatch(`${key} ${c.status} declares no text/plain`);
        response.content = { "text/plain": text };
      }
      return c.operations.length;
    }
    case "empty-response": {
      for (const key of c.operations) {
        const op = operation(key);
        if (op.responses[c.status]) mismatch(`${key} already declares ${c.status}; drop it from this correction`);
        op.responses[c.status] = { description: "No content" };
      }
      return c.operations.length;
    }
    case "response-schema": {
      for (const key of c.operations) {
        const media =
          operation(key).responses[c.status]?.content?.[c.contentType] ??
          mismatch(`${key} has no ${c.status} ${c.contentType} response`);
        media.schema = clone(c.schema);
      }
      return c.operations.length;
    }
    case "request-body-content-type": {
      for (const key of c.operations) {
        const body = operation(key).requestBody ?? mismatch(`${key} has no request body`);
        const media = body.content[c.from] ?? mismatch(`${key} body is not ${c.from}`);
        delete body.content[c.from];
        body.content[c.to] = media;
      }
      return c.operations.length;
    }
    case "remove-parameters": {
      for (const p of c.parameters) {
        const op = operation(p.operation);
        const index = (op.parameters ?? []).findIndex((x) => x.name === p.name && x.in === p.in);
        if (index < 0) mismatch(`${p.operation} has no ${p.in} parameter ${p.name}`);
        op.parameters!.splice(index, 1);
        if (op.parameters!.length === 0) delete op.parameters;
      }
      return c.parameters.length;
    }
    case "add-schemas": {
      for (const [name, value] of Object.entries(c.schemas)) {
        if (doc.components.schemas[name])
          mismatch(`schema ${name} now exists in the server's spec; compare and drop ours`);
        doc.components.schemas[name] = clone(value);
      }
      return Object.keys(c.schemas).length;
    }
    case "error-responses": {
      let count = 0;
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
      let count = 0;
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
      let count = 0;
      for (const { schema: name, names } of c.properties) {
        const target = schema(name);
        for (const prop of names) {
          if (!target.properties?.[prop]) mismatch(`schema ${name} has no property ${prop}`);
          delete target.properties![prop];
          count++;
        }
      }
      return count;
    }
    case "required": {
      let count = 0;
      for (const [name, fields] of Object.entries(c.schemas)) {
        const target = schema(name);
        for (const field of fields) {
          if (!target.properties?.[field]) mismatch(`schema ${name} has no property ${field}`);
        }
        target.required = [...new Set([...(target.required ?? []), ...fields])].sort();
        count += fields.length;
      }
      return count;
    }
    case "drop-unreferenced-schemas": {
      const reachable = reachableSchemas(doc);
      let count = 0;
      for (const name of Object.keys(doc.components.schemas)) {
        if (!reachable.has(name)) {
          delete doc.components.schemas[name];
          count++;
        }
      }
      return count;
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
