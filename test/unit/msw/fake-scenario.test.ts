// The shared scenario (test/scenario/workflow-scenario.ts) against FakeConductor through msw/node, in process:
// a worker, start-and-wait, status reads and error answers, with the same expected results as against the real
// server (test/integration/fake-scenario.test.ts).
import { Configuration } from "@conductor-ts/sdk";
import { FakeConductor } from "@conductor-ts/sdk/msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { expectedObservation, runWorkflowScenario } from "../../scenario/workflow-scenario.js";

const fake = new FakeConductor({ baseUrl: "http://conductor.fake.test" });
const server = setupServer(...fake.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

it("gives what the real server gives for the shared scenario", async () => {
  const started = performance.now();
  const observed = await runWorkflowScenario(
    new Configuration({ serverUrl: "http://conductor.fake.test/api" }),
    Math.random().toString(36).slice(2, 8),
  );
  console.log(`fake scenario: ${(performance.now() - started).toFixed(0)} ms`);
  expect(observed).toEqual(expectedObservation);
  expect(
    fake
      .workflows()
      .map((w) => w.status)
      .sort(),
  ).toEqual(["COMPLETED", "COMPLETED", "FAILED"]);
});
