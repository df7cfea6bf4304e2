// The few OpenAPI shapes the generator reads. Loose on purpose: the spec is data we check, not trust.
export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;
export type Method = (typeof HTTP_METHODS)[number];

export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  additionalProperties?: SchemaObject | boolean;
  enum?: unknown[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  allOf?: SchemaObject[];
  format?: string;
  minLength?: number;
  [key: string]: unknown;
}

export interface MediaObject {
  schema?: SchemaObject;
}
export interface ResponseObject {
  description?: string;
  content?: Record<string, MediaObject>;
}
export interface ParameterObject {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: SchemaObject;
  description?: string;
}
export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, MediaObject> };
  responses: Record<string, ResponseObject>;
  deprecated?: boolean;
}
export type PathItem = Partial<Record<Method, OperationObject>>;
export interface OpenApiDocument {
  openapi: string;
  info: { title?: string; version?: string };
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, SchemaObject> };
  [key: string]: unknown;
}

/** "GET /api/workflow/{workflowId}" */
export type OperationKey = string;

export function operationKey(method: string, path: string): OperationKey {
  return `${method.toUpperCase()} ${path}`;
}

export function* eachOperation(doc: OpenApiDocument): Generator<[OperationKey, Method, string, OperationObject]> {
  for (const path of Object.keys(doc.paths).sort()) {
    const item = doc.paths[path]!;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op) yield [operationKey(method, path), method, path, op];
    }
  }
}

export function findOperation(doc: OpenApiDocument, key: OperationKey): OperationObject | undefined {
  const space = key.indexOf(" ");
  const method = key.slice(0, space).toLowerCase() as Method;
  return doc.paths[key.slice(space + 1)]?.[method];
}

export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}
