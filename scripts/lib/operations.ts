// Turns the normalized document into the operation models the templates render: stable names from
// spec/operation-names.yaml, the parse mode of each response, and TypeScript index types into `paths`.
import {
  eachOperation,
  type Method,
  type OpenApiDocument,
  type OperationKey,
  type OperationObject,
  type ParameterObject,
  type SchemaObject,
} from "./openapi.js";
import type { GeneratorProblem } from "./problems.js";

export interface NameEntry {
  group: string;
  name: string;
  /** Server behaviour the method's JSDoc should state (read in the server's source; the spec does not say it). */
  note?: string;
}

export interface OperationModel {
  key: OperationKey;
  method: Uppercase<Method>;
  path: string;
  group: string;
  name: string;
  summary: string;
  /** The names table's note for this operation, or "". */
  note: string;
  deprecated: boolean;
  /** How the success body is read. */
  parseAs: "json" | "text" | "empty";
  /** The status whose body is the result (lowest 2xx). */
  successStatus: string;
  /** Whether the server may also answer an empty 2xx (result may be undefined). */
  mayBeEmpty: boolean;
  pathParams: ParameterModel[];
  queryParams: ParameterModel[];
  body: { contentType: string; required: boolean; schema?: SchemaObject } | undefined;
  /** The schema of the JSON success body. */
  resultSchema?: SchemaObject;
  idempotent: boolean;
}

export interface ParameterModel {
  name: string;
  required: boolean;
  schema?: SchemaObject;
  description?: string;
}

export interface OperationsResult {
  operations: OperationModel[];
  /** Names derived for operations the names table does not know (what `--write-names` records). */
  derived: Record<OperationKey, NameEntry>;
  problems: GeneratorProblem[];
  warnings: string[];
}

export interface BuildOptions {
  /** Use derived names for unnamed operations instead of reporting them (user runs, `--write-names`). */
  allowDerivedNames?: boolean;
  namesFile?: string;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS"]);

/** Request content types the transport can send, best first; `*\/*` means the server takes anything. */
const REQUEST_TYPES = ["application/json", "text/plain", "*/*"];

export function buildOperations(
  doc: OpenApiDocument,
  names: Record<OperationKey, NameEntry>,
  options: BuildOptions = {},
): OperationsResult {
  const namesFile = options.namesFile ?? "spec/operation-names.yaml";
  const warnings: string[] = [];
  const problems: GeneratorProblem[] = [];
  const derived: Record<OperationKey, NameEntry> = {};
  const operations: OperationModel[] = [];
  const taken = new Map<string, OperationKey>();
  // The first entry in the table keeps a name two entries share; the second is reported.
  for (const [key, entry] of Object.entries(names)) {
    if (!taken.has(`${entry.group}.${entry.name}`)) taken.set(`${entry.group}.${entry.name}`, key);
  }
  const seen = new Set<OperationKey>();
  for (const [key, method, path, op] of eachOperation(doc)) {
    seen.add(key);
    let entry = names[key];
    if (!entry) {
      entry = uniqueName(deriveName(method, path, op), method, taken);
      taken.set(`${entry.group}.${entry.name}`, key);
      derived[key] = entry;
      if (!options.allowDerivedNames) {
        problems.push({
          kind: "unnamed-operation",
          where: key,
          detail: `no entry in ${namesFile} (derived: ${entry.group}.${entry.name})`,
          fix: `run \`npm run generate -- --write-names\` to record the derived names, then review them in the diff`,
        });
      }
    } else {
      const clash = taken.get(`${entry.group}.${entry.name}`);
      if (clash && clash !== key) {
        problems.push({
          kind: "names-table",
          where: key,
          detail: `${entry.group}.${entry.name} also names ${clash}`,
          fix: `give one of them another name in ${namesFile}`,
        });
        continue;
      }
    }
    const built = model(key, method, path, op, entry);
    if ("problems" in built) problems.push(...built.problems);
    else operations.push(built);
  }
  const stale = Object.keys(names).filter((key) => !seen.has(key));
  if (stale.length) {
    warnings.push(
      `${namesFile} names ${stale.length} operation(s) this spec does not have (kept for servers that do): ` +
        `${stale.slice(0, 8).join(", ")}${stale.length > 8 ? `, … (${stale.length - 8} more)` : ""}`,
    );
  }
  operations.sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
  return { operations, derived, problems, warnings };
}

function unsupported(key: OperationKey, detail: string, fix: string): GeneratorProblem {
  return { kind: "unsupported-construct", where: key, detail, fix };
}

function model(
  key: OperationKey,
  method: Method,
  path: string,
  op: OperationObject,
  entry: NameEntry,
): OperationModel | { problems: GeneratorProblem[] } {
  const problems: GeneratorProblem[] = [];
  const correctionHint = "add a correction in spec/corrections.yaml (or drop the operation with remove-operations)";
  const statuses = Object.keys(op.responses ?? {})
    .filter((s) => /^2\d\d$/.test(s))
    .sort();
  if (statuses.length === 0) problems.push(unsupported(key, "declares no 2xx response", correctionHint));
  const withBody = statuses.find((s) => Object.keys(op.responses[s]!.content ?? {}).length > 0);
  const successStatus = withBody ?? statuses[0] ?? "200";
  const content = Object.keys(op.responses?.[successStatus]?.content ?? {});
  let parseAs: OperationModel["parseAs"] = "empty";
  if (content.includes("application/json")) parseAs = "json";
  else if (content.includes("text/plain")) parseAs = "text";
  else if (content.length > 0) {
    problems.push(
      unsupported(
        key,
        `response ${successStatus} content ${content.join(", ")} (the transport reads application/json or text/plain)`,
        `${correctionHint}, e.g. response-content-type to application/json`,
      ),
    );
  }
  const params = op.parameters ?? [];
  for (const p of params) {
    if (p.in !== "path" && p.in !== "query" && p.in !== "header") {
      problems.push(unsupported(key, `${p.in} parameter ${p.name}`, `${correctionHint} (remove-parameters)`));
    }
  }
  const bodyTypes = Object.keys(op.requestBody?.content ?? {});
  // Several request types (e.g. `*\/*` beside `text/plain`): the server accepts each; send the best one.
  const bodyType = REQUEST_TYPES.find((t) => bodyTypes.includes(t));
  if (bodyTypes.length > 0 && !bodyType) {
    problems.push(
      unsupported(
        key,
        `request body content ${bodyTypes.join(", ")} (the transport sends ${REQUEST_TYPES.join(", ")})`,
        `${correctionHint} (request-body-content-type)`,
      ),
    );
  }
  if (problems.length) return { problems };
  return {
    key,
    method: method.toUpperCase() as Uppercase<Method>,
    path,
    group: entry.group,
    name: entry.name,
    summary: (op.summary ?? op.description ?? "").replace(/\s+/g, " ").trim(),
    note: (entry.note ?? "").replace(/\s+/g, " ").trim(),
    deprecated: op.deprecated === true,
    parseAs,
    successStatus,
    mayBeEmpty: parseAs !== "empty" && statuses.some((s) => s !== successStatus),
    // In path order: they are the generated method's leading arguments.
    pathParams: params
      .filter((p) => p.in === "path")
      .sort((a, b) => path.indexOf(`{${a.name}}`) - path.indexOf(`{${b.name}}`))
      .map((p) => parameter(p, true)),
    queryParams: params.filter((p) => p.in === "query").map((p) => parameter(p, p.required === true)),
    body: bodyType
      ? {
          contentType: bodyType,
          required: op.requestBody?.required === true,
          schema: op.requestBody?.content?.[bodyType]?.schema,
        }
      : undefined,
    resultSchema: parseAs === "json" ? op.responses[successStatus]!.content?.["application/json"]?.schema : undefined,
    idempotent: IDEMPOTENT.has(method.toUpperCase()),
  };
}

function parameter(p: ParameterObject, required: boolean): ParameterModel {
  const description = p.description?.replace(/\s+/g, " ").trim();
  return { name: p.name, required, schema: p.schema, ...(description ? { description } : {}) };
}

/**
 * A readable name for an operation the names table does not know yet: the group is the first path
 * segment after /api, the name springdoc's operationId (the server's Java method name, already
 * camelCase) without its `_1` suffix, else the method and the path's words.
 */
export function deriveName(method: Method, path: string, op: OperationObject): NameEntry {
  const segments = path.split("/").filter((s) => s && s !== "api");
  const group = camel((segments[0] ?? "root").split(/[^A-Za-z0-9]+/));
  const fromId = op.operationId?.replace(/_\d+$/, "");
  if (fromId && /^[A-Za-z][A-Za-z0-9]*$/.test(fromId)) return { group, name: camel([fromId]) };
  const words = segments
    .slice(1)
    .filter((s) => !s.startsWith("{"))
    .flatMap((s) => s.split(/[^A-Za-z0-9]+/));
  return { group, name: camel([method, ...words]) };
}

/** Keeps a derived name free of clashes: prefix the HTTP method, then number it. */
function uniqueName(entry: NameEntry, method: Method, taken: Map<string, OperationKey>): NameEntry {
  const free = (name: string) => !taken.has(`${entry.group}.${name}`);
  if (free(entry.name)) return entry;
  const prefixed = camel([method, entry.name]);
  if (free(prefixed)) return { group: entry.group, name: prefixed };
  for (let i = 2; ; i++) if (free(`${prefixed}${i}`)) return { group: entry.group, name: `${prefixed}${i}` };
}

function camel(words: string[]): string {
  const parts = words.filter(Boolean);
  return parts
    .map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1)))
    .join("");
}
