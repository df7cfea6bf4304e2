// Reads CPU time and memory of a process tree from /proc (Linux only). The Python SDK forks a
// process per worker plus a logger process, so every figure covers the whole tree under the
// side's root process, not just the root.
import { readFileSync, readdirSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ; 100 on every mainstream Linux build.

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime of the process itself, in ticks. */
  ownTicks: number;
  /** cutime + cstime: CPU of children it has already waited for, in ticks. */
  reapedChildTicks: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // exited between listing and reading
  }
  // The command name is in parentheses and may contain spaces: split after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state) of proc(5); utime is field 14 -> index 11.
  return {
    pid,
    ppid: Number(fields[1]),
    ownTicks: Number(fields[11]) + Number(fields[12]),
    reapedChildTicks: Number(fields[13]) + Number(fields[14]),
  };
}

/** The root and every live descendant. */
export function processTree(root: number): ProcStat[] {
  const all: ProcStat[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) all.push(stat);
  }
  const byParent = new Map<number, ProcStat[]>();
  for (const s of all) {
    const list = byParent.get(s.ppid) ?? [];
    list.push(s);
    byParent.set(s.ppid, list);
  }
  const rootStat = all.find((s) => s.pid === root);
  if (!rootStat) return [];
  const out: ProcStat[] = [];
  const queue = [rootStat];
  while (queue.length > 0) {
    const s = queue.shift()!;
    out.push(s);
    queue.push(...(byParent.get(s.pid) ?? []));
  }
  return out;
}

/** User+system CPU seconds used so far by the tree (live processes plus reaped children). */
export function treeCpuSeconds(root: number): number {
  let ticks = 0;
  for (const s of processTree(root)) ticks += s.ownTicks + s.reapedChildTicks;
  return ticks / CLOCK_TICKS_PER_SECOND;
}

function statusField(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Tracks the peak resident memory of a tree. For a single process the kernel's high-water mark
 * (VmHWM) is exact; for several processes the peak of the summed RSS is sampled (pages shared
 * between forked processes count once per process, so this leans high).
 */
export class PeakRss {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly root: number,
    intervalMs = 100,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    const tree = processTree(this.root);
    if (tree.length === 0) return;
    const sum = tree.reduce((acc, s) => acc + statusField(s.pid, "VmRSS"), 0);
    const hwm = tree.length === 1 ? statusField(this.root, "VmHWM") : 0;
    this.peak = Math.max(this.peak, sum, hwm);
  }

  stop(): number {
    this.sample();
    clearInterval(this.timer);
    return this.peak;
  }
}

/** Busy and total CPU ticks of the whole machine since boot, from /proc/stat (all cores). */
export function machineCpuTicks(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const [, ...values] = line.trim().split(/\s+/);
  const ticks = values.map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal; guest is already in user
  return { busy: total - idle, total };
}
