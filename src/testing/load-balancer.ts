// HAProxy in front of the cluster's server nodes: round robin, active health checks on GET /health
// every 500 ms (a node is out after 2 failed checks, back after 2 good ones), and a new connection
// that cannot reach a node is re-dispatched to another. A request already sent to a node that
// dies is not replayed: the client gets the 502 and decides, as it would in production.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { killOnExit } from "./children.js";
import { LoadBalancerNotFoundError, LoadBalancerStartError } from "./errors.js";
import { findFreePort } from "./free-port.js";

/** The response header naming the node that served a request (`node0`, `node1`, ...). */
export const NODE_HEADER = "x-conductor-node";

/** Finds haproxy: the given path, CONDUCTOR_TEST_HAPROXY, PATH, then the sbin directories (not on a user's PATH on Debian). */
export function findHaproxy(explicit?: string, env: Record<string, string | undefined> = process.env): string {
  const candidates = explicit
    ? [explicit]
    : [
        ...(env.CONDUCTOR_TEST_HAPROXY ? [env.CONDUCTOR_TEST_HAPROXY] : []),
        ...(env.PATH ?? "")
          .split(path.delimiter)
          .filter(Boolean)
          .map((d) => path.join(d, "haproxy")),
        "/usr/sbin/haproxy",
        "/usr/local/sbin/haproxy",
        "/opt/homebrew/bin/haproxy",
      ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new LoadBalancerNotFoundError({ checked: [...new Set(candidates)] });
  return found;
}

export interface BalancedNode {
  name: string;
  port: number;
}

export function haproxyConfig(port: number, nodes: readonly BalancedNode[]): string {
  return [
    "global",
    "  maxconn 4096",
    "  nbthread 1",
    "defaults",
    "  mode http",
    "  option http-keep-alive",
    "  timeout connect 1s",
    // Longer than the longest request the SDK makes (long polls wait at most 5 s; calls time out at 60 s).
    "  timeout client 120s",
    "  timeout server 120s",
    "  timeout http-keep-alive 60s",
    "  retries 3",
    "  option redispatch 1",
    "frontend conductor",
    `  bind 127.0.0.1:${port}`,
    "  default_backend nodes",
    "backend nodes",
    "  balance roundrobin",
    "  option httpchk",
    "  http-check send meth GET uri /health",
    "  http-check expect status 200",
    `  http-response set-header ${NODE_HEADER} %s`,
    "  default-server inter 500ms fastinter 250ms downinter 1s fall 2 rise 2",
    ...nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.port} check`),
    "",
  ].join("\n");
}

export class LoadBalancer {
  readonly port: number;
  readonly configFile: string;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  #output = "";

  private constructor(port: number, configFile: string, child: ChildProcess, exited: Promise<void>) {
    this.port = port;
    this.configFile = configFile;
    this.#child = child;
    this.#exited = exited;
    child.stdout?.setEncoding("utf8");
    child.stderr?.setEncoding("utf8");
    const keep = (chunk: string) => (this.#output = (this.#output + chunk).slice(-8000));
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** What HAProxy printed (warnings, server state changes). */
  get output(): string {
    return this.#output;
  }

  static async start(options: {
    dir: string;
    nodes: readonly BalancedNode[];
    port?: number;
    haproxy?: string;
  }): Promise<LoadBalancer> {
    const haproxy = findHaproxy(options.haproxy);
    const port = options.port ?? (await findFreePort());
    const configFile = path.join(options.dir, "haproxy.cfg");
    writeFileSync(configFile, haproxyConfig(port, options.nodes));
    const check = await new Promise<{ ok: boolean; output: string }>((resolve) =>
      execFile(haproxy, ["-c", "-q", "-f", configFile], { encoding: "utf8" }, (error, stdout, stderr) =>
        resolve({ ok: !error, output: `${stdout}${stderr}` }),
      ),
    );
    if (!check.ok)
      throw new LoadBalancerStartError({
        reason: `${haproxy} rejected the configuration ${configFile}`,
        output: check.output,
      });
    // -db: stay in the foreground, so the child is HAProxy itself and killing it stops it.
    const child = spawn(haproxy, ["-db", "-f", configFile], { stdio: ["ignore", "pipe", "pipe"] });
    child.unref();
    killOnExit(child);
    let exitInfo: string | undefined;
    const exited = new Promise<void>((resolve) => {
      child.once("error", (error) => ((exitInfo = `could not run ${haproxy}: ${error.message}`), resolve()));
      child.once(
        "exit",
        (code, signal) => ((exitInfo = signal ? `killed by ${signal}` : `exited with code ${code}`), resolve()),
      );
    });
    const balancer = new LoadBalancer(port, configFile, child, exited);
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (exitInfo) throw new LoadBalancerStartError({ reason: exitInfo, output: balancer.output });
      try {
        const res = await fetch(`${balancer.url}/health`, { signal: AbortSignal.timeout(2_000) });
        await res.text();
        if (res.ok) return balancer;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await balancer.stop();
        throw new LoadBalancerStartError({
          reason: `no healthy answer from ${balancer.url}/health within 20 s`,
          output: balancer.output,
        });
      }
      await Promise.race([new Promise((r) => setTimeout(r, 100)), exited]);
    }
  }

  async stop(): Promise<void> {
    // The child is unref-ed; while stop() waits for it, it keeps Node alive (see LocalPostgres.stop).
    this.#child.ref();
    try {
      if (this.#child.exitCode === null && this.#child.signalCode === null) {
        // SIGUSR1 would drain; a test balancer just goes.
        this.#child.kill("SIGTERM");
        const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 5_000).unref());
        if ((await Promise.race([this.#exited, timer])) === "timeout") this.#child.kill("SIGKILL");
      }
      await this.#exited;
    } finally {
      this.#child.unref();
    }
  }
}
