import { SchedulerResource } from "../../generated/resources/scheduler.js";
import type {
  WorkflowSchedule,
  WorkflowScheduleExecution,
  WorkflowScheduleExecutionState,
} from "../../generated/models.js";
import { InvalidArgumentError } from "../errors/conductor-error.js";
import type { CallOptions } from "../transport/operation.js";
import { type ClientSource, requireText, toTransport } from "./base.js";
import type { SearchParams, SearchResult } from "./search.js";

/** Filters of `searchSchedules` (all optional, combined with AND). */
export interface ScheduleSearchParams extends Omit<SearchParams, "query"> {
  workflowName?: string;
  scheduleName?: string;
  paused?: boolean;
}

/**
 * Filters of `searchExecutions`. The structured fields are written into the server's query syntax
 * (`scheduleName IN (a,b) AND state IN (FAILED) AND scheduledTime>...`) and ANDed with `query`, if given.
 */
export interface ScheduleExecutionSearchParams extends SearchParams {
  /** Executions of these schedules. */
  scheduleNames?: string[];
  /** Executions in these states. */
  states?: WorkflowScheduleExecutionState[];
  /** Executions that start this workflow. */
  workflowName?: string;
  /** One execution by its id. */
  executionId?: string;
  /** Scheduled after this time (epoch ms, exclusive). */
  scheduledAfter?: number;
  /** Scheduled before this time (epoch ms, exclusive). */
  scheduledBefore?: number;
}

/** Options of `getNextFewSchedules`. */
export interface NextFewSchedulesOptions {
  /** Count from this time (epoch ms). Default: now. */
  scheduleStartTime?: number;
  /** Stop at this time (epoch ms). */
  scheduleEndTime?: number;
  /** How many run times. Server default 3. */
  limit?: number;
}

// The query syntax has no quoting: a value with a space, comma or parenthesis would end its clause.
function queryValue(argument: string, value: unknown): string {
  const text = requireText(argument, value);
  if (/[\s,()]/.test(text)) {
    throw new InvalidArgumentError(
      `${argument} cannot be searched for: the schedule query syntax has no quoting for spaces, commas or parentheses (got ${JSON.stringify(text)})`,
      { argument },
    );
  }
  return text;
}

function epochMs(argument: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${argument} must be a time in epoch milliseconds (got ${String(value)})`, {
      argument,
    });
  }
  return value;
}

function inList(argument: string, values: readonly unknown[] | undefined): string | undefined {
  if (values === undefined) return undefined;
  if (!Array.isArray(values) || values.length === 0) {
    throw new InvalidArgumentError(`${argument} must be a non-empty array`, { argument });
  }
  return `(${values.map((v, i) => queryValue(`${argument}[${i}]`, v)).join(",")})`;
}

function executionQuery(params: ScheduleExecutionSearchParams): string | undefined {
  const clauses: string[] = [];
  const names = inList("params.scheduleNames", params.scheduleNames);
  if (names !== undefined) clauses.push(`scheduleName IN ${names}`);
  const states = inList("params.states", params.states);
  if (states !== undefined) clauses.push(`state IN ${states}`);
  if (params.scheduledAfter !== undefined)
    clauses.push(`scheduledTime>${epochMs("params.scheduledAfter", params.scheduledAfter)}`);
  if (params.scheduledBefore !== undefined)
    clauses.push(`scheduledTime<${epochMs("params.scheduledBefore", params.scheduledBefore)}`);
  if (params.workflowName !== undefined)
    clauses.push(`workflowName=${queryValue("params.workflowName", params.workflowName)}`);
  if (params.executionId !== undefined)
    clauses.push(`executionId=${queryValue("params.executionId", params.executionId)}`);
  if (params.query !== undefined && params.query.trim() !== "") clauses.push(params.query.trim());
  return clauses.length === 0 ? undefined : clauses.join(" AND ");
}

/**
 * Cron schedules that start workflows (server 3.30+ with the scheduler enabled). The generated operations
 * (`saveSchedule`, `getSchedule`, `getAllSchedules`, `deleteSchedule`, `pauseSchedule`, `resumeSchedule`,
 * `pauseSchedules`, `resumeSchedules`, the admin `pauseAllSchedules`, `resumeAllSchedules`,
 * `requeueAllExecutionRecords`) are inherited; the searches answer complete pages.
 *
 * @example
 * const scheduler = new ConductorClients(configuration).getSchedulerClient();
 * await scheduler.pauseSchedule("nightly_report", { reason: "maintenance" });
 */
export class SchedulerClient extends SchedulerResource {
  constructor(source?: ClientSource) {
    super(toTransport(source));
  }

  /**
   * The next run times (epoch ms) of a cron expression (Quartz syntax with seconds, e.g. `0 0 12 * * ?`).
   * An empty expression is refused here (InvalidArgumentError naming `cronExpression`).
   *
   * @example
   * const [first, second] = await scheduler.getNextFewSchedules("0 0 12 * * ?", { limit: 2 });
   */
  async getNextFewSchedules(
    cronExpression: string,
    { scheduleStartTime, scheduleEndTime, limit }: NextFewSchedulesOptions = {},
    options?: CallOptions,
  ): Promise<number[]> {
    requireText("cronExpression", cronExpression);
    return this.computeNextFewSchedules({ cronExpression, scheduleStartTime, scheduleEndTime, limit }, options);
  }

  /**
   * One page of schedules matching every given filter. The spec leaves `results` and `totalHits` optional;
   * here they are always there (`[]` and `0` when the server sends none).
   *
   * @example
   * const { results } = await scheduler.searchSchedules({ workflowName: "report", paused: true });
   */
  override async searchSchedules(
    params: ScheduleSearchParams = {},
    options?: CallOptions,
  ): Promise<SearchResult<WorkflowSchedule>> {
    const page = await super.searchSchedules(params, options);
    return { totalHits: page.totalHits ?? 0, results: page.results ?? [] };
  }

  /**
   * One page of past and pending executions started by schedules, with `results` and `totalHits` always
   * present.
   *
   * The structured filters (`scheduleNames`, `states`, `scheduledAfter`, `scheduledBefore`, `workflowName`,
   * `executionId`) are written in the server's query syntax; values that syntax cannot hold (spaces, commas,
   * parentheses) are refused with InvalidArgumentError. A hand-written `query` is ANDed to them: clauses
   * joined by ` AND `, namely `scheduleName IN (a,b)`, `state IN (POLLED,EXECUTED,FAILED)`,
   * `scheduledTime>EPOCH_MS`, `scheduledTime<EPOCH_MS`, `workflowName=NAME`, `executionId=ID`; values are not
   * quoted. The server (SchedulerSearchQuery, Conductor v3.32.1) takes any other clause as a literal
   * schedule name, so `scheduleName = 'x'` silently matches nothing instead of failing.
   *
   * @example
   * const failed = await scheduler.searchExecutions({ scheduleNames: ["nightly"], states: ["FAILED"] });
   * const page = await scheduler.searchExecutions({ query: "scheduleName IN (nightly) AND state IN (FAILED)" });
   */
  override async searchExecutions(
    params: ScheduleExecutionSearchParams = {},
    options?: CallOptions,
  ): Promise<SearchResult<WorkflowScheduleExecution>> {
    const { freeText, start, size, sort } = params;
    const query = executionQuery(params);
    const page = await super.searchExecutions({ query, freeText, start, size, sort }, options);
    return { totalHits: page.totalHits ?? 0, results: page.results ?? [] };
  }
}
