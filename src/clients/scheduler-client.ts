import { SchedulerResource } from "../../generated/resources/scheduler.js";
import type { CallOptions } from "../transport/operation.js";
import { type ClientSource, requireList, requireObject, requireText, toTransport } from "./base.js";
import type { WorkflowSchedule, WorkflowScheduleExecution } from "../../generated/models.js";
import type { SearchParams, SearchResult } from "./search.js";

export interface ScheduleSearchParams extends Omit<SearchParams, "query"> {
  workflowName?: string;
  scheduleName?: string;
  paused?: boolean;
}

/** Cron schedules that start workflows (server 3.30+ with the scheduler enabled). */
export class SchedulerClient {
  readonly #scheduler: SchedulerResource;

  constructor(source?: ClientSource) {
    this.#scheduler = new SchedulerResource(toTransport(source));
  }

  /** Creates or replaces a schedule; answers with it as stored. */
  async saveSchedule(schedule: WorkflowSchedule, options?: CallOptions): Promise<WorkflowSchedule> {
    requireObject("schedule", schedule);
    requireText("schedule.name", schedule.name);
    return this.#scheduler.saveSchedule({ body: schedule }, options);
  }

  getSchedule(name: string, options?: CallOptions): Promise<WorkflowSchedule> {
    return this.#scheduler.getSchedule({ path: { name } }, options);
  }

  /** Every schedule, or those of one workflow. */
  getAllSchedules(
    { workflowName }: { workflowName?: string } = {},
    options?: CallOptions,
  ): Promise<WorkflowSchedule[]> {
    return this.#scheduler.getAllSchedules({ query: { workflowName } }, options);
  }

  deleteSchedule(name: string, options?: CallOptions): Promise<void> {
    return this.#scheduler.deleteSchedule({ path: { name } }, options);
  }

  pauseSchedule(name: string, { reason }: { reason?: string } = {}, options?: CallOptions): Promise<void> {
    return this.#scheduler.pauseSchedule({ path: { name }, query: { reason } }, options);
  }

  resumeSchedule(name: string, options?: CallOptions): Promise<void> {
    return this.#scheduler.resumeSchedule({ path: { name } }, options);
  }

  async pauseSchedules(names: string[], options?: CallOptions): Promise<unknown> {
    return this.#scheduler.pauseSchedules({ body: requireList("names", names) }, options);
  }

  async resumeSchedules(names: string[], options?: CallOptions): Promise<unknown> {
    return this.#scheduler.resumeSchedules({ body: requireList("names", names) }, options);
  }

  /** Pauses every schedule on the server (admin). */
  pauseAllSchedules(options?: CallOptions): Promise<Record<string, unknown>> {
    return this.#scheduler.pauseAllSchedules(options);
  }

  /** Resumes every schedule on the server (admin). */
  resumeAllSchedules(options?: CallOptions): Promise<Record<string, unknown>> {
    return this.#scheduler.resumeAllSchedules(options);
  }

  /** Re-queues pending execution records (admin). */
  requeueAllExecutionRecords(options?: CallOptions): Promise<Record<string, unknown>> {
    return this.#scheduler.requeueAllExecutionRecords(options);
  }

  /** The next run times (epoch ms) of a cron expression. */
  async getNextFewSchedules(
    cronExpression: string,
    {
      scheduleStartTime,
      scheduleEndTime,
      limit,
    }: { scheduleStartTime?: number; scheduleEndTime?: number; limit?: number } = {},
    options?: CallOptions,
  ): Promise<number[]> {
    requireText("cronExpression", cronExpression);
    return this.#scheduler.getNextFewSchedules(
      { query: { cronExpression, scheduleStartTime, scheduleEndTime, limit } },
      options,
    );
  }

  async searchSchedules(
    params: ScheduleSearchParams = {},
    options?: CallOptions,
  ): Promise<SearchResult<WorkflowSchedule>> {
    const { workflowName, scheduleName, paused, freeText, start, size, sort } = params;
    const page = await this.#scheduler.searchSchedules(
      { query: { workflowName, scheduleName, paused, freeText, start, size, sort } },
      options,
    );
    return { totalHits: page.totalHits ?? 0, results: page.results ?? [] };
  }

  /**
   * Past and pending executions started by schedules.
   *
   * `query` is clauses joined by ` AND `: `scheduleName IN (a,b)`, `state IN (POLLED,EXECUTED,FAILED)`,
   * `scheduledTime>EPOCH_MS`, `scheduledTime<EPOCH_MS`, `workflowName=NAME`, `executionId=ID`; values
   * are not quoted. The server (SchedulerSearchQuery, Conductor v3.32.1) takes any other clause as a
   * literal schedule name, so `scheduleName = 'x'` silently matches nothing instead of failing.
   *
   * @example
   * const page = await schedules.searchExecutions({ query: "scheduleName IN (nightly) AND state IN (FAILED)" });
   */
  async searchExecutions(
    params: SearchParams = {},
    options?: CallOptions,
  ): Promise<SearchResult<WorkflowScheduleExecution>> {
    const { query, freeText, start, size, sort } = params;
    const page = await this.#scheduler.searchExecutions({ query: { query, freeText, start, size, sort } }, options);
    return { totalHits: page.totalHits ?? 0, results: page.results ?? [] };
  }
}
