export {
  Configuration,
  normalizeServerUrl,
  DEFAULT_SERVER_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TOKEN_TTL_MS,
} from "./configuration.js";
export type { ConfigurationOptions, RetryOptions, RetryPolicy } from "./configuration.js";
export { silentLogger } from "./logger.js";
export type { Logger } from "./logger.js";
