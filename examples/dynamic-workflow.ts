// Dynamic workflow, as in the Python SDK's dynamic_workflow example: the workflow is built in code
// and executed without being registered (its definition travels with the request), and two workers
// (plain functions) do the work.
//
//   CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/dynamic-workflow.ts
import { pathToFileURL } from "node:url";
import { ConductorWorkflow, Configuration, WorkflowExecutor } from "@conductor-ts/sdk";
import { TaskHandler, workerTask } from "@conductor-ts/sdk/worker";

export const getUserEmail = workerTask("get_user_email", ({ userid }: { userid: string }) => `${userid}@example.com`);

export const sendEmail = workerTask(
  "send_email",
  ({ email, subject, body }: { email: string; subject: string; body: string }) => {
    console.log(`sending email to ${email} with subject ${subject} and body ${body}`);
    return { sent: true };
  },
);

export async function main(apiUrl?: string): Promise<Record<string, unknown> | undefined> {
  const configuration = new Configuration(apiUrl ? { serverUrl: apiUrl } : {});
  const executor = new WorkflowExecutor(configuration);
  const handler = new TaskHandler({ workers: [getUserEmail, sendEmail], configuration });
  await handler.start();
  try {
    const workflow = new ConductorWorkflow(executor, "dynamic_workflow", 1);
    const getEmail = getUserEmail.task("get_user_email_ref", { userid: workflow.input("userid") });
    const sendMail = sendEmail.task("send_email_ref", {
      email: getEmail.output("result"),
      subject: "Hello from Orkes",
      body: "Test Email",
    });
    // Order of execution.
    workflow.add(getEmail, sendMail);
    // The workflow's output.
    workflow.outputParameters({ email: getEmail.output("result") });

    const result = await workflow.execute({ userid: "user_a" }, { waitForSeconds: 30 });
    console.log(`workflow status: ${result.status}`);
    console.log(`workflow output: ${JSON.stringify(result.output)}`);
    return result.output;
  } finally {
    await handler.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
