// Figures 6 and 7: import time, browser bundle size, per-call overhead, generator and type-check
// time. Every timed command runs in a fresh process, one after another.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";
import { cacheDir } from "./paths.js";
import { median } from "./stats.js";

export interface ImportTimes {
  /** `node -e "await import(...)"` wall time, ms. */
  wallMs: number;
  /** performance.now() around the dynamic import inside the process, ms. */
  inProcessMs: number;
}

function nodeEval(code: string): { ms: number; stdout: string } {
  const t0 = performance.now();
  const res = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
  const ms = performance.now() - t0;
  if (res.status !== 0) throw new Error(`node -e failed: ${res.stderr.trim().split("\n").slice(-3).join(" / ")}`);
  return { ms, stdout: res.stdout };
}

/** Wall time of a bare `node -e` (the floor under every wall figure), ms. */
export function bareNodeMs(runs: number): number {
  nodeEval("");
  return median(Array.from({ length: runs }, () => nodeEval("").ms));
}

export function importTimes(modulePath: string, runs: number): ImportTimes {
  const url = JSON.stringify(pathToFileURL(modulePath).href);
  nodeEval(`await import(${url})`); // warm the file cache
  const wall = Array.from({ length: runs }, () => nodeEval(`await import(${url})`).ms);
  const inProcess = Array.from({ length: runs }, () =>
    Number(nodeEval(`const t0 = performance.now(); await import(${url}); process.stdout.write(String(performance.now() - t0));`).stdout),
  );
  return { wallMs: median(wall), inProcessMs: median(inProcess) };
}

export interface BundleSize {
  gzipBytes?: number;
  minifiedBytes?: number;
  /** Why the bundle does not build for the browser, when it does not. */
  browserError?: string;
}

/**
 * Minified + gzipped browser bundle of `entry`. A bundle that fails for the browser is retried
 * with Node built-ins left external, so its size is still shown next to the failure.
 */
export async function bundleSize(entry: string, resolveDir: string, packages: Record<string, string>): Promise<BundleSize> {
  const mapPackages: Plugin = {
    name: "bench-packages",
    setup(b) {
      for (const [name, path] of Object.entries(packages)) {
        b.onResolve({ filter: new RegExp(`^${name.replace(/[/.-]/g, "\\$&")}$`) }, () => ({ path }));
      }
    },
  };
  const base = {
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm" as const,
    target: "es2022",
    write: false,
    logLevel: "silent" as const,
    nodePaths: [join(resolveDir, "node_modules")],
    plugins: [mapPackages],
  };
  const measure = (bytes: Uint8Array) => ({ minifiedBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });
  try {
    const out = await build({ ...base, platform: "browser" });
    return measure(out.outputFiles![0]!.contents);
  } catch (err) {
    const first = ((err as { errors?: { text: string }[] }).errors?.[0]?.text ?? String(err)).split("\n")[0]!;
    try {
      const out = await build({ ...base, platform: "browser", external: ["node:*", "fs", "path", "os", "crypto", "http", "https", "url", "util", "stream", "zlib", "net", "tls", "events", "buffer", "child_process", "worker_threads", "async_hooks", "perf_hooks", "diagnostics_channel", "string_decoder", "querystring", "dns", "assert", "http2", "sqlite", "process", "console", "timers", "util/types", "stream/web"] });
      return { ...measure(out.outputFiles![0]!.contents), browserError: first };
    } catch {
      return { browserError: first };
    }
  }
}

export interface CallOverhead {
  p50Us: number;
  p99Us: number;
}

/** Runs the stub server, then each client's timer process in turn against it. */
export async function callOverhead(
  benchDir: string,
  clients: { id: string; env: Record<string, string> }[],
  calls: number,
): Promise<Record<string, CallOverhead | { error: string }>> {
  const stub = spawn(process.execPath, [join(benchDir, "client", "stub-server.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      createInterface({ input: stub.stdout! }).on("line", (line) => {
        const m = /^PORT (\d+)$/.exec(line);
        if (m) resolve(Number(m[1]));
      });
      stub.once("exit", (code) => reject(new Error(`stub server exited with ${code}`)));
    });
    const results: Record<string, CallOverhead | { error: string }> = {};
    for (const c of clients) {
      const res = spawnSync(process.execPath, [join(benchDir, "client", "call-timer.mjs")], {
        encoding: "utf8",
        env: {
          ...process.env,
          ...c.env,
          BENCH_CALL: JSON.stringify({ client: c.id, origin: `http://127.0.0.1:${port}`, calls, warmup: Math.min(500, calls) }),
        },
      });
      results[c.id] =
        res.status === 0
          ? (JSON.parse(res.stdout.trim().split("\n").pop()!) as CallOverhead)
          : { error: res.stderr.trim().split("\n").slice(-2).join(" / ") };
    }
    return results;
  } finally {
    stub.kill("SIGTERM");
  }
}

export interface Timed {
  seconds: number;
  ok: boolean;
  note?: string;
}

/** Wall time of a command, median of `runs`. */
export function timeCommand(command: string, args: string[], cwd: string, runs: number): Timed {
  const times: number[] = [];
  let ok = true;
  let note: string | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = spawnSync(command, args, { cwd, encoding: "utf8" });
    times.push((performance.now() - t0) / 1000);
    if (res.status !== 0) {
      ok = false;
      note = (res.stderr || res.stdout).trim().split("\n").slice(-2).join(" / ");
    }
  }
  return { seconds: median(times), ok, ...(note ? { note } : {}) };
}

/**
 * `tsc --noEmit` of one small consumer file (kept as .ts.in so the project's own type-check, which
 * cannot resolve the peer package, skips it; copied into place here), with the package's declarations resolved the way a
 * user's bundler-style project would (strict, skipLibCheck as in most project templates).
 */
export function typecheckConsumer(repoDir: string, consumer: string, packageName: string, declarations: string, runs: number): Timed {
  const dir = join(cacheDir, `tsc-${packageName.replace(/[^a-z0-9]+/gi, "-")}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "consumer.ts");
  copyFileSync(consumer, file);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          module: "ESNext",
          moduleResolution: "Bundler",
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          types: [],
          lib: ["ES2022", "DOM"],
          paths: { [packageName]: [declarations] },
        },
        files: [file],
      },
      null,
      2,
    ),
  );
  return timeCommand(process.execPath, [join(repoDir, "node_modules", "typescript", "bin", "tsc"), "-p", join(dir, "tsconfig.json")], repoDir, runs);
}
