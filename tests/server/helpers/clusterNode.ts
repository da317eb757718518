/**
 * Server instances for multi-instance tests: the sync server on a PostgreSQL store (one test schema) with
 * RedisFanout (one key prefix), in this process or in a child process that tests SIGKILL.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { RedisFanout } from "../../../server/fanout/RedisFanout";
import { openPostgresStore } from "../../../server/store/sql/SqlStore";
import { captureLogger } from "./captureLogger";
import { TEST_DATABASE_URL } from "./postgres";
import { startTestSyncServer, type TestSyncServer } from "./testSyncServer";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Where the instances of one test meet: a PostgreSQL schema and a Redis key prefix. */
export interface ClusterSpace {
  readonly schema: string;
  readonly prefix: string;
  readonly redisUrl: string;
}

export interface ClusterNode {
  /** `ws://127.0.0.1:<port>/sync` */
  readonly url: string;
  readonly server: TestSyncServer;
  readonly fanout: RedisFanout;
  close(): Promise<void>;
}

export interface ChildClusterNode {
  readonly url: string;
  readonly process: ChildProcess;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
}

/** A fresh schema name and key prefix; pass `redisUrl` to use a private Redis. */
export function clusterSpace(redisUrl = TEST_REDIS_URL): ClusterSpace {
  const id = randomBytes(6).toString("hex");
  return { schema: `t_${id}`, prefix: `test:${id}:`, redisUrl };
}

/** Resync period used by test instances: short, so periodic repair shows within a test. */
export const TEST_RESYNC_MS = 1_000;

/** An instance in this process. */
export async function startClusterNode(space: ClusterSpace): Promise<ClusterNode> {
  const logger = captureLogger();
  const store = await openPostgresStore({ connectionString: TEST_DATABASE_URL, schema: space.schema });
  const fanout = await RedisFanout.connect({ url: space.redisUrl, keyPrefix: space.prefix, logger });
  const server = await startTestSyncServer({
    store,
    logger,
    rooms: { fanout, resyncIntervalMs: TEST_RESYNC_MS },
  });
  return {
    url: server.url,
    server,
    fanout,
    close: async () => {
      await server.close();
      await fanout.close();
    },
  };
}

const entry = fileURLToPath(new URL("./clusterServerProcess.ts", import.meta.url));

/** An instance in a child process (`clusterServerProcess.ts`), for crash tests. */
export function startChildClusterNode(space: ClusterSpace): Promise<ChildClusterNode> {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_OPTIONS: "",
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: space.schema,
      REDIS_URL: space.redisUrl,
      REDIS_PREFIX: space.prefix,
      RESYNC_MS: String(TEST_RESYNC_MS),
    },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`cluster child did not start: ${output}`)), 20_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LISTENING (\d+)/.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolve({
        url: `ws://127.0.0.1:${match[1]}/sync`,
        process: child,
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
          await exited;
        },
      });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`cluster child exited with ${code}: ${output}`));
    });
  });
}
