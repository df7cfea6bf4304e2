// The installed package on Node 20, 22 and 24: README's hello world and the scenario (every client, the worker,
// fork branches of worker tasks, typed errors, the testing kit) as an ESM app and as a CommonJS app, compiled by
// tsc --strict with moduleResolution NodeNext, against the real server this run started.
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { expectedScenarioLines, nodeApp, type NodeApp } from "./support/node-app.js";
import { exec, lines, nodeBinary } from "./support/packed.js";

const NODE_MAJORS = [20, 22, 24] as const;
let app: NodeApp;

beforeAll(async () => {
  app = await nodeApp();
}, 240_000);

it("type-checks README's hello world and the ESM and CommonJS apps (tsc --strict, NodeNext)", () => {
  expect(app.errors, app.compile.report).toEqual([]);
  expect(app.compile.code, app.compile.report).toBe(0);
});

describe.each(NODE_MAJORS)("Node %i", (major) => {
  const env = () => ({ CONDUCTOR_SERVER_URL: inject("conductorApiUrl") });

  it("runs README's hello world (ESM) to its greeting and exits on its own", async () => {
    const run = await exec(await nodeBinary(major), [join(app.dir, "out/hello.mjs")], {
      cwd: app.dir,
      env: env(),
      timeoutMs: 90_000,
    });
    expect(run.code, run.report).toBe(0);
    expect(lines(run.stdout), run.report).toContain("workflow result: Hello Orkes");
  });

  it.each(["esm", "cjs"] as const)("runs the scenario as %s", async (format) => {
    // The testing kit starts a real server once per run: from CommonJS on Node 20, the format it is hardest in.
    const testingKit = format === "cjs" && major === 20 ? "start" : "check";
    const run = await exec(await nodeBinary(major), [join(app.dir, `out/main.${format === "esm" ? "mjs" : "cjs"}`)], {
      cwd: app.dir,
      env: { ...env(), SCENARIO_TAG: `node${major}_${format}`, SCENARIO_TESTING_KIT: testingKit },
      timeoutMs: testingKit === "start" ? 300_000 : 120_000,
    });
    expect(run.code, run.report).toBe(0);
    const printed = lines(run.stdout).filter((l) => l.startsWith("ok ") || l.startsWith("workflow result") || l === "scenario complete");
    expect(printed, run.report).toEqual(expectedScenarioLines(testingKit));
  }, 320_000);
});
