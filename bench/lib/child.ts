// One side under test as a child process: start it, wait for READY, follow its EXECUTED
// reports, read its CPU, and stop it (the whole tree, since the Python SDK forks).
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { processTree, treeCpuSeconds } from "./proc.js";

export interface SideConfig {
  apiUrl: string;
  taskTypes: string[];
  concurrency: number;
  pollIntervalMs: number;
  pollTimeoutMs: number;
  reportEvery: number;
}

export interface Launch {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** Sides still running, so an interrupted bench can stop them (see stopAllSides). */
const live = new Set<SideProcess>();
let shuttingDown = false;

/** Stops every running side; no side starts after this. */
export async function stopAllSides(): Promise<void> {
  shuttingDown = true;
  await Promise.all([...live].map((s) => s.stop(2_000)));
}

export class SideProcess {
  executed = 0;
  private waiters: { count: number; resolve: () => void }[] = [];
  private stderrTail: string[] = [];
  private exited = false;
  private readonly exitPromise: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly label: string,
  ) {
    this.exitPromise = new Promise((resolve) => child.once("exit", () => ((this.exited = true), resolve())));
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      this.stderrTail.push(chunk);
      if (this.stderrTail.length > 40) this.stderrTail.shift();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(label: string, launch: Launch, config: SideConfig, readyTimeoutMs = 60_000): Promise<SideProcess> {
    if (shuttingDown) throw new Error(`${label}: not started, the bench is stopping`);
    // No CONDUCTOR_* variables reach a side: each must use exactly the settings it is given.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CONDUCTOR_")));
    const child = spawn(launch.command, launch.args, {
      env: { ...inherited, ...launch.env, BENCH_CONFIG: JSON.stringify(config) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const side = new SideProcess(child, label);
    live.add(side);
    const lines = createInterface({ input: child.stdout! });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${label}: no READY within ${readyTimeoutMs} ms${side.stderrText()}`)),
        readyTimeoutMs,
      );
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${label}: exited with code ${code} before READY${side.stderrText()}`));
      });
      lines.on("line", (line) => {
        if (line === "READY") {
          clearTimeout(timer);
          resolve();
          return;
        }
        const m = /^EXECUTED (\d+)$/.exec(line);
        if (m) side.onExecuted(Number(m[1]));
      });
    });
    try {
      await ready;
    } catch (err) {
      await side.stop();
      throw err;
    }
    return side;
  }

  private onExecuted(count: number): void {
    this.executed = Math.max(this.executed, count);
    this.waiters = this.waiters.filter((w) => (w.count <= this.executed ? (w.resolve(), false) : true));
  }

  /** Resolves once the side reports at least `count` executions. */
  async waitExecuted(count: number, timeoutMs: number): Promise<void> {
    if (this.executed >= count) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.waiters.push({ count, resolve })),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `${this.label}: ${this.executed} of ${count} tasks executed after ${timeoutMs} ms${this.stderrText()}`,
              ),
            ),
          timeoutMs,
        );
      }),
      this.exitPromise.then(() => {
        throw new Error(`${this.label}: exited while running${this.stderrText()}`);
      }),
    ]).finally(() => clearTimeout(timer));
  }

  cpuSeconds(): number {
    return treeCpuSeconds(this.pid);
  }

  /** Rejects when the side exits (never resolves): race it against a wait that needs the side running. */
  exitFailure(): Promise<never> {
    return this.exitPromise.then(() => {
      throw new Error(`${this.label}: exited while running${this.stderrText()}`);
    });
  }

  private stderrText(): string {
    const text = this.stderrTail.join("").trim();
    return text ? `\n--- stderr of ${this.label} (tail) ---\n${text.slice(-3000)}` : "";
  }

  /** SIGTERM, a grace period, then SIGKILL for whatever is left of the tree. */
  async stop(graceMs = 8_000): Promise<void> {
    live.delete(this);
    const tree = processTree(this.pid).map((s) => s.pid);
    if (!this.exited) this.child.kill("SIGTERM");
    await Promise.race([this.exitPromise, new Promise((r) => setTimeout(r, graceMs))]);
    for (const pid of tree) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await Promise.race([this.exitPromise, new Promise((r) => setTimeout(r, 1_000))]);
  }
}
