import { defineConfig } from "vitest/config";

// One project per suite so `npm test` can report counts per suite and CI can run each alone.
// groupOrder runs them one group after another (unit+contract, then integration, then reliability):
// on two cores the real server and the failure tests' servers must not compete with each other.
export default defineConfig({
  test: {
    projects: [
      {
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
        // Everything that talks to the one real server this project's globalSetup starts.
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
        // Failure tests start, kill and restart servers of their own: one file at a time.
        test: {
          name: "reliability",
          sequence: { groupOrder: 2 },
          include: ["test/reliability/**/*.test.ts"],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
