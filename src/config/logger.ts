/** Any pino/winston/console-style logger fits: the SDK calls `logger.warn(message, details?)`. */
export interface Logger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

/** A logger that drops everything (for tests and quiet applications). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

const LOGGER_METHODS = ["debug", "info", "warn", "error"] as const;

/** What is wrong with a would-be logger (e.g. `has no warn method`), or undefined when it fits. */
export function loggerProblem(logger: unknown): string | undefined {
  if (typeof logger !== "object" || logger === null) {
    return `must be an object with ${LOGGER_METHODS.join(", ")} methods, got ${logger === null ? "null" : typeof logger}`;
  }
  const missing = LOGGER_METHODS.filter((m) => typeof (logger as Record<string, unknown>)[m] !== "function");
  if (missing.length === 0) return undefined;
  return `has no ${missing.join(", ")} method${missing.length === 1 ? "" : "s"} (a logger needs ${LOGGER_METHODS.join(", ")})`;
}
