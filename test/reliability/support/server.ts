import { LocalConductor } from "../../../src/testing/index.js";

export interface TestServer {
  apiUrl: string;
  /** Stops the server if this test started it. */
  release(): Promise<void>;
}

/**
 * A server for a failure test that does not kill the server itself: its own LocalConductor, or
 * the one named by CONDUCTOR_TEST_SERVER_URL (a faster loop while developing). Tests that kill
 * the server always start their own.
 */
export async function serverForTest(): Promise<TestServer> {
  const external = process.env.CONDUCTOR_TEST_SERVER_URL?.trim();
  if (external) {
    const base = external.replace(/\/+$/, "").replace(/\/api$/, "");
    return { apiUrl: `${base}/api`, release: async () => {} };
  }
  const started = Date.now();
  const server = await LocalConductor.start({ quiet: true });
  console.log(`started a Conductor server in ${Math.round((Date.now() - started) / 1000)} s at ${server.apiUrl}`);
  return { apiUrl: server.apiUrl, release: () => server.stop() };
}
