// The stub Conductor (bench/stub/stub-conductor.mjs) as a child process: start it, queue tasks,
// wait for its STARTED / DONE lines, read its counters and its CPU.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { benchDir } from "./paths.js";
import { treeCpuSeconds } from "./proc.js";

export interface StubStats {
  polls: number;
  emptyPolls: number;
  tasksPolled: number;
  updates: number;
  completed: number;
  duplicates: number;
  wrong: number;
  unknown: number;
  routes: Record<string, number>;
}

export class StubServer {
  private readonly waiters = new Map<string, (value: string) => void>();
  private readonly seen = new Map<string, string>();
  private stderr = "";

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-3000)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const [word, type, value = ""] = line.split(" ");
      const key = `${word} ${type}`;
      const waiter = this.waiters.get(key);
      if (waiter) {
        this.waiters.delete(key);
        waiter(value);
      } else this.seen.set(key, value);
    });
  }

  static async start(): Promise<StubServer> {
    const child = spawn(process.execPath, [join(benchDir, "stub", "stub-conductor.mjs")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<number>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once("line", (line) => {
        lines.close();
        const m = /^LISTENING (\d+)$/.exec(line);
        if (m) resolve(Number(m[1]));
        else reject(new Error(`stub: unexpected first line ${line}`));
      });
      child.once("exit", (code) => reject(new Error(`stub exited with code ${code} before listening`)));
    });
    return new StubServer(child, port);
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  cpuSeconds(): number {
    return treeCpuSeconds(this.pid);
  }

  async fill(type: string, count: number): Promise<void> {
    const res = await fetch(`http://127.0.0.1:${this.port}/stub/fill?type=${encodeURIComponent(type)}&count=${count}`, {
      method: "POST",
    });
    await res.text();
    if (!res.ok) throw new Error(`stub fill: HTTP ${res.status}`);
  }

  async stats(): Promise<StubStats> {
    return (await (await fetch(`http://127.0.0.1:${this.port}/stub/stats`)).json()) as StubStats;
  }

  /** Resolves with the line's value once the stub printed `<word> <type>`. */
  waitLine(word: "STARTED" | "DONE", type: string, timeoutMs: number): Promise<string> {
    const key = `${word} ${type}`;
    const early = this.seen.get(key);
    if (early !== undefined) {
      this.seen.delete(key);
      return Promise.resolve(early);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(
          new Error(`stub: no ${word} for ${type} within ${timeoutMs} ms${this.stderr ? `\n${this.stderr}` : ""}`),
        );
      }, timeoutMs);
      // A wait abandoned for another failure (a stall, the side exiting) must not hold the bench open.
      timer.unref();
      this.waiters.set(key, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
  }
}
