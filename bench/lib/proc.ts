// Linux /proc readings for the benchmarks: which process listens on a port (the
// server `next start` runs, whatever its parent is), its memory (VmRSS and its
// parts) and CPU time, and the whole machine's busy CPU time (to tell whether
// something else was using the cores while we measured).
import fs from "node:fs";

const TICKS_PER_S = 100; // USER_HZ on every Linux we run on

/** The pid of the process with a listening TCP socket on `port` (IPv4 or IPv6), if any. */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== "0A") continue; // 0A = LISTEN
      if (parseInt(f[1]!.split(":").pop()!, 16) === port) inodes.add(f[9]!);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return Number(pid);
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return undefined;
}

export interface ProcMemory {
  /** VmRSS: resident memory, MB. */
  rssMb: number;
  /** VmHWM: the peak VmRSS so far, MB. */
  hwmMb: number;
  /** RssAnon (heap, WASM memory, malloc), RssFile (mapped files: code), MB. */
  anonMb: number;
  fileMb: number;
}

/** /proc/<pid>/status memory lines, in MB. */
export function procMemory(pid: number): ProcMemory {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) / 1024;
  return { rssMb: kb("VmRSS"), hwmMb: kb("VmHWM"), anonMb: kb("RssAnon"), fileMb: kb("RssFile") };
}

/** The CPU time (user + system) a process has used, in seconds. */
export function procCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces: count fields after its ")".
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / TICKS_PER_S; // utime, stime (fields 14, 15)
}

/** The whole machine's busy CPU time (every core, not idle or iowait), in seconds. */
export function machineBusySeconds(): number {
  // cpu  user nice system idle iowait irq softirq steal ...
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  return [0, 1, 2, 5, 6, 7].reduce((s, i) => s + (f[i] ?? 0), 0) / TICKS_PER_S;
}
