// A real MCP server for the tests: the official @modelcontextprotocol/sdk McpServer behind its
// streamable HTTP transport on 127.0.0.1, exposing two deterministic tools.
//
// The Conductor server's MCP client (ai/.../mcp/MCPService.java) posts one JSON-RPC request per task
// (`tools/list` or `tools/call`) with no `initialize` handshake and no session id, so the transport
// runs stateless: a fresh McpServer and transport per HTTP request, as the SDK documents for that mode.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

/** One JSON-RPC call the MCP server received. */
export interface McpCall {
  /** JSON-RPC method, e.g. "tools/list" or "tools/call". */
  method: string;
  /** `params` of the request (for tools/call: `{ name, arguments }`). */
  params: unknown;
  /** Request headers as Node received them (lower-case names). */
  headers: IncomingMessage["headers"];
}

export interface TestMcpServer {
  /** Endpoint to give LIST_MCP_TOOLS / CALL_MCP_TOOL as `mcpServer`, e.g. "http://127.0.0.1:41234/mcp". */
  readonly url: string;
  /** Every JSON-RPC request received, in arrival order. */
  readonly calls: readonly McpCall[];
  /** Names of the tools this server exposes. */
  readonly toolNames: readonly string[];
  close(): Promise<void>;
}

// Deterministic "weather" so tests can assert exact values end to end.
export function weatherFor(city: string): { city: string; temperatureC: number; conditions: string } {
  const temperatureC = [...city].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % 35;
  return { city, temperatureC, conditions: temperatureC > 20 ? "sunny" : "cloudy" };
}

function buildServer(): McpServer {
  const server = new McpServer({ name: "conductor-sdk-test-tools", version: "1.0.0" });
  server.registerTool(
    "get_weather",
    {
      description: "Current weather for a city",
      inputSchema: { city: z.string().describe("City name") },
    },
    ({ city }) => ({ content: [{ type: "text", text: JSON.stringify(weatherFor(city)) }] }),
  );
  server.registerTool(
    "add",
    {
      description: "Adds two numbers",
      inputSchema: { a: z.number(), b: z.number() },
    },
    ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }] }),
  );
  return server;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/**
 * Starts the MCP server on a free loopback port. `enableJsonResponse` answers with a JSON body
 * instead of an SSE stream (the Conductor client reads both).
 */
export async function startTestMcpServer(options: { enableJsonResponse?: boolean } = {}): Promise<TestMcpServer> {
  const calls: McpCall[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.url !== "/mcp") {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== "POST") {
      // Stateless: no standalone SSE stream and no sessions to delete.
      res.writeHead(405, { allow: "POST" }).end();
      return;
    }
    const body = await readJson(req);
    for (const message of Array.isArray(body) ? body : [body]) {
      const { method, params } = (message ?? {}) as { method?: string; params?: unknown };
      calls.push({ method: method ?? "", params, headers: req.headers });
    }
    const server = buildServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: options.enableJsonResponse ?? false,
    });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };
  const http: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    toolNames: ["get_weather", "add"],
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
