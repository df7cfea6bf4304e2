// Validates JSON against schemas of the normalized spec (generated/openapi.json) with ajv, and
// synthesizes sample values from them. Shared by contract tests (msw) and integration tests (real server).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020Module, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  enum?: unknown[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
}

export interface SpecDocument {
  paths: Record<string, Record<string, OperationSpec>>;
  components: { schemas: Record<string, Schema> };
}
export interface OperationSpec {
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export const spec: SpecDocument = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../generated/openapi.json", import.meta.url)), "utf8"),
);

// ajv ships CommonJS with a `default` property; unwrap it the same way under tsx, vitest and tsc.
const unwrap = <T>(m: T): T => (m as { default?: T }).default ?? m;
const ajv = new (unwrap(Ajv2020Module))({ strict: false, allErrors: true, validateFormats: true });
unwrap(addFormatsModule)(ajv);
for (const format of ["int32", "int64", "float", "double"])
  ajv.addFormat(format, { type: "number", validate: () => true });
ajv.addSchema(spec as object, "spec");

const compiled = new Map<string, ValidateFunction>();

/** Rewrites local refs so a schema taken out of the spec still resolves against it. */
function anchored(schema: Schema): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/'));
}

export function validatorFor(schema: Schema): ValidateFunction {
  const key = JSON.stringify(schema);
  let fn: ValidateFunction | undefined = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(anchored(schema));
    compiled.set(key, fn);
  }
  return fn;
}

/** Returns a readable list of problems, empty when the value fits the schema. */
export function validate(schema: Schema, value: unknown): string[] {
  const fn: ValidateFunction = validatorFor(schema);
  if (fn(value)) return [];
  return (fn.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}

export function operationSpec(method: string, path: string): OperationSpec {
  const op = spec.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`no operation ${method} ${path} in generated/openapi.json`);
  return op;
}

export function responseSchema(method: string, path: string, status: number | string, contentType: string): Schema {
  const schema = operationSpec(method, path).responses[String(status)]?.content?.[contentType]?.schema;
  if (!schema) throw new Error(`${method} ${path} declares no ${status} ${contentType} body`);
  return schema;
}

export function schemaNamed(name: string): Schema {
  return { $ref: `#/components/schemas/${name}` };
}

/** A deterministic sample value that fits the schema (every property down to a small depth). */
export function sample(schema: Schema | undefined, name = "value", depth = 0): unknown {
  if (!schema) return `${name}-sample`;
  if (schema.$ref) {
    const target = spec.components.schemas[schema.$ref.slice(schema.$ref.lastIndexOf("/") + 1)];
    return sample(target, name, depth);
  }
  if (schema.oneOf?.[0]) return sample(schema.oneOf[0], name, depth);
  if (schema.anyOf?.[0]) return sample(schema.anyOf[0], name, depth);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => sample(s, name, depth)));
  if (schema.enum?.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "string":
      return `${name}-sample`;
    case "integer":
      return Math.max(schema.minimum ?? -Infinity, Math.min(schema.maximum ?? Infinity, 7));
    case "number":
      return 1.5;
    case "boolean":
      return true;
    case "array":
      return Array.from({ length: Math.max(depth > 3 ? 0 : 1, schema.minItems ?? 0) }, () =>
        sample(schema.items, name, depth + 1),
      );
    default: {
      const out: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [prop, propSchema] of Object.entries(schema.properties ?? {})) {
        if (depth <= 2 || required.has(prop)) out[prop] = sample(propSchema, prop, depth + 1);
      }
      if (!schema.properties && schema.additionalProperties !== false) {
        const values = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
        out[`${name}Key`] = values && Object.keys(values).length ? sample(values, name, depth + 1) : "any-json";
      }
      return out;
    }
  }
}
