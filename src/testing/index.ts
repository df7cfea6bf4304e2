// Node-only testing kit: runs a real Conductor server for tests (`@conductor-ts/sdk/testing`).
export {
  LocalConductor,
  DEFAULT_SERVER_VERSION,
  DEFAULT_JVM_ARGS,
  DEFAULT_START_TIMEOUT_MS,
  readLogTail,
  type LocalConductorOptions,
} from "./local-conductor.js";
export {
  LocalConductorError,
  JavaNotFoundError,
  MavenNotFoundError,
  ServerJarNotFoundError,
  ServerStartError,
  type RejectedJava,
} from "./errors.js";
export {
  findJava,
  MINIMUM_JAVA_VERSION,
  parseJavaVersionOutput,
  parseJavaVersionString,
  parseReleaseFile,
  type FindJavaOptions,
  type JavaInstallation,
} from "./java.js";
export {
  resolveServerJar,
  mavenLocalRepository,
  serverArtifact,
  type ResolveServerJarOptions,
  type ResolvedServerJar,
} from "./server-jar.js";
export { findFreePort } from "./free-port.js";
