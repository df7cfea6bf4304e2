import { inject } from "vitest";

export interface TestServer {
  apiUrl: string;
  /** Nothing to stop: the server belongs to the test run (see test/integration/global-setup.ts). */
  release(): Promise<void>;
}

/**
 * The server for a failure test that does not kill the server itself: the run's shared server (the
 * integration suite's, or CONDUCTOR_TEST_SERVER_URL), so each of these files does not pay for a JVM
 * start of its own. Their task and workflow names are unique, so they do not see each other's work.
 * Tests that kill the server always start their own.
 */
export async function serverForTest(): Promise<TestServer> {
  return { apiUrl: inject("conductorApiUrl"), release: async () => {} };
}
