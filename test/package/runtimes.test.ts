// The installed package in each runtime we name, against the real server this run started:
// - Node 20, 22 and 24: README's hello world, the scenario (every client, the worker, fork branches of worker
//   tasks, typed errors, the testing kit) as an ESM app and as a CommonJS app, and a thread-pool worker;
// - Bun and Deno (from the npm registry): README's hello world, the ESM scenario and the thread-pool worker.
// All of it compiled once by tsc --strict with moduleResolution NodeNext (support/node-app.ts).
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { expectedScenarioLines, nodeApp, type NodeApp } from "./support/node-app.js";
import { BUN_VERSION, bunBinary, DENO_VERSION, denoBinary, exec, lines, nodeBinary } from "./support/packed.js";

interface Runtime {
  readonly name: string;
  /** Command and arguments that run a compiled .mjs/.cjs file. */
  readonly command: () => Promise<[string, ...string[]]>;
  readonly formats: readonly ("esm" | "cjs")[];
}

const runtimes: Runtime[] = [
  ...[20, 22, 24].map((major) => ({
    name: `Node ${major}`,
    command: async (): Promise<[string]> => [await nodeBinary(major)],
    formats: ["esm", "cjs"] as const,
  })),
  { name: `Bun ${BUN_VERSION}`, command: async (): Promise<[string]> => [await bunBinary()], formats: ["esm"] },
  {
    name: `Deno ${DENO_VERSION}`,
    command: async (): Promise<[string, string, string]> => [await denoBinary(), "run", "--allow-all"],
    formats: ["esm"],
  },
];

let app: NodeApp;

beforeAll(async () => {
  app = await nodeApp();
}, 240_000);

it("type-checks README's hello world and the ESM, CommonJS and thread-pool apps (tsc --strict, NodeNext)", () => {
  expect(app.errors, app.compile.report).toEqual([]);
  expect(app.compile.code, app.compile.report).toBe(0);
});

describe.each(runtimes)("$name", (runtime) => {
  const tag = runtime.name.replace(/\W+/g, "_").toLowerCase();
  async function run(file: string, env: Record<string, string> = {}, timeoutMs = 120_000) {
    const [command, ...args] = await runtime.command();
    return exec(command, [...args, join(app.dir, "out", file)], {
      cwd: app.dir,
      env: { CONDUCTOR_SERVER_URL: inject("conductorApiUrl"), SCENARIO_TAG: tag, ...env },
      timeoutMs,
    });
  }

  it("runs README's hello world to its greeting and exits on its own", async () => {
    const ran = await run("hello.mjs");
    expect(ran.code, ran.report).toBe(0);
    expect(lines(ran.stdout), ran.report).toContain("workflow result: Hello Orkes");
  });

  it.each(runtime.formats)(
    "runs the scenario as %s",
    async (format) => {
      // The testing kit starts a real server once per run: from CommonJS on Node 20, the format it is hardest in.
      const testingKit = format === "cjs" && runtime.name === "Node 20" ? "start" : "check";
      const ran = await run(
        `main.${format === "esm" ? "mjs" : "cjs"}`,
        { SCENARIO_TAG: `${tag}_${format}`, SCENARIO_TESTING_KIT: testingKit },
        testingKit === "start" ? 300_000 : 120_000,
      );
      expect(ran.code, ran.report).toBe(0);
      const printed = lines(ran.stdout).filter(
        (l) => l.startsWith("ok ") || l.startsWith("workflow result") || l === "scenario complete",
      );
      expect(printed, ran.report).toEqual(expectedScenarioLines(testingKit));
    },
    320_000,
  );

  it("runs a worker in a pool of worker threads", async () => {
    const ran = await run("threaded.mjs");
    expect(ran.code, ran.report).toBe(0);
    expect(lines(ran.stdout), ran.report).toContain('thread pool result: {"result":49}');
  });
});
