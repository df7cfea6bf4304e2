// The errors users catch, exported from every entry point so `instanceof ConductorError` works wherever they
// import from. How the transport turns a response into an error (errorFromResponse, isRetryableStatus) stays
// internal.
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
