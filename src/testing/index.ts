// Node-only testing kit (`@conductor-ts/sdk/testing`): runs a real Conductor OSS server for tests.
//
//   const server = await LocalConductor.start();        // Java 21+ and the server jar are found or fetched
//   const config = new Configuration({ serverUrl: server.apiUrl });
//   ...
//   await server.stop();                                // or server.kill() to simulate a crash
//
// Needs a JDK 21+ (JAVA_HOME, a system JVM directory or PATH) and either the jar in the local Maven
// repository, CONDUCTOR_SERVER_JAR, or Maven to download it.
export {
  LocalConductor,
  DEFAULT_SERVER_VERSION,
  DEFAULT_JVM_ARGS,
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
export type { JavaInstallation } from "./java.js";
// How Java and the jar are found (findJava, resolveServerJar, the version parsers) stays internal: tests and
// scripts import those from their modules.

// Errors are exported from every entry point, so `instanceof ConductorError` works wherever users import from.
export * from "../errors/public.js";
