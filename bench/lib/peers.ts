// Installs the peers the bench compares against, outside our own dependency tree:
// the official JavaScript SDK into bench/.peers (its own package.json and lockfile) and the
// Python SDK into the virtualenv bench/.venv. Both directories are gitignored and reused.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const JS_PEER = { name: "@io-orkes/conductor-javascript", version: "4.0.0" } as const;
export const PY_PEER = { name: "conductor-python", version: "2.0.0" } as const;

export interface Peers {
  /** Absolute path of the official JS SDK's ESM entry. */
  jsEntry: string;
  /** Folder whose node_modules holds the official JS SDK (for bundling and type checks). */
  jsRoot: string;
  /** The virtualenv's python. */
  python: string;
}

function run(cmd: string, args: string[], cwd: string): void {
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "ignore", "inherit"] });
}

export function ensurePeers(benchDir: string, log: (line: string) => void): Peers {
  const jsRoot = join(benchDir, ".peers");
  const pkgDir = join(jsRoot, "node_modules", ...JS_PEER.name.split("/"));
  const installedVersion = existsSync(join(pkgDir, "package.json"))
    ? String(JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).version).replace(/^v/, "")
    : undefined;
  if (installedVersion !== JS_PEER.version) {
    log(`installing ${JS_PEER.name}@${JS_PEER.version} into bench/.peers`);
    mkdirSync(jsRoot, { recursive: true });
    writeFileSync(
      join(jsRoot, "package.json"),
      JSON.stringify({ name: "bench-peers", private: true, dependencies: { [JS_PEER.name]: JS_PEER.version } }, null, 2),
    );
    // Its peer dependency on zod 3 conflicts with nothing here but npm still refuses without this.
    run("npm", ["install", "--legacy-peer-deps", "--no-audit", "--no-fund", "--loglevel=error"], jsRoot);
  }

  const venv = join(benchDir, ".venv");
  const python = join(venv, "bin", "python");
  let pyOk = false;
  if (existsSync(python)) {
    try {
      const out = execFileSync(python, ["-m", "pip", "show", PY_PEER.name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      pyOk = new RegExp(`^Version: ${PY_PEER.version.replace(/\./g, "\\.")}$`, "m").test(out);
    } catch {
      pyOk = false;
    }
  }
  if (!pyOk) {
    log(`installing ${PY_PEER.name}==${PY_PEER.version} into bench/.venv`);
    if (!existsSync(python)) run("python3", ["-m", "venv", venv], benchDir);
    run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", `${PY_PEER.name}==${PY_PEER.version}`], benchDir);
  }
  return { jsEntry: join(pkgDir, "dist", "index.mjs"), jsRoot, python };
}
