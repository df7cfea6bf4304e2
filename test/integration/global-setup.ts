// One real Conductor server for the whole integration run. Set CONDUCTOR_TEST_SERVER_URL to reuse a
// running server (faster while developing), or CONDUCTOR_TEST_CLUSTER_NODES=N to run every test
// against a LocalConductorCluster (N nodes on PostgreSQL behind HAProxy, through the balancer);
// otherwise a LocalConductor is started and stopped here.
// If no server can be had, setup throws: integration tests fail, they never skip.
import type { TestProject } from "vitest/node";
import { LocalConductor, LocalConductorCluster } from "../../src/testing/index.js";

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

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.CONDUCTOR_TEST_SERVER_URL?.trim();
  if (external) {
    const { serverUrl, apiUrl } = normalise(external);
    await assertHealthy(serverUrl);
    project.provide("conductorServerUrl", serverUrl);
    project.provide("conductorApiUrl", apiUrl);
    return undefined;
  }

  const clusterNodes = process.env.CONDUCTOR_TEST_CLUSTER_NODES?.trim();
  if (clusterNodes) {
    const nodes = Number(clusterNodes);
    if (!Number.isInteger(nodes) || nodes < 1) {
      throw new Error(`CONDUCTOR_TEST_CLUSTER_NODES=${clusterNodes}: expected a number of nodes (1 or more)`);
    }
    const cluster = await LocalConductorCluster.start({
      nodes,
      version: process.env.CONDUCTOR_TEST_SERVER_VERSION || undefined,
    });
    project.provide("conductorServerUrl", cluster.serverUrl);
    project.provide("conductorApiUrl", cluster.apiUrl);
    return async () => {
      await cluster.stop();
    };
  }

  const server = await LocalConductor.start({
    version: process.env.CONDUCTOR_TEST_SERVER_VERSION || undefined,
  });
  project.provide("conductorServerUrl", server.serverUrl);
  project.provide("conductorApiUrl", server.apiUrl);
  return async () => {
    await server.stop();
  };
}
