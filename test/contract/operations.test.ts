// One contract test per operation of the normalized spec, driven by generated/operations.ts so a new
// operation gets tested without anyone writing a test. Each call goes through the generated resource
// client and the real transport into the generated msw handler for that operation, which checks method,
// path, parameters and body (ajv against the spec) and answers a body synthesized from the spec.
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as handlers from "../../generated/msw/index.js";
import { operations, specVersion, type OperationInfo } from "../../generated/operations.js";
import { createResources } from "../../generated/resources/index.js";
import { Configuration } from "../../src/config/configuration.js";
import { ConductorError } from "../../src/errors/conductor-error.js";
import { Transport } from "../../src/transport/transport.js";
import { operationSpec, responseSchema, sample, spec, validate } from "../support/openapi-schema.js";

const origin = "http://conductor.contract.test";
const resources = createResources(new Transport(new Configuration({ serverUrl: `${origin}/api`, timeoutMs: 5_000 })));
// The server reports the spec's version: an error answer is then never taken for a too-old server
// (the transport asks /api/version when an operation newer than the oldest supported server answers 404).
const server = setupServer(http.get(`${origin}/api/version`, () => HttpResponse.text(specVersion)));

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

// The generated factories are typed per operation; here one loose signature serves them all.
type Resolver = (info: {
  request: Request;
  params: Record<string, string | readonly string[] | undefined>;
}) => Response | Promise<Response>;
type HandlerFactory = (resolver: Resolver, baseUrl: string) => Parameters<typeof server.use>[0];

function handlerFor(op: OperationInfo): HandlerFactory {
  const group = (handlers as unknown as Record<string, Record<string, HandlerFactory>>)[`${op.group}Handlers`];
  const factory = group?.[op.name];
  if (!factory) throw new Error(`no generated msw handler ${op.group}Handlers.${op.name}`);
  return factory;
}

function call(op: OperationInfo, args: unknown[]): Promise<unknown> {
  const resource = (resources as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[
    op.group
  ];
  const method = resource?.[op.name];
  if (!method) throw new Error(`no generated method ${op.group}.${op.name}`);
  return method.apply(resource, args);
}

/** Arguments for a call: every path and query parameter and the body, sampled from the spec. */
function sampleArgs(op: OperationInfo) {
  const spec = operationSpec(op.method, op.path);
  const params = spec.parameters ?? [];
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const p of params) {
    const value = p.schema?.type === "array" ? ["a-1", "a-2"] : sample(p.schema, p.name);
    if (p.in === "path") path[p.name] = typeof value === "string" ? `${p.name}-1` : value;
    if (p.in === "query") query[p.name] = value;
  }
  const bodySchema = op.body ? spec.requestBody?.content[op.body.contentType]?.schema : undefined;
  const body = op.body ? (op.body.contentType === "text/plain" ? "a log line" : sample(bodySchema, "body")) : undefined;
  // The generated signature: path parameters in path order, the body, then the query as one object.
  const args: unknown[] = op.pathParams.map((name) => path[name]);
  if (op.body) args.push(body);
  if (op.queryParams.length) args.push(query);
  return { args, path, query, body, bodySchema };
}

function successBody(op: OperationInfo): { body: unknown; response: () => Response } {
  if (op.parseAs === "json") {
    const body = sample(responseSchema(op.method, op.path, op.successStatus, "application/json"), op.name);
    return { body, response: () => HttpResponse.json(body as never, { status: op.successStatus }) };
  }
  if (op.parseAs === "text") {
    const body = `${op.name}-text-result`;
    return { body, response: () => HttpResponse.text(body, { status: op.successStatus }) };
  }
  return { body: undefined, response: () => new HttpResponse(null, { status: op.successStatus }) };
}

describe.each(operations.map((op) => [`${op.method} ${op.path} (${op.group}.${op.name})`, op] as const))(
  "%s",
  (_title, op) => {
    it("sends what the spec describes and returns the typed response", async () => {
      const { args, path, query, body, bodySchema } = sampleArgs(op);
      const { body: expected, response } = successBody(op);
      const seen: string[] = [];
      server.use(
        handlerFor(op)(async ({ request, params }) => {
          seen.push("called");
          expect(request.method).toBe(op.method);
          for (const [name, value] of Object.entries(path)) expect(params[name]).toBe(String(value));
          const url = new URL(request.url);
          for (const [name, value] of Object.entries(query)) {
            const sent = url.searchParams.getAll(name);
            expect(sent, `query ${name}`).toEqual(Array.isArray(value) ? value.map(String) : [String(value)]);
          }
          if (op.body) {
            expect(request.headers.get("content-type") ?? "").toContain(op.body.contentType);
            if (op.body.contentType === "application/json") {
              const sentBody = await request.json();
              expect(sentBody).toEqual(body);
              expect(validate(bodySchema!, sentBody), "request body fits the spec").toEqual([]);
            } else {
              expect(await request.text()).toBe(body);
            }
          }
          return response();
        }, origin),
      );
      const result = await call(op, args);
      expect(seen).toEqual(["called"]);
      expect(result).toEqual(expected);
    });

    if (op.mayBeEmpty) {
      it("returns undefined when the server answers with no content", async () => {
        const { args } = sampleArgs(op);
        server.use(handlerFor(op)(() => new HttpResponse(null, { status: 204 }), origin));
        expect(await call(op, args)).toBeUndefined();
      });
    }

    it("turns an error status into a ConductorError carrying the status and the server's message", async () => {
      const { args } = sampleArgs(op);
      const message = `${op.name} failed on purpose`;
      server.use(
        handlerFor(op)(
          () => HttpResponse.json({ status: 404, message, retryable: false } as never, { status: 404 }),
          origin,
        ),
      );
      const error = await call(op, args).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConductorError);
      expect((error as ConductorError).status).toBe(404);
      expect((error as ConductorError).message).toContain(message);
      expect((error as ConductorError).operation).toBe(`${op.group}.${op.name}`);
    });
  },
);

describe("coverage", () => {
  it("has a contract test for every operation of the normalized spec", () => {
    const inSpec = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const tested = operations.map((op) => `${op.method} ${op.path}`);
    expect([...tested].sort()).toEqual([...inSpec].sort());
  });
});
