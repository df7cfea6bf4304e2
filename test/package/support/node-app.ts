// The Node consumer project: README's hello world (hello.mts) and the scenario in both module formats
// (main.mts + scenario.mts, main.cts + scenario.cts) and a thread-pool worker (threaded.mts), type-checked and compiled by tsc --strict with
// moduleResolution NodeNext against the installed package. Bun and Deno run the same compiled files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { appsDir, consumerProject, repoRoot, tsc, type Ran } from "./packed.js";
import { readmeHelloWorld } from "./readme.js";

export interface NodeApp {
  readonly dir: string;
  /** tsc's run; `errors` are its "error TS" lines. */
  readonly compile: Ran;
  readonly errors: readonly string[];
}

let built: Promise<NodeApp> | undefined;

/** What the scenario (test/package/apps/node/scenario.ts) prints when everything works, in order. */
export function expectedScenarioLines(testingKit: "start" | "check"): string[] {
  return [
    "ok worker entry shares ConductorError with the main entry",
    "ok testing entry shares ConductorError with the main entry",
    "ok a worker's task() is a BaseTask of the main entry",
    "workflow result: Hello Orkes",
    "ok fork branches of worker tasks ran",
    "ok WorkflowClient.getWorkflowStatus",
    "ok TaskClient.getTaskLogs",
    "ok MetadataClient.getTaskDef",
    "ok EventClient.getEventHandlers",
    "ok SchedulerClient.getAllSchedules",
    "ok AdminClient.getAllConfig",
    "ok QueueAdminClient.getQueueSizes",
    "ok HealthClient.isHealthy",
    "ok EnvironmentClient.getAllVariables",
    "ok SecretsClient.listSecretNames",
    "ok generated WorkflowResource over Transport",
    "ok a 404 is a ConductorError with its status",
    "ok and an instance of the worker entry's ConductorError",
    ...(testingKit === "start"
      ? ["ok LocalConductor started a healthy server", "ok LocalConductor stopped it"]
      : ["ok LocalConductor reports a missing Java as LocalConductorError"]),
    "scenario complete",
  ];
}

export function nodeApp(): Promise<NodeApp> {
  built ??= (async () => {
    const scenario = readFileSync(join(appsDir, "node/scenario.ts"), "utf8");
    const dir = consumerProject("node-app", {
      "hello.mts": readmeHelloWorld(),
      "scenario.mts": scenario,
      "scenario.cts": scenario,
      "main.mts": readFileSync(join(appsDir, "node/main.mts"), "utf8"),
      "main.cts": readFileSync(join(appsDir, "node/main.cts"), "utf8"),
      "threaded.mts": readFileSync(join(appsDir, "node/threaded.mts"), "utf8"),
      "tsconfig.json": JSON.stringify(
        {
          compilerOptions: {
            target: "es2022",
            module: "nodenext",
            moduleResolution: "nodenext",
            strict: true,
            // Our declarations are part of what is checked.
            skipLibCheck: false,
            outDir: "out",
            typeRoots: [join(repoRoot, "node_modules/@types")],
            types: ["node"],
          },
          files: ["hello.mts", "scenario.mts", "scenario.cts", "main.mts", "main.cts", "threaded.mts"],
        },
        null,
        2,
      ),
    });
    const compile = await tsc(join(dir, "tsconfig.json"));
    const errors = compile.stdout.split("\n").filter((l) => l.includes("error TS"));
    return { dir, compile, errors };
  })();
  return built;
}
