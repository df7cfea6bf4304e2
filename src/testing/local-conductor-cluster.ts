// A real Conductor cluster on one machine for tests and benchmarks: N server nodes (the same boot
// jar LocalConductor runs) sharing one PostgreSQL 15+ for persistence, queues, indexing and the
// workflow execution lock, behind HAProxy.
//
// Why a load balancer rather than client-side failover across node URLs: it is how clusters are
// run (one address for every client, nodes added and removed behind it), it needs nothing from
// the SDK, and it shows what the SDK sees in production when a node dies: in-flight requests to
// that node fail (502 or a reset), new ones go to the survivors once the health check has marked
// it down (within about a second). HAProxy rather than nginx: open-source nginx has no active
// health checks, so it would keep sending every n-th request to a dead node until it failed.
//
// Why it is safe to run several nodes: the PostgreSQL queue pops with SELECT ... FOR UPDATE SKIP
// LOCKED, so two nodes never hand out the same queued task, and with
// conductor.workflow-execution-lock.type=postgres only one node at a time decides a workflow.
// Property names are those of the server's postgres-persistence module (PostgresConfiguration,
// PostgresProperties; checked against the 3.32.3 boot jar).
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalConductorError } from "./errors.js";
import { findFreePort } from "./free-port.js";
import { findJava } from "./java.js";
import { LoadBalancer, findHaproxy } from "./load-balancer.js";
import { DEFAULT_JVM_ARGS, DEFAULT_SERVER_VERSION, LocalConductor } from "./local-conductor.js";
import { findPostgres, LocalPostgres } from "./postgres.js";
import { resolveServerJar } from "./server-jar.js";

/** Default time each node may take to start; nodes start together and share the cores. */
export const CLUSTER_START_TIMEOUT_MS = 600_000;

export interface LocalConductorClusterOptions {
  /**
   * Server nodes behind the balancer.
   * @default 2
   */
  nodes?: number;
  /**
   * Server version every node runs.
   * @default DEFAULT_SERVER_VERSION
   */
  version?: string;
  /**
   * Directory for PostgreSQL's data, the balancer's configuration and each node's files.
   * @default a new temp dir, removed by stop() (kept when start() fails, so the logs can be read)
   */
  dataDir?: string;
  /**
   * Port of the balancer on 127.0.0.1, the cluster's one address.
   * @default a free port
   */
  port?: number;
  /**
   * JVM flags of every node.
   * @default DEFAULT_JVM_ARGS
   */
  jvmArgs?: readonly string[];
  /**
   * Extra Spring properties for every node (they override the cluster's).
   * @default {}
   */
  serverProperties?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Java executable or JDK home.
   * @default found as LocalConductor finds it (JAVA_HOME, system JVMs, PATH)
   */
  java?: string;
  /**
   * Server jar.
   * @default resolved as LocalConductor resolves it (CONDUCTOR_SERVER_JAR, Maven repository, mvn)
   */
  serverJar?: string;
  /**
   * Directory holding PostgreSQL's initdb, postgres and pg_isready.
   * @default CONDUCTOR_TEST_PG_BIN, then PATH, then /usr/lib/postgresql/<newest>/bin
   */
  postgresBin?: string;
  /**
   * The haproxy executable.
   * @default CONDUCTOR_TEST_HAPROXY, then PATH, then /usr/sbin/haproxy
   */
  haproxy?: string;
  /**
   * How long each node may take to become healthy. Nodes start at the same time and share the
   * machine's cores, so this is longer than LocalConductor's default.
   * @default CLUSTER_START_TIMEOUT_MS (600 s; a 2-core machine shared with other work took over 5 minutes)
   */
  startTimeoutMs?: number;
  /**
   * Do not print progress to stderr.
   * @default false
   */
  quiet?: boolean;
  /** Receives each progress message (also when quiet). */
  onProgress?: (message: string) => void;
}

/** Spring properties that put a node on the shared PostgreSQL. */
export function clusterServerProperties(postgres: LocalPostgres): Record<string, string> {
  return {
    "conductor.db.type": "postgres",
    "conductor.queue.type": "postgres",
    "conductor.indexing.enabled": "true",
    "conductor.indexing.type": "postgres",
    // Without it the server would look for Elasticsearch.
    "conductor.elasticsearch.version": "0",
    // One node at a time decides a workflow; the default (local_only) locks within one JVM only.
    "conductor.app.workflowExecutionLockEnabled": "true",
    "conductor.workflow-execution-lock.type": "postgres",
    "spring.datasource.url": postgres.jdbcUrl,
    "spring.datasource.username": postgres.user,
    "spring.datasource.password": "",
  };
}

/**
 * PostgreSQL, several Conductor server nodes on it and HAProxy in front: a cluster for failover tests.
 *
 * @example
 * ```ts
 * const cluster = await LocalConductorCluster.start({ nodes: 2 });
 * const configuration = new Configuration({ serverUrl: cluster.apiUrl }); // through the balancer
 * await cluster.kill(1); // node 1 crashes; the balancer sends everything to node 0
 * await cluster.restart(1);
 * await cluster.stop();
 * ```
 */
export class LocalConductorCluster {
  /** The balancer, e.g. "http://127.0.0.1:38123": what clients use. */
  readonly serverUrl: string;
  /** e.g. "http://127.0.0.1:38123/api" */
  readonly apiUrl: string;
  readonly dataDir: string;
  readonly postgres: LocalPostgres;
  readonly balancer: LoadBalancer;
  readonly #nodes: LocalConductor[];
  readonly #nodeOptions: (i: number) => Parameters<typeof LocalConductor.start>[0];
  readonly #removeDataDir: boolean;
  #stopping: Promise<void> | undefined;

  private constructor(init: {
    dataDir: string;
    postgres: LocalPostgres;
    balancer: LoadBalancer;
    nodes: LocalConductor[];
    nodeOptions: (i: number) => Parameters<typeof LocalConductor.start>[0];
    removeDataDir: boolean;
  }) {
    this.dataDir = init.dataDir;
    this.postgres = init.postgres;
    this.balancer = init.balancer;
    this.serverUrl = init.balancer.url;
    this.apiUrl = `${init.balancer.url}/api`;
    this.#nodes = init.nodes;
    this.#nodeOptions = init.nodeOptions;
    this.#removeDataDir = init.removeDataDir;
  }

  /** The server nodes, in balancer order (node0, node1, ...); each has its own serverUrl too. */
  get nodes(): readonly LocalConductor[] {
    return this.#nodes;
  }

  /**
   * Starts PostgreSQL, the nodes (at the same time) and the balancer; resolves once every node is
   * healthy and the balancer answers. Throws PostgresNotFoundError or LoadBalancerNotFoundError
   * before starting anything when either is missing, and the errors of LocalConductor.start.
   *
   * @example
   * ```ts
   * const cluster = await LocalConductorCluster.start({ nodes: 3, quiet: true });
   * ```
   */
  static async start(options: LocalConductorClusterOptions = {}): Promise<LocalConductorCluster> {
    const count = options.nodes ?? 2;
    if (!Number.isInteger(count) || count < 1 || count > 16) {
      throw new LocalConductorError(`nodes must be an integer from 1 to 16, got ${String(options.nodes)}`);
    }
    const progress = (message: string): void => {
      options.onProgress?.(message);
      if (!options.quiet) process.stderr.write(`[LocalConductorCluster] ${message}\n`);
    };
    // Everything that can be missing is looked for first, so a missing piece fails in a second.
    const installation = await findPostgres(options.postgresBin ? { binDir: options.postgresBin } : {});
    const haproxy = findHaproxy(options.haproxy);
    const java = options.java ?? (await findJava()).java;
    const version = options.version ?? DEFAULT_SERVER_VERSION;
    const serverJar = options.serverJar ?? (await resolveServerJar({ version, onProgress: progress })).path;

    const removeDataDir = options.dataDir === undefined;
    const dataDir = path.resolve(options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "conductor-cluster-")));
    mkdirSync(dataDir, { recursive: true });
    // PostgreSQL may run as another account (it refuses root); it must be able to enter this directory.
    if (removeDataDir) chmodSync(dataDir, 0o755);

    let postgres: LocalPostgres | undefined;
    let balancer: LoadBalancer | undefined;
    const nodes: LocalConductor[] = [];
    try {
      progress(`Starting PostgreSQL ${installation.version} (${installation.binDir}) in ${dataDir}`);
      postgres = await LocalPostgres.start({ dataDir: path.join(dataDir, "postgres"), installation });
      const pg = postgres;
      const ports = await distinctFreePorts(count);
      const nodeOptions = (i: number): Parameters<typeof LocalConductor.start>[0] => ({
        version,
        port: ports[i]!,
        dataDir: path.join(dataDir, `node${i}`),
        java,
        serverJar,
        jvmArgs: options.jvmArgs ?? DEFAULT_JVM_ARGS,
        startTimeoutMs: options.startTimeoutMs ?? CLUSTER_START_TIMEOUT_MS,
        quiet: true,
        onProgress: (m) => progress(`node${i}: ${m}`),
        serverProperties: { ...clusterServerProperties(pg), ...(options.serverProperties ?? {}) },
      });
      progress(`Starting ${count} Conductor ${version} node(s) on PostgreSQL port ${postgres.port}`);
      // Flyway takes a PostgreSQL advisory lock around its migrations, so the nodes may start together.
      const started = await Promise.allSettled(
        Array.from({ length: count }, (_, i) => LocalConductor.start(nodeOptions(i))),
      );
      for (const s of started) if (s.status === "fulfilled") nodes.push(s.value);
      const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
      if (failed) throw failed.reason;
      balancer = await LoadBalancer.start({
        dir: dataDir,
        nodes: nodes.map((n, i) => ({ name: `node${i}`, port: n.port })),
        haproxy,
        ...(options.port !== undefined ? { port: options.port } : {}),
      });
      progress(`Cluster ready at ${balancer.url}: ${nodes.map((n, i) => `node${i} ${n.serverUrl}`).join(", ")}`);
      return new LocalConductorCluster({ dataDir, postgres, balancer, nodes, nodeOptions, removeDataDir });
    } catch (error) {
      await balancer?.stop();
      await Promise.all(nodes.map((n) => n.stop()));
      await postgres?.stop();
      throw error;
    }
  }

  #index(node: number): number {
    if (!Number.isInteger(node) || node < 0 || node >= this.#nodes.length) {
      throw new LocalConductorError(`node must be an index from 0 to ${this.#nodes.length - 1}, got ${String(node)}`);
    }
    return node;
  }

  /**
   * Kills one node at once (SIGKILL), like a crash; the balancer takes it out within about a second.
   *
   * @example
   * ```ts
   * await cluster.kill(0);
   * await workflowClient.getWorkflow(workflowId); // answered by the node left
   * ```
   */
  async kill(node: number): Promise<void> {
    await this.#nodes[this.#index(node)]!.kill();
  }

  /**
   * Starts a killed or stopped node again on its port and the shared database; the balancer takes it back in.
   *
   * @example
   * ```ts
   * await cluster.kill(1);
   * const node = await cluster.restart(1);
   * node.serverUrl; // the same port as before
   * ```
   */
  async restart(node: number): Promise<LocalConductor> {
    const i = this.#index(node);
    const old = this.#nodes[i]!;
    if (old.running) throw new LocalConductorError(`node${i} is still running; kill() or stop it first`);
    const fresh = await LocalConductor.start(this.#nodeOptions(i));
    this.#nodes[i] = fresh;
    return fresh;
  }

  /**
   * Stops the balancer, every node and PostgreSQL; removes an auto-created data dir.
   *
   * @example
   * ```ts
   * afterAll(() => cluster.stop());
   * ```
   */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.balancer.stop();
      await Promise.all(this.#nodes.map((n) => n.stop()));
      await this.postgres.stop();
      if (this.#removeDataDir) rmSync(this.dataDir, { recursive: true, force: true });
    })();
    return this.#stopping;
  }
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await findFreePort());
  return [...ports];
}
