/**
 * CPU time (user + system, from Linux /proc) of the browser this process launched: every
 * descendant process that is not Node (the app server is one). Unlike wall-clock or CDP task
 * durations it does not grow while the machine's cores are busy with other work. Resolution is one
 * clock tick (10 ms): measure a whole loop, not one step. 0 where /proc is missing.
 */
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100;

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  readonly command: string;
  readonly ticks: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    // Fields after the command's closing parenthesis are positional: state ppid … utime(12) stime(13).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(fields[1]), command, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

export function browserCpuMs(): number {
  let pids: number[];
  try {
    pids = readdirSync("/proc")
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  } catch {
    return 0;
  }
  const stats = pids.map(readStat).filter((s): s is ProcStat => s !== null);
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  let ticks = 0;
  const visit = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      if (child.command !== "node") ticks += child.ticks;
      visit(child.pid);
    }
  };
  visit(process.pid);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}
