// CommonJS consumer: loads the entry points with `require` and runs the scenario.
/* eslint-disable @typescript-eslint/no-require-imports -- loading with require is what this app proves */
import sdk = require("@conductor-ts/sdk");
import worker = require("@conductor-ts/sdk/worker");
import testing = require("@conductor-ts/sdk/testing");
import scenario = require("./scenario.cjs");

scenario
  .runScenario(sdk, worker, testing, {
    tag: process.env.SCENARIO_TAG ?? "cjs",
    testingKit: process.env.SCENARIO_TESTING_KIT === "start" ? "start" : "check",
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
