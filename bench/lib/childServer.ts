/**
 * Launches a server under test as a child process and waits for it to answer HTTP, so every server
 * runs in a fresh process of its own and its CPU time can be read apart from the load generator's.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";

/** How to start one server process. */
export interface ChildServerOptions {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** URL that answers 200 once the server accepts connections. */
  readonly readyUrl: string;
  readonly readyTimeoutMs?: number;
}

/** A started server process. */
export interface ChildServer {
  readonly pid: number;
  /** User+system CPU seconds the process used so far (Linux /proc), or null elsewhere. */
  cpuSeconds(): number | null;
  /** Resident memory in MiB (Linux /proc), or null elsewhere. */
  rssMiB(): number | null;
  /** Last lines the process printed, for error reports. */
  outputTail(): string;
  stop(): Promise<void>;
}

const TAIL_LINES = 40;
const CLOCK_TICKS_PER_SECOND = 100;

function readProcStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces; fields after its closing parenthesis are positional.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function waitUntilReady(child: ChildProcess, options: ChildServerOptions, tail: () => string) {
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  let lastError = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.label} exited before it was ready (code ${child.exitCode}):\n${tail()}`);
    }
    try {
      const response = await fetch(options.readyUrl, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${options.label} not ready at ${options.readyUrl} (${lastError}):\n${tail()}`);
}

/** Spawns the server and resolves once `readyUrl` answers 200; kills it if it never does. */
export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line.trim() === "") continue;
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const tail = () => lines.join("\n");
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.label}: could not spawn ${options.command}`);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    if (!(await waitForExit(child, 5_000))) {
      child.kill("SIGKILL");
      await waitForExit(child, 5_000);
    }
  };

  try {
    await waitUntilReady(child, options, tail);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    pid,
    cpuSeconds() {
      const fields = readProcStat(pid);
      if (fields === null) return null;
      // After the command name: utime is field 14, stime 15 (1-based) → offsets 11 and 12 here.
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    },
    rssMiB() {
      const fields = readProcStat(pid);
      if (fields === null) return null;
      // rss (field 24) is in pages; Linux pages are 4 KiB on the machines we run on.
      return (Number(fields[21]) * 4096) / (1024 * 1024);
    },
    outputTail: tail,
    stop,
  };
}
