// How long the build before this process took: npm runs `tsc -b && node dist/tools/start.js` in one shell, so
// the time between that shell's start and this process's start is the build (Linux only: read from /proc).
import { readFileSync } from "node:fs";

/** A process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat). */
function startTicks(pid: number | "self"): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
}

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux architecture npm runs on

/** Milliseconds from the parent shell's start to this process's, when run by npm on Linux; else undefined. */
export function buildTime(): number | undefined {
  if (process.platform !== "linux" || !process.env.npm_lifecycle_event) return undefined;
  try {
    return ((startTicks("self") - startTicks(process.ppid)) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
