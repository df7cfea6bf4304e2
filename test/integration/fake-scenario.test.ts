// The shared scenario (test/scenario/workflow-scenario.ts) against the real server: the results FakeConductor
// must reproduce (test/unit/msw/fake-scenario.test.ts checks it against the same expectedObservation).
import { Configuration } from "@conductor-ts/sdk";
import { expect, inject, it } from "vitest";
import { expectedObservation, runWorkflowScenario } from "../scenario/workflow-scenario.js";

it("the real server gives the results the fake is checked against", async () => {
  const started = performance.now();
  const observed = await runWorkflowScenario(
    new Configuration({ serverUrl: inject("conductorApiUrl") }),
    `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
  );
  console.log(`real-server scenario: ${(performance.now() - started).toFixed(0)} ms`);
  expect(observed).toEqual(expectedObservation);
});
