import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The package's own name resolves to src/ while developing (as tsconfig.json's "paths" do for tsc and tsx), so
// examples import "@conductor-ts/sdk" like users do; the package suite runs them from the installed tarball.
const selfReference = {
  alias: [
    { find: /^@conductor-ts\/sdk$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
    {
      find: /^@conductor-ts\/sdk\/worker$/,
      replacement: fileURLToPath(new URL("./src/worker/index.ts", import.meta.url)),
    },
    {
      find: /^@conductor-ts\/sdk\/testing$/,
      replacement: fileURLToPath(new URL("./src/testing/index.ts", import.meta.url)),
    },
    { find: /^@conductor-ts\/sdk\/msw$/, replacement: fileURLToPath(new URL("./src/msw/index.ts", import.meta.url)) },
  ],
};

// One project per suite so `npm test` can report counts per suite and CI can run each alone.
// groupOrder runs them one group after another (unit+contract, then integration, then the package suite, then
// reliability, then compat): on two cores the real server and the failure tests' servers must not compete with each other.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: selfReference,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "contract",
          include: ["test/contract/**/*.test.ts"],
        },
      },
      {
        // Everything that talks to the one real server the shared globalSetup starts.
        resolve: selfReference,
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["test/integration/**/*.test.ts", "test/browser/**/*.test.ts", "test/examples/**/*.test.ts"],
          globalSetup: ["test/integration/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          maxWorkers: 2,
        },
      },
      {
        // The packed tarball installed into consumer projects, against the same real server.
        test: {
          name: "package",
          sequence: { groupOrder: 2 },
          include: ["test/package/**/*.test.ts"],
          globalSetup: ["test/integration/global-setup.ts", "test/package/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          maxWorkers: 2,
        },
      },
      {
        // Failure tests, one file at a time. Those that kill or restart a server start their own; the others
        // use the run's shared server.
        test: {
          name: "reliability",
          sequence: { groupOrder: 3 },
          include: ["test/reliability/**/*.test.ts"],
          globalSetup: ["test/integration/global-setup.ts"],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        // The supported-server table: a smoke subset on each other server version (test/compat), one
        // LocalConductor per version, one after the other, last so it competes with no other suite.
        resolve: selfReference,
        test: {
          name: "compat",
          sequence: { groupOrder: 4 },
          include: ["test/compat/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 400_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
