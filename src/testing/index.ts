// Node-only testing kit (`@conductor-ts/sdk/testing`): runs a real Conductor OSS server for tests.
//
//   const server = await LocalConductor.start();        // Java 21+ and the server jar are found or fetched
//   const config = new Configuration({ serverUrl: server.apiUrl });
//   ...
//   await server.stop();                                // or server.kill() to simulate a crash
//
//   const cluster = await LocalConductorCluster.start({ nodes: 2 }); // PostgreSQL + 2 nodes + HAProxy
//   new Configuration({ serverUrl: cluster.apiUrl }); await cluster.kill(1); await cluster.stop();
//
// Needs a JDK 21+ (JAVA_HOME, a system JVM directory or PATH) and either the jar in the local Maven
// repository, CONDUCTOR_SERVER_JAR, or Maven to download it.
export {
  LocalConductor,
  DEFAULT_SERVER_VERSION,
  DEFAULT_JVM_ARGS,
  DEFAULT_START_TIMEOUT_MS,
  type LocalConductorOptions,
} from "./local-conductor.js";
export { readLogTail } from "./log-tail.js";
export {
  LocalConductorCluster,
  CLUSTER_START_TIMEOUT_MS,
  clusterServerProperties,
  type LocalConductorClusterOptions,
} from "./local-conductor-cluster.js";
export {
  LocalPostgres,
  findPostgres,
  type PostgresInstallation,
  type FindPostgresOptions,
  type LocalPostgresOptions,
} from "./postgres.js";
export { LoadBalancer, findHaproxy, haproxyConfig, NODE_HEADER, type BalancedNode } from "./load-balancer.js";
export {
  LocalConductorError,
  JavaNotFoundError,
  MavenNotFoundError,
  ServerJarNotFoundError,
  ServerStartError,
  PostgresNotFoundError,
  PostgresStartError,
  LoadBalancerNotFoundError,
  LoadBalancerStartError,
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

// Errors are exported from every entry point, so `instanceof ConductorError` works wherever users import from.
export * from "../errors/index.js";
