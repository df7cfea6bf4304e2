// One real Conductor server for the whole test run (integration and package suites), with AI integrations on and
// its `openai` provider pointed at a FakeLlmProvider started here first (so AI tests share this server instead of
// paying for a second JVM). Set CONDUCTOR_TEST_SERVER_URL to reuse a running server (faster while developing); the
// AI tests then need CONDUCTOR_TEST_FAKE_LLM_URL, the fake that server points at. CONDUCTOR_TEST_CLUSTER_NODES=N
// runs every test against a LocalConductorCluster instead (N nodes on PostgreSQL behind HAProxy, through the
// balancer, with the same AI settings).
// If no server can be had, setup throws: integration tests fail, they never skip.
import type { TestProject } from "vitest/node";
import { aiServerProperties, FakeLlmProvider, LocalConductor, LocalConductorCluster } from "../../src/testing/index.js";

function normalise(url: string): { serverUrl: string; apiUrl: string } {
  const trimmed = url.trim().replace(/\/+$/, "");
  const serverUrl = trimmed.replace(/\/api$/, "");
  return { serverUrl, apiUrl: `${serverUrl}/api` };
}

async function assertHealthy(serverUrl: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${serverUrl}/health`, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new Error(`CONDUCTOR_TEST_SERVER_URL=${serverUrl} does not answer GET /health: ${String(error)}`, {
      cause: error,
    });
  }
  const body = (await response.json().catch(() => undefined)) as { healthy?: unknown } | undefined;
  if (!response.ok || body?.healthy !== true) {
    throw new Error(
      `CONDUCTOR_TEST_SERVER_URL=${serverUrl}: GET /health answered ${response.status} ${JSON.stringify(body)}`,
    );
  }
}

// The integration and package projects both list this file; vitest runs global setups in its own process, so
// the first caller starts the server and the last teardown stops it (one server per run, not one per project).
interface SharedServer {
  server: Promise<{ server: LocalConductor | LocalConductorCluster; llm: FakeLlmProvider }>;
  users: number;
}
const sharedKey = Symbol.for("conductor-ts.test.sharedServer");
const shared = globalThis as { [sharedKey]?: SharedServer };

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.CONDUCTOR_TEST_SERVER_URL?.trim();
  if (external) {
    const { serverUrl, apiUrl } = normalise(external);
    await assertHealthy(serverUrl);
    project.provide("conductorServerUrl", serverUrl);
    project.provide("conductorApiUrl", apiUrl);
    project.provide("fakeLlmUrl", process.env.CONDUCTOR_TEST_FAKE_LLM_URL?.trim() ?? "");
    return undefined;
  }

  const entry = (shared[sharedKey] ??= { server: startServer(), users: 0 });
  entry.users++;
  let started: { server: LocalConductor | LocalConductorCluster; llm: FakeLlmProvider };
  try {
    started = await entry.server;
  } catch (error) {
    entry.users--;
    throw error;
  }
  const { server, llm } = started;
  project.provide("conductorServerUrl", server.serverUrl);
  project.provide("conductorApiUrl", server.apiUrl);
  project.provide("fakeLlmUrl", llm.url);
  return async () => {
    if (--entry.users > 0) return;
    delete shared[sharedKey];
    await server.stop();
    await llm.stop();
  };
}

async function startServer(): Promise<{ server: LocalConductor | LocalConductorCluster; llm: FakeLlmProvider }> {
  const llm = await FakeLlmProvider.start();
  try {
    const clusterNodes = process.env.CONDUCTOR_TEST_CLUSTER_NODES?.trim();
    if (clusterNodes) {
      const nodes = Number(clusterNodes);
      if (!Number.isInteger(nodes) || nodes < 1) {
        throw new Error(`CONDUCTOR_TEST_CLUSTER_NODES=${clusterNodes}: expected a number of nodes (1 or more)`);
      }
      const cluster = await LocalConductorCluster.start({
        nodes,
        version: process.env.CONDUCTOR_TEST_SERVER_VERSION || undefined,
        serverProperties: aiServerProperties({ openai: llm.openai }),
      });
      return { server: cluster, llm };
    }
    const server = await LocalConductor.start({
      version: process.env.CONDUCTOR_TEST_SERVER_VERSION || undefined,
      ai: { openai: llm.openai },
      // On a 2-core machine shared with other work the server has taken three minutes to come up.
      startTimeoutMs: 420_000,
    });
    return { server, llm };
  } catch (error) {
    await llm.stop();
    throw error;
  }
}
