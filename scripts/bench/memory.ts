/**
 * Peak resident memory of a process and all its descendants (the build spawns Pagefind's binary,
 * and Vite its workers), sampled from /proc every quarter second. Linux only; elsewhere it reports 0.
 */
import { readdirSync, readFileSync } from 'node:fs';

const PAGE = 4096;

/** Resident bytes of `root` and every process under it, now; only those whose command line `keep` accepts, when given. */
export function treeMemory(root: number, keep?: (commandLine: string) => boolean): number {
  const parent = new Map<number, number>();
  const resident = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses; the fields after its last ")" are plain.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      resident.set(Number(entry), Number(readFileSync(`/proc/${entry}/statm`, 'utf8').split(' ')[1]) * PAGE);
    } catch {
      // The process ended while we read it.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 64; p = parent.get(p), hops++) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const [pid, bytes] of resident) {
    if (!inTree(pid)) continue;
    if (keep) {
      let commandLine = '';
      try {
        commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        continue;
      }
      if (!keep(commandLine)) continue;
    }
    total += bytes;
  }
  return total;
}

/** Starts sampling; `stop` ends it and gives the peak in bytes and when it was reached (ms after the start). */
export function peakTreeMemory(root: number, everyMs = 250): { stop(): { bytes: number; atMs: number } } {
  const started = performance.now();
  let peak = { bytes: 0, atMs: 0 };
  const sample = () => {
    const bytes = treeMemory(root);
    if (bytes > peak.bytes) peak = { bytes, atMs: performance.now() - started };
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
