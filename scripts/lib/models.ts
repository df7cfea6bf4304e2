// Named TypeScript types for the spec's schemas (generated/models.ts): one interface per schema and one
// literal union per enum, so editors show `Promise<Workflow>` instead of an index into `components`.
import { refName, type OpenApiDocument, type SchemaObject } from "./openapi.js";

/** Schema names that clash with hand-written concepts of the SDK (errors, the workflow status union). */
export const MODEL_RENAMES: Readonly<Record<string, string>> = {
  Action: "EventHandlerAction",
  BulkResponse: "UntypedBulkResponse",
  BulkResponseString: "BulkResponse",
  ValidationError: "FieldValidationError",
  WorkflowScheduleExecutionModel: "WorkflowScheduleExecution",
  WorkflowStatus: "WorkflowStatusSummary",
};

/** Enum names users know from the Python SDK; other inline enums are named `<Schema><Property>`. */
const ENUM_NAMES: Readonly<Record<string, string>> = {
  "Workflow.status": "WorkflowStatus",
  "Task.status": "TaskStatus",
  "TaskResult.status": "TaskResultStatus",
  "TaskDef.retryLogic": "RetryLogic",
  "TaskDef.timeoutPolicy": "TaskTimeoutPolicy",
  "TaskRun.responseType": "ReturnStrategy",
  "WorkflowTask.workflowTaskType": "WorkflowTaskType",
  "Action.action": "EventHandlerActionType",
  "StartWorkflowRequest.idempotencyStrategy": "IdempotencyStrategy",
};

export function modelName(schema: string): string {
  return MODEL_RENAMES[schema] ?? schema;
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const doc = (lines: string[], indent = "") =>
  lines.length
    ? `${indent}/**\n${lines.map((l) => `${indent} * ${l.replace(/\*\//g, "*\\/")}`).join("\n")}\n${indent} */\n`
    : "";

export interface ModelTyper {
  /** The TypeScript of a schema in terms of the named models (what generated/models.ts exports). */
  type(schema: SchemaObject | undefined): string;
  /** The text of generated/models.ts (before prettier). */
  render(header: string): string;
}

export function modelTyper(document: OpenApiDocument): ModelTyper {
  const schemas = document.components.schemas;
  const names = Object.keys(schemas).sort();
  // Inline enums: the same value set is one named union, wherever it appears (Workflow.status and
  // WorkflowRun.status are one WorkflowStatus). Preferred names claim their value set first.
  const enumByValues = new Map<string, string>();
  const enumValues = new Map<string, unknown[]>();
  const claim = (where: string, values: unknown[]) => {
    const key = JSON.stringify([...values].map(String).sort());
    if (enumByValues.has(key)) return;
    const [schema, prop] = where.split(".") as [string, string];
    let name = ENUM_NAMES[where] ?? `${modelName(schema)}${pascal(prop)}`;
    while (enumValues.has(name) || names.some((n) => modelName(n) === name)) name = `${name}Value`;
    enumByValues.set(key, name);
    enumValues.set(name, values);
  };
  const inlineEnums: [string, unknown[]][] = [];
  for (const schema of names) {
    for (const [prop, s] of Object.entries(schemas[schema]!.properties ?? {})) {
      const values = s.enum ?? s.items?.enum;
      if (values) inlineEnums.push([`${schema}.${prop}`, values]);
    }
  }
  for (const [where, values] of inlineEnums) if (ENUM_NAMES[where]) claim(where, values);
  for (const [where, values] of inlineEnums) claim(where, values);
  const enumName = (values: unknown[]) => enumByValues.get(JSON.stringify([...values].map(String).sort()));

  const type = (s: SchemaObject | boolean | undefined, indent: string): string => {
    if (s === undefined || s === true || (typeof s === "object" && Object.keys(s).length === 0)) return "unknown";
    if (s === false) return "never";
    if (s.$ref) return modelName(refName(s.$ref));
    if (s.enum) return enumName(s.enum) ?? s.enum.map((v) => JSON.stringify(v)).join(" | ");
    if (s.oneOf ?? s.anyOf) return (s.oneOf ?? s.anyOf)!.map((x) => type(x, indent)).join(" | ");
    if (s.allOf) return s.allOf.map((x) => type(x, indent)).join(" & ");
    switch (s.type) {
      case "string":
        return "string";
      case "integer":
      case "number":
        return "number";
      case "boolean":
        return "boolean";
      case "array":
        return `${wrap(type(s.items, indent))}[]`;
      case "object":
        if (s.properties) return objectBody(s, indent);
        // A Java Object or Map<String, Object>: any JSON value, read with a check at the use site.
        if (s.additionalProperties === undefined) return "Record<string, unknown>";
        return `Record<string, ${type(s.additionalProperties, indent)}>`;
      default:
        return "unknown";
    }
  };
  const wrap = (t: string) => (/[|&\s]/.test(t) ? `(${t})` : t);
  const objectBody = (s: SchemaObject, indent: string): string => {
    const required = new Set(s.required ?? []);
    const inner = `${indent}  `;
    const fields = Object.keys(s.properties ?? {})
      .sort()
      .map((prop) => {
        const p = s.properties![prop]!;
        const lines = [
          ...(typeof p.description === "string" ? p.description.split("\n") : []),
          ...(p.format && p.type !== "string" ? [`Format: ${p.format}.`] : []),
          ...(p.deprecated ? ["@deprecated The server marks this field deprecated."] : []),
        ];
        const key = /^[A-Za-z_$][\w$]*$/.test(prop) ? prop : JSON.stringify(prop);
        return `${doc(lines, inner)}${inner}${key}${required.has(prop) ? "" : "?"}: ${type(p, inner)};`;
      });
    return `{\n${fields.join("\n")}\n${indent}}`;
  };

  const render = (header: string): string => {
    const out: string[] = [header, ""];
    for (const [name, values] of [...enumValues].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push(`export type ${name} = ${values.map((v) => JSON.stringify(v)).join(" | ")};`, "");
    }
    for (const schema of names) {
      const s = schemas[schema]!;
      const lines = [
        ...(typeof s.description === "string" ? s.description.split("\n") : []),
        ...(modelName(schema) !== schema ? [`The spec's \`${schema}\` schema.`] : []),
      ];
      const body = type(s, "");
      out.push(
        body.startsWith("{")
          ? `${doc(lines)}export interface ${modelName(schema)} ${body}`
          : `${doc(lines)}export type ${modelName(schema)} = ${body};`,
        "",
      );
    }
    return out.join("\n");
  };
  return { type: (schema) => type(schema, ""), render };
}
