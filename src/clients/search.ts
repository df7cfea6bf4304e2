// The shapes of the search endpoints (workflows, tasks, schedules): the spec types each result page
// per entity, the clients share one generic page and one parameter set.

/** One page of search results. */
export interface SearchResult<T> {
  totalHits: number;
  results: T[];
}

/** Parameters of the search endpoints. */
export interface SearchParams {
  /** Offset of the first result. Default 0. */
  start?: number;
  /** Page size. Default 100 (server default). */
  size?: number;
  /** Free text matched against inputs and outputs. Default `*`. */
  freeText?: string;
  /** Structured query, e.g. `workflowType = 'order' AND status IN (RUNNING,FAILED)`. */
  query?: string;
  /** Sort, e.g. `startTime:DESC`. */
  sort?: string;
}
