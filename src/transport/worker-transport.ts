// The transport of the worker runtime (`./worker` entry, Node-only). On Node, when no custom
// `fetch` was configured, its calls go over node:http (node-http-wire.ts): the poll/update loop
// is where a worker spends its CPU, and fetch costs about 4x more per call there. With a custom
// fetch (proxies, instrumentation, test doubles) or on Bun and Deno, everything stays on fetch.
import { usesGlobalFetch, type Configuration } from "../config/configuration.js";
import { createNodeHttpWire, isNodeRuntime } from "./node-http-wire.js";
import { Transport } from "./transport.js";
import { useWire } from "./wire.js";

export function workerTransport(configuration: Configuration): Transport {
  const transport = new Transport(configuration);
  if (usesGlobalFetch(configuration) && isNodeRuntime()) useWire(transport, createNodeHttpWire());
  return transport;
}
