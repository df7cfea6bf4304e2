// Configuring a task definition, as in the Python SDK's task_configure example: retries with a
// backoff, timeouts, a concurrency limit and a rate limit.
//
//   CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/task-configure.ts
import { pathToFileURL } from "node:url";
import { Configuration, MetadataClient, type TaskDef } from "@conductor-ts/sdk";

export async function main(apiUrl?: string): Promise<TaskDef> {
  const metadata = new MetadataClient(new Configuration(apiUrl ? { serverUrl: apiUrl } : {}));

  const taskDef: TaskDef = {
    name: "task_with_retries",
    // Retry up to 3 times, waiting 1 s, 2 s, 3 s (linear backoff).
    retryCount: 3,
    retryLogic: "LINEAR_BACKOFF",
    retryDelaySeconds: 1,
    backoffScaleFactor: 1,
    // Only 3 of these tasks may be IN_PROGRESS at once.
    concurrentExecLimit: 3,
    // Time out if no worker polls it within 60 s of being scheduled.
    pollTimeoutSeconds: 60,
    // Time out if it does not complete within 2 minutes.
    timeoutSeconds: 120,
    // For long-running tasks: time out if the worker sends no update for 60 s.
    responseTimeoutSeconds: 60,
    timeoutPolicy: "TIME_OUT_WF",
    // At most 100 executions per 10-second window (complements the concurrency limit).
    rateLimitPerFrequency: 100,
    rateLimitFrequencyInSeconds: 10,
    ownerEmail: "examples@example.com",
  };

  await metadata.registerTaskDef(taskDef);
  console.log(`registered task definition ${taskDef.name}`);

  const stored = await metadata.getTaskDef(taskDef.name);
  console.log(`retries: ${stored.retryCount} (${stored.retryLogic}, ${stored.retryDelaySeconds} s delay)`);
  console.log(`concurrency limit: ${stored.concurrentExecLimit}`);
  console.log(`rate limit: ${stored.rateLimitPerFrequency} per ${stored.rateLimitFrequencyInSeconds} s`);
  console.log(
    `timeouts: poll ${stored.pollTimeoutSeconds} s, response ${stored.responseTimeoutSeconds} s, total ${stored.timeoutSeconds} s (${stored.timeoutPolicy})`,
  );
  return stored;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
