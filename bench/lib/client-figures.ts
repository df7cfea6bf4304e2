// Figures 6 and 7: import time, browser bundle size, per-call overhead, generator and type-check
// time. Every timed command runs in a fresh process, one after another.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
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

export interface ImportFigures {
  /** Wall time of a bare `node -e` (the floor under every wall figure), ms. */
  bareNodeMs: number;
  byId: Record<string, ImportTimes | { error: string }>;
}

/**
 * Import times of each module, `runs` fresh processes each. Runs are interleaved (bare node, then
 * each module, then again) so that a change in machine load hits every candidate alike.
 */
export function importTimes(modules: { id: string; path: string }[], runs: number): ImportFigures {
  const bare: number[] = [];
  const wall = new Map<string, number[]>(modules.map((m) => [m.id, []]));
  const inProcess = new Map<string, number[]>(modules.map((m) => [m.id, []]));
  const failed = new Map<string, string>();
  const url = (path: string) => JSON.stringify(pathToFileURL(path).href);
  for (const m of modules) {
    try {
      nodeEval(`await import(${url(m.path)})`); // warms the file cache; fails early if it cannot load
    } catch (err) {
      failed.set(m.id, (err as Error).message);
    }
  }
  for (let i = 0; i < runs; i++) {
    bare.push(nodeEval("").ms);
    for (const m of modules) {
      if (failed.has(m.id)) continue;
      wall.get(m.id)!.push(nodeEval(`await import(${url(m.path)})`).ms);
      const timed = `const t0 = performance.now(); await import(${url(m.path)}); process.stdout.write(String(performance.now() - t0));`;
      inProcess.get(m.id)!.push(Number(nodeEval(timed).stdout));
    }
  }
  const byId: ImportFigures["byId"] = {};
  for (const m of modules) {
    const error = failed.get(m.id);
    byId[m.id] = error ? { error } : { wallMs: median(wall.get(m.id)!), inProcessMs: median(inProcess.get(m.id)!) };
  }
  return { bareNodeMs: median(bare), byId };
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
      const out = await build({ ...base, platform: "browser", external: ["node:*", ...builtinModules] });
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

/**
 * Runs the stub server, then each client's timer process against it, one at a time, `rounds`
 * times in turn; each figure is the median over rounds.
 */
export async function callOverhead(
  benchDir: string,
  clients: { id: string; env: Record<string, string> }[],
  calls: number,
  rounds: number,
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
    const samples = new Map<string, CallOverhead[]>(clients.map((c) => [c.id, []]));
    const failed = new Map<string, string>();
    for (let round = 0; round < rounds; round++) {
      for (const c of clients) {
        if (failed.has(c.id)) continue;
        const res = spawnSync(process.execPath, [join(benchDir, "client", "call-timer.mjs")], {
          encoding: "utf8",
          env: {
            ...process.env,
            ...c.env,
            BENCH_CALL: JSON.stringify({ client: c.id, origin: `http://127.0.0.1:${port}`, calls, warmup: Math.min(500, calls) }),
          },
        });
        if (res.status === 0) samples.get(c.id)!.push(JSON.parse(res.stdout.trim().split("\n").pop()!) as CallOverhead);
        else failed.set(c.id, res.stderr.trim().split("\n").slice(-2).join(" / "));
      }
    }
    const results: Record<string, CallOverhead | { error: string }> = {};
    for (const c of clients) {
      const error = failed.get(c.id);
      const s = samples.get(c.id)!;
      results[c.id] = error ? { error } : { p50Us: median(s.map((x) => x.p50Us)), p99Us: median(s.map((x) => x.p99Us)) };
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
