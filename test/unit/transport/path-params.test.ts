// Path parameters that would change which path is requested are refused before anything is sent.
import { describe, expect, it } from "vitest";
import { WorkflowClient } from "../../../src/clients/index.js";
import { Configuration, silentLogger } from "../../../src/config/index.js";
import { InvalidArgumentError } from "../../../src/errors/index.js";
import { Transport } from "../../../src/transport/index.js";

function recording() {
  const sent: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    sent.push(String(input instanceof Request ? input.url : input));
    return Response.json({ workflowId: "x" });
  }) as typeof fetch;
  const configuration = new Configuration({
    serverUrl: "http://conductor.test/api",
    fetch: fetchImpl,
    logger: silentLogger,
    env: {},
  });
  return { sent, configuration };
}

describe("path parameters", () => {
  it.each([
    ["..", /must not be "\.\."/],
    [".", /must not be "\."/],
    ["", /is required \(got an empty string\)/],
    ["a/b", /must not contain "\/"/],
    ["../metadata/workflow", /must not contain "\/"/],
  ])("getWorkflow(%j) is refused before sending, naming workflowId", async (id, why) => {
    const { sent, configuration } = recording();
    const error = await new WorkflowClient(configuration).getWorkflow(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("workflowId");
    expect((error as Error).message).toMatch(/path parameter "workflowId"/);
    expect((error as Error).message).toMatch(why);
    expect(sent).toEqual([]);
  });

  it("ordinary values, dots inside them included, are sent encoded", async () => {
    const { sent, configuration } = recording();
    const client = new WorkflowClient(configuration);
    for (const id of ["...", "a.b", "%2e%2e", "a b", "x?y#z"]) await client.getWorkflow(id);
    expect(sent.map((u) => new URL(u).pathname)).toEqual([
      "/api/workflow/...",
      "/api/workflow/a.b",
      "/api/workflow/%252e%252e",
      "/api/workflow/a%20b",
      "/api/workflow/x%3Fy%23z",
    ]);
  });

  it("a slash passes only where the operation allows it, and objects never do", async () => {
    const { sent, configuration } = recording();
    const transport = new Transport(configuration);
    const request = {
      operation: "x.get",
      method: "GET" as const,
      path: "/api/x/{key}",
      parseAs: "json" as const,
      idempotent: true,
    };
    await transport.call({ ...request, pathParams: { key: "a/b" }, slashAllowedIn: ["key"] });
    expect(new URL(sent[0]!).pathname).toBe("/api/x/a%2Fb");
    await expect(transport.call({ ...request, pathParams: { key: { id: 1 } } })).rejects.toThrow(
      /path parameter "key" must be a string or number \(got object\)/,
    );
    await expect(transport.call({ ...request, pathParams: { key: ".." }, slashAllowedIn: ["key"] })).rejects.toThrow(
      InvalidArgumentError,
    );
  });
});
