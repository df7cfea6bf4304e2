// Path parameters are filled in here, and checked first: a value that would change which path is
// requested ("..", ".", "a/b") or leave a segment empty is refused before anything is sent.
import { InvalidArgumentError } from "../errors/conductor-error.js";
import type { OperationRequest } from "./operation.js";

const PATH_PARAM = /\{([^{}]+)\}/g;

function problemWith(value: unknown, slashAllowed: boolean): string | undefined {
  if (value === undefined || value === null) return `is required (got ${String(value)})`;
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean" && typeof value !== "bigint")
    return `must be a string or number (got ${Array.isArray(value) ? "an array" : typeof value})`;
  const text = String(value);
  if (text === "") return "is required (got an empty string)";
  // URL parsers resolve these dot segments, so `GET /api/workflow/..` would become `GET /api/`.
  if (text === "." || text === "..") return `must not be "${text}" (it would change the request path)`;
  if (!slashAllowed && text.includes("/")) return `must not contain "/" (got ${JSON.stringify(text)})`;
  return undefined;
}

/**
 * The path with its parameters filled in (for messages), after checking every parameter and that a
 * required body is there (the generated methods pass arguments through; the checks live here once).
 */
export function checkPath(request: OperationRequest): string {
  if (request.body === undefined && request.bodyOptional !== true && "body" in request) {
    throw new InvalidArgumentError(`${request.operation}: the request body is required (got undefined)`, {
      argument: "body",
      operation: request.operation,
      method: request.method,
      path: request.path,
    });
  }
  if (request.path.indexOf("{") === -1) return request.path;
  const params = request.pathParams;
  return request.path.replace(PATH_PARAM, (_m, name: string) => {
    const value = params?.[name];
    const problem = problemWith(value, request.slashAllowedIn?.includes(name) ?? false);
    if (problem !== undefined) {
      throw new InvalidArgumentError(`${request.operation}: path parameter "${name}" ${problem}`, {
        argument: name,
        operation: request.operation,
        method: request.method,
        path: request.path,
      });
    }
    return encodeURIComponent(String(value));
  });
}
