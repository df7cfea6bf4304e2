// Reads the end of a server log for error messages: the last lines written since a start began.
import { closeSync, openSync, readSync, statSync } from "node:fs";

const LOG_TAIL_LINES = 40;

/** The last `lines` lines of `file`, reading at most the bytes written since `fromOffset`. */
export function readLogTail(file: string, fromOffset = 0, lines = LOG_TAIL_LINES): string {
  let fd: number | undefined;
  try {
    const size = statSync(file).size;
    const start = Math.max(fromOffset, size - 64 * 1024);
    if (size <= start) return "";
    const buffer = Buffer.alloc(size - start);
    fd = openSync(file, "r");
    readSync(fd, buffer, 0, buffer.length, start);
    return buffer.toString("utf8").replace(/\s+$/, "").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
