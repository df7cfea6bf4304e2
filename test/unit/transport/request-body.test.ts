// A required request body is checked by the transport (once, for every generated method): a missing one is
// refused before anything is sent, naming the argument "body"; an operation marked bodyOptional goes without.
import { describe, expect, it } from "vitest";
import { MetadataResource } from "../../../generated/resources/metadata.js";
import { SecretsResource } from "../../../generated/resources/secrets.js";
import { Configuration, silentLogger } from "../../../src/config/index.js";
import { InvalidArgumentError } from "../../../src/errors/index.js";
import { Transport } from "../../../src/transport/index.js";

function recording() {
  const sent: { method: string; path: string; body: string | undefined }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const text = request.body === null ? undefined : await request.text();
    sent.push({ method: request.method, path: new URL(request.url).pathname, body: text });
    return Response.json({});
  }) as typeof fetch;
  const transport = new Transport(
    new Configuration({ serverUrl: "http://conductor.test/api", fetch: fetchImpl, logger: silentLogger, env: {} }),
  );
  return { sent, transport };
}

describe("request body", () => {
  it('a missing required body is an InvalidArgumentError naming "body", and nothing is sent', async () => {
    const { sent, transport } = recording();
    const error = await new MetadataResource(transport).registerTaskDefs(undefined as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({
      argument: "body",
      operation: "metadata.registerTaskDefs",
      method: "POST",
      path: "/api/metadata/taskdefs",
    });
    expect((error as Error).message).toBe("metadata.registerTaskDefs: the request body is required (got undefined)");
    expect(sent).toEqual([]);
  });

  it("a raw request with a body key but no value is refused the same way", async () => {
    const { sent, transport } = recording();
    const call = transport.call({ operation: "x.create", method: "POST", path: "/api/x", body: undefined });
    await expect(call).rejects.toMatchObject({ name: "InvalidArgumentError", argument: "body" });
    expect(sent).toEqual([]);
  });

  it("empty but present bodies are sent (an empty list, an empty object)", async () => {
    const { sent, transport } = recording();
    await new MetadataResource(transport).registerTaskDefs([]);
    await transport.call({ operation: "x.create", method: "POST", path: "/api/x", body: {} });
    expect(sent).toEqual([
      { method: "POST", path: "/api/metadata/taskdefs", body: "[]" },
      { method: "POST", path: "/api/x", body: "{}" },
    ]);
  });

  it("an omitted optional body (bodyOptional) is sent without one", async () => {
    const { sent, transport } = recording();
    const secrets = new SecretsResource(transport);
    await secrets.putSecret("api_key");
    await secrets.putSecret("api_key", "s3cret");
    expect(sent).toEqual([
      { method: "PUT", path: "/api/secrets/api_key", body: undefined },
      { method: "PUT", path: "/api/secrets/api_key", body: "s3cret" },
    ]);
  });

  it("a request without a body key needs none", async () => {
    const { sent, transport } = recording();
    await transport.call({ operation: "x.list", method: "GET", path: "/api/x", idempotent: true });
    expect(sent).toEqual([{ method: "GET", path: "/api/x", body: undefined }]);
  });
});
