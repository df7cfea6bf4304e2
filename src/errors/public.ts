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
  isConductorError,
} from "./conductor-error.js";
export type { ConductorErrorCode, ConductorErrorInit, ValidationError } from "./conductor-error.js";
