export {
  ConductorError,
  ConductorNetworkError,
  ConductorTimeoutError,
  ConductorAbortedError,
  ConductorAuthError,
  ConfigurationError,
  InvalidArgumentError,
  UnsupportedOperationError,
  ServerVersionError,
  ValidationError,
  NotFoundError,
  ConflictError,
  isConductorError,
} from "./conductor-error.js";
export type { ConductorErrorCode, ConductorErrorInit, FieldValidationError } from "./conductor-error.js";
export { errorFromResponse, isRetryableStatus } from "./http-error.js";
export type { HttpErrorInput } from "./http-error.js";
