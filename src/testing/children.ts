// Child processes of the testing kit (servers, PostgreSQL, the load balancer) that are still running
// when the Node process exits are killed, so a crashed or cancelled test run leaves nothing behind.
// 'exit' does not fire when a signal ends Node, hence the signal handlers.
import type { ChildProcess } from "node:child_process";

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
const FATAL_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function killLiveChildren(): void {
  for (const c of liveChildren) {
    try {
      c.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

function onFatalSignal(signal: NodeJS.Signals): void {
  killLiveChildren();
  // When nobody else handles the signal, restore Node's default (terminate) instead of swallowing it.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onFatalSignal);
    process.kill(process.pid, signal);
  }
}

/** Kills `child` when this Node process exits, until the child has exited by itself. */
export function killOnExit(child: ChildProcess): void {
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
  child.once("error", () => liveChildren.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", killLiveChildren);
    for (const signal of FATAL_SIGNALS) process.on(signal, onFatalSignal);
  }
}
