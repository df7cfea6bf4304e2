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
//
// AI task types run against a FakeLlmProvider (an OpenAI-compatible server on 127.0.0.1):
//   const llm = await FakeLlmProvider.start();
//   const server = await LocalConductor.start({ ai: { openai: llm } });
export {
  LocalConductor,
  DEFAULT_SERVER_VERSION,
  DEFAULT_JVM_ARGS,
  aiServerProperties,
  type LocalConductorAiOptions,
  type LocalConductorOptions,
} from "./local-conductor.js";
export { LocalConductorCluster, type LocalConductorClusterOptions } from "./local-conductor-cluster.js";
// The header HAProxy adds to every answer, naming the node that served it.
export { NODE_HEADER } from "./load-balancer.js";
export {
  FakeLlmProvider,
  DEFAULT_FAKE_LLM_API_KEY,
  type FakeLlmChatHandler,
  type FakeLlmProviderOptions,
} from "./fake-llm-provider.js";
export { FakeLlmProviderClient } from "./fake-llm-client.js";
export { fakeEmbedding, DEFAULT_EMBEDDING_DIMENSIONS } from "./fake-llm-embeddings.js";
export { fakeImagePng, fakeSpeech, FAKE_SPEECH_FORMATS, type FakeSpeechFormat } from "./fake-llm-media.js";
export type {
  FakeLlmChatMatch,
  FakeLlmChatReply,
  FakeLlmChatRequest,
  FakeLlmChatRule,
  FakeLlmControl,
  FakeLlmEmbeddingRequest,
  FakeLlmImageRequest,
  FakeLlmInputItem,
  FakeLlmRecordedRequest,
  FakeLlmRequestFilter,
  FakeLlmScript,
  FakeLlmSpeechRequest,
  FakeLlmTool,
  FakeLlmToolCall,
  FakeLlmUsage,
} from "./fake-llm-types.js";
export {
  FakeLlmError,
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
export type { JavaInstallation } from "./java.js";
// How Java and the jar are found (findJava, resolveServerJar, the version parsers) stays internal: tests and
// scripts import those from their modules.

// Errors are exported from every entry point, so `instanceof ConductorError` works wherever users import from.
export * from "../errors/public.js";
