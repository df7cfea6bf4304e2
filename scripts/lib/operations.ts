// Turns the normalized document into the operation models the templates render: stable names from
// spec/operation-names.yaml, the parse mode of each response, and TypeScript index types into `paths`.
import {
  eachOperation,
  type Method,
  type OpenApiDocument,
  type OperationKey,
  type OperationObject,
} from "./openapi.js";

export interface NameEntry {
  group: string;
  name: string;
}

export interface OperationModel {
  key: OperationKey;
  method: Uppercase<Method>;
  path: string;
  group: string;
  name: string;
  summary: string;
  deprecated: boolean;
  /** How the success body is read. */
  parseAs: "json" | "text" | "empty";
  /** The status whose body is the result (lowest 2xx). */
  successStatus: string;
  /** Whether the server may also answer an empty 2xx (result may be undefined). */
  mayBeEmpty: boolean;
  pathParams: { name: string; required: boolean }[];
  queryParams: { name: string; required: boolean }[];
  body: { contentType: string; required: boolean } | undefined;
  idempotent: boolean;
}

export interface OperationsResult {
  operations: OperationModel[];
  warnings: string[];
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS"]);

export function buildOperations(doc: OpenApiDocument, names: Record<OperationKey, NameEntry>): OperationsResult {
  const warnings: string[] = [];
  const operations: OperationModel[] = [];
  const taken = new Map<string, OperationKey>();
  const seen = new Set<OperationKey>();
  for (const [key, method, path, op] of eachOperation(doc)) {
    seen.add(key);
    let entry = names[key];
    if (!entry) {
      entry = deriveName(method, path, op);
      warnings.push(
        `operation ${key} has no entry in spec/operation-names.yaml; using ${entry.group}.${entry.name} (add it to make the name stable)`,
      );
    }
    const qualified = `${entry.group}.${entry.name}`;
    const clash = taken.get(qualified);
    if (clash) throw new Error(`spec/operation-names.yaml: ${qualified} names both ${clash} and ${key}`);
    taken.set(qualified, key);
    operations.push(model(key, method, path, op, entry));
  }
  for (const key of Object.keys(names)) {
    if (!seen.has(key)) warnings.push(`spec/operation-names.yaml names ${key}, which the spec no longer has`);
  }
  operations.sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
  return { operations, warnings };
}

function model(key: OperationKey, method: Method, path: string, op: OperationObject, entry: NameEntry): OperationModel {
  const statuses = Object.keys(op.responses)
    .filter((s) => /^2\d\d$/.test(s))
    .sort();
  if (statuses.length === 0) throw new Error(`${key} declares no 2xx response`);
  const withBody = statuses.find((s) => Object.keys(op.responses[s]!.content ?? {}).length > 0);
  const successStatus = withBody ?? statuses[0]!;
  const content = Object.keys(op.responses[successStatus]!.content ?? {});
  let parseAs: OperationModel["parseAs"] = "empty";
  if (content.includes("application/json")) parseAs = "json";
  else if (content.includes("text/plain")) parseAs = "text";
  else if (content.length > 0) throw new Error(`${key}: unsupported response content ${content.join(", ")}`);
  const params = op.parameters ?? [];
  const bodyTypes = Object.keys(op.requestBody?.content ?? {});
  if (bodyTypes.length > 1) throw new Error(`${key}: more than one request content type (${bodyTypes.join(", ")})`);
  return {
    key,
    method: method.toUpperCase() as Uppercase<Method>,
    path,
    group: entry.group,
    name: entry.name,
    summary: (op.summary ?? op.description ?? "").replace(/\s+/g, " ").trim(),
    deprecated: op.deprecated === true,
    parseAs,
    successStatus,
    mayBeEmpty: parseAs !== "empty" && statuses.some((s) => s !== successStatus),
    pathParams: params.filter((p) => p.in === "path").map((p) => ({ name: p.name, required: true })),
    queryParams: params.filter((p) => p.in === "query").map((p) => ({ name: p.name, required: p.required === true })),
    body: bodyTypes[0] ? { contentType: bodyTypes[0], required: op.requestBody?.required === true } : undefined,
    idempotent: IDEMPOTENT.has(method.toUpperCase()),
  };
}

/** A readable fallback for operations the names table does not know yet. */
function deriveName(method: Method, path: string, op: OperationObject): NameEntry {
  const segments = path.split("/").filter((s) => s && s !== "api");
  const group = (segments[0] ?? "root").replace(/[^A-Za-z0-9]/g, "");
  const words = segments
    .slice(1)
    .filter((s) => !s.startsWith("{"))
    .flatMap((s) => s.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  const base = op.operationId?.replace(/_\d+$/, "") ?? method + words.map(capitalize).join("");
  return {
    group,
    name: `${method}${capitalize(base)}`.replace(/^(get|post|put|delete|patch)(Get|Post|Put|Delete|Patch)/, "$1"),
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
