import { MetadataResource } from "../../generated/resources/metadata.js";
import type { CallOptions } from "../transport/operation.js";
import { type ClientSource, requireObject, requireText, toTransport } from "./base.js";
import type { BulkResponse, TaskDef, WorkflowDef, WorkflowDefSummary } from "../../generated/models.js";

/** Registering, reading and removing workflow and task definitions. */
export class MetadataClient {
  readonly #metadata: MetadataResource;

  constructor(source?: ClientSource) {
    this.#metadata = new MetadataResource(toTransport(source));
  }

  /** Registers a workflow definition; without `overwrite` an existing name+version is a 409 ConductorError. */
  async registerWorkflowDef(
    def: WorkflowDef,
    { overwrite }: { overwrite?: boolean } = {},
    options?: CallOptions,
  ): Promise<void> {
    requireObject("def", def);
    requireText("def.name", def.name);
    return this.#metadata.registerWorkflowDef({ body: def, query: { overwrite } }, options);
  }

  /** Creates or replaces one workflow definition. */
  async updateWorkflowDef(def: WorkflowDef, options?: CallOptions): Promise<void> {
    requireObject("def", def);
    requireText("def.name", def.name);
    await this.updateWorkflowDefs([def], options);
  }

  /** Creates or replaces several workflow definitions. */
  updateWorkflowDefs(defs: WorkflowDef[], options?: CallOptions): Promise<BulkResponse> {
    return this.#metadata.updateWorkflowDefs({ body: defs }, options);
  }

  /** A workflow definition; the latest version unless `version` is given. */
  getWorkflowDef(name: string, { version }: { version?: number } = {}, options?: CallOptions): Promise<WorkflowDef> {
    return this.#metadata.getWorkflowDef({ path: { name }, query: { version } }, options);
  }

  /** Every version of every workflow definition. */
  getAllWorkflowDefs(options?: CallOptions): Promise<WorkflowDef[]> {
    return this.#metadata.getWorkflowDefs({}, options);
  }

  /** The latest version of every workflow definition. */
  getLatestWorkflowDefs(options?: CallOptions): Promise<WorkflowDef[]> {
    return this.#metadata.getLatestWorkflowDefs(options);
  }

  getWorkflowNames(options?: CallOptions): Promise<string[]> {
    return this.#metadata.getWorkflowNames(options);
  }

  /** Workflow names mapped to their versions. */
  getWorkflowNamesAndVersions(options?: CallOptions): Promise<Record<string, unknown>> {
    return this.#metadata.getWorkflowNamesAndVersions(options);
  }

  getWorkflowDefVersions(name: string, options?: CallOptions): Promise<WorkflowDefSummary[]> {
    return this.#metadata.getWorkflowDefVersions({ path: { name } }, options);
  }

  unregisterWorkflowDef(name: string, version: number, options?: CallOptions): Promise<void> {
    return this.#metadata.unregisterWorkflowDef({ path: { name, version } }, options);
  }

  /** Asks the server to validate a definition without registering it; invalid ones reject with a 400. */
  async validateWorkflowDef(def: WorkflowDef, options?: CallOptions): Promise<void> {
    requireObject("def", def);
    return this.#metadata.validateWorkflowDef({ body: def }, options);
  }

  /** Registers one task definition (retries, timeouts, rate and concurrency limits, ...). */
  async registerTaskDef(def: TaskDef, options?: CallOptions): Promise<void> {
    requireObject("def", def);
    requireText("def.name", def.name);
    return this.#metadata.registerTaskDefs({ body: [def] }, options);
  }

  async registerTaskDefs(defs: TaskDef[], options?: CallOptions): Promise<void> {
    if (!Array.isArray(defs)) requireObject("defs", defs);
    defs.forEach((d, i) => requireText(`defs[${i}].name`, d?.name));
    return this.#metadata.registerTaskDefs({ body: defs }, options);
  }

  /** Replaces an existing task definition. */
  async updateTaskDef(def: TaskDef, options?: CallOptions): Promise<void> {
    requireObject("def", def);
    requireText("def.name", def.name);
    return this.#metadata.updateTaskDef({ body: def }, options);
  }

  getTaskDef(name: string, options?: CallOptions): Promise<TaskDef> {
    return this.#metadata.getTaskDef({ path: { tasktype: name } }, options);
  }

  getAllTaskDefs(options?: CallOptions): Promise<TaskDef[]> {
    return this.#metadata.getTaskDefs(options);
  }

  unregisterTaskDef(name: string, options?: CallOptions): Promise<void> {
    return this.#metadata.unregisterTaskDef({ path: { tasktype: name } }, options);
  }
}
