// The error classes users branch on, from the real server's answers: 404 NotFoundError, 409 ConflictError,
// 400 ValidationError with the server's field errors; each one a ConductorError naming the operation.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  ConductorClients,
  ConductorError,
  Configuration,
  ConflictError,
  NotFoundError,
  ValidationError,
} from "../../src/index.js";

let conductor: ConductorClients;
const id = randomUUID().slice(0, 8);

beforeAll(() => {
  conductor = new ConductorClients(new Configuration({ serverUrl: inject("conductorApiUrl") }));
});

async function failure(call: () => Promise<unknown>): Promise<ConductorError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConductorError);
  return error as ConductorError;
}

describe("HTTP error statuses from the real server", () => {
  it("an unknown workflow id is a NotFoundError (404)", async () => {
    const error = await failure(() => conductor.workflow.getWorkflow(randomUUID()));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
    expect(error.operation).toBe("workflow.getWorkflow");
  });

  it("an unknown task definition is a NotFoundError (404)", async () => {
    const error = await failure(() => conductor.metadata.getTaskDef(`missing_${id}`));
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it("registering an existing workflow version without overwrite is a ConflictError (409)", async () => {
    const def = {
      name: `conflict_${id}`,
      version: 1,
      ownerEmail: "sdk@example.com",
      schemaVersion: 2,
      timeoutSeconds: 0,
      tasks: [{ name: "noop", taskReferenceName: "noop_ref", type: "NOOP" }],
    };
    await conductor.metadata.updateWorkflowDefs([def]);
    const error = await failure(() => conductor.metadata.registerWorkflowDef(def));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.status).toBe(409);
    expect(error).not.toBeInstanceOf(NotFoundError);
  });

  it("a definition the server rejects is a ValidationError (400) carrying its field errors", async () => {
    const error = await failure(() =>
      conductor.metadata.registerWorkflowDef({ name: `invalid_${id}`, version: 1, tasks: [] } as never),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    const fields = (error as ValidationError).fieldErrors;
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.every((f) => typeof f.path === "string" && typeof f.message === "string")).toBe(true);
    expect(error.message).toContain(fields[0]!.message!);
  });
});
