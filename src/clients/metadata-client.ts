import { MetadataResource } from "../../generated/resources/metadata.js";
import { ConductorError } from "../errors/conductor-error.js";
import type { CallOptions } from "../transport/operation.js";
import { type ClientSource, requireObject, toTransport } from "./base.js";
import type { TaskDef, WorkflowDef } from "../../generated/models.js";

/**
 * Registering, reading and removing workflow and task definitions. Every operation of the metadata group is
 * inherited from the generated MetadataResource (getWorkflowDef, getAllWorkflowDefs, registerWorkflowDef,
 * unregisterWorkflowDef, getTaskDef, getAllTaskDefs, updateTaskDef, unregisterTaskDef, ...); this class adds the
 * one-definition forms of the list operations.
 *
 * @example
 * const metadata = new MetadataClient(new Configuration({ serverUrl: "http://localhost:8080/api" }));
 * await metadata.registerTaskDef({ name: "send_email", retryCount: 3, timeoutSeconds: 60 });
 */
export class MetadataClient extends MetadataResource {
  /** Uses the given Configuration (own transport) or a shared transport; without one, the environment's. */
  constructor(source?: ClientSource) {
    super(toTransport(source));
  }

  /**
   * Creates or replaces one workflow definition. The server's update takes a list and reports a definition it
   * could not store in the answer's `bulkErrorResults` (still HTTP 200); this sends a list of one and rejects
   * with that failure.
   *
   * @throws {InvalidArgumentError} before sending when `def` is not an object.
   * @throws {ConductorError} when the server reports the definition as failed (its reason in `serverMessage`),
   *   or the call's own error.
   * @example
   * await metadata.updateWorkflowDef({ ...def, timeoutSeconds: 600 });
   */
  async updateWorkflowDef(def: WorkflowDef, options?: CallOptions): Promise<void> {
    // Checked here: wrapped in a list, a missing def would reach the server as [null].
    const answer = await this.updateWorkflowDefs([requireObject("def", def)], options);
    const failure = answer?.bulkErrorResults?.[def.name];
    if (failure !== undefined) {
      throw new ConductorError(`metadata.updateWorkflowDefs: workflow definition ${def.name} failed: ${failure}`, {
        operation: "metadata.updateWorkflowDefs",
        method: "PUT",
        path: "/api/metadata/workflow",
        serverMessage: failure,
        body: answer,
      });
    }
  }

  /**
   * Registers one task definition (retries, timeouts, rate and concurrency limits, ...); the server's operation
   * takes a list, this sends a list of one.
   *
   * @throws {InvalidArgumentError} before sending when `def` is not an object.
   * @example
   * await metadata.registerTaskDef({ name: "send_email", retryCount: 3, timeoutSeconds: 60 });
   */
  async registerTaskDef(def: TaskDef, options?: CallOptions): Promise<void> {
    return this.registerTaskDefs([requireObject("def", def)], options);
  }
}
