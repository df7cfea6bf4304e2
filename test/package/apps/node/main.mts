// ESM consumer: loads the entry points with `import` and runs the scenario.
import * as sdk from "@conductor-ts/sdk";
import * as worker from "@conductor-ts/sdk/worker";
import * as testing from "@conductor-ts/sdk/testing";
import { runScenario } from "./scenario.mjs";

await runScenario(sdk, worker, testing, {
  tag: process.env.SCENARIO_TAG ?? "esm",
  testingKit: process.env.SCENARIO_TESTING_KIT === "start" ? "start" : "check",
});
