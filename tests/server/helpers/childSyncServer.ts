import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface ChildSyncServer {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
}

const entry = fileURLToPath(new URL("./syncServerProcess.ts", import.meta.url));

/** Starts `syncServerProcess.ts` under `node --import tsx` and waits for its LISTENING line. */
export function startChildSyncServer(dataDir: string): Promise<ChildSyncServer> {
  const child = spawn(process.execPath, ["--import", "tsx", entry, dataDir], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`child server did not start: ${output}`)), 20_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LISTENING (\d+)/.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      const port = Number(match[1]);
      resolve({
        url: `ws://127.0.0.1:${port}/sync`,
        port,
        process: child,
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
          await exited;
        },
      });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`child server exited with ${code}: ${output}`));
    });
  });
}
