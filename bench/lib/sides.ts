// The sides: how each is launched. Every side runs plain JavaScript or Python, with no
// TypeScript loader in the measured process; ours runs from the package build (see ours.ts).
import { join } from "node:path";
import type { Launch } from "./child.js";
import type { OursBuild } from "./ours.js";
import type { Peers } from "./peers.js";

export type SideId = "ours" | "raw" | "undici" | "js" | "py";

export interface Side {
  id: SideId;
  label: string;
  /** Undefined when the side cannot run here, with the reason in `missing`. */
  launch?: Launch;
  missing?: string;
}

export function prepareSides(repoDir: string, peers: Peers, ours: OursBuild): Side[] {
  const bench = join(repoDir, "bench");
  const node = process.execPath;
  const sides: Side[] = [
    { id: "raw", label: "raw fetch loop", launch: { command: node, args: [join(bench, "sides", "raw-worker.mjs")] } },
    {
      id: "undici",
      label: "raw undici loop",
      launch: { command: node, args: [join(bench, "sides", "raw-undici-worker.mjs")] },
    },
  ];

  if (ours.dist) {
    sides.push({
      id: "ours",
      label: "ours",
      launch: { command: node, args: [join(bench, "sides", "ours-worker.mjs")], env: { BENCH_OURS_DIST: ours.dist } },
    });
  } else {
    sides.push({ id: "ours", label: "ours", missing: ours.missing ?? "our package build is missing" });
  }

  sides.push({
    id: "js",
    label: "official JS 4.0.0",
    launch: {
      command: node,
      args: [join(bench, "sides", "js-worker.mjs")],
      env: { BENCH_PEER_JS_ENTRY: peers.jsEntry },
    },
  });
  sides.push({
    id: "py",
    label: "Python 2.0.0",
    launch: { command: peers.python, args: [join(bench, "sides", "py_worker.py")], env: { PYTHONUNBUFFERED: "1" } },
  });
  return sides;
}
