/**
 * The three servers the sync bench compares, each started in a fresh child process on a free port
 * with fresh temporary storage.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChildServer, startChildServer } from "./childServer";
import { freePort } from "./freePort";
import { referencesDir } from "./references";
import type { Framing, RoomAddress } from "./SyncClient";

/** Names accepted by `--servers`. */
export const TARGET_NAMES = ["ours", "y-websocket", "hocuspocus"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** A server under test, started and ready for rooms. */
export interface RunningTarget {
  readonly name: TargetName;
  readonly label: string;
  readonly framing: Framing;
  readonly server: ChildServer;
  /** Creates (or names) `count` rooms and returns where clients connect to each. */
  createRooms(count: number): Promise<RoomAddress[]>;
  /** Where the `index`-th client of a room connects, when not all at `room` (clients split over instances). */
  clientAddress?(room: RoomAddress, index: number): RoomAddress;
  /** Stops the process and removes its temporary storage. */
  stop(): Promise<void>;
}

/** Options shared by all targets. */
export interface TargetOptions {
  readonly repoRoot: string;
  /** Optional bearer token for servers that authenticate (ours); harmless for the others. */
  readonly token: string | undefined;
}

function withToken(url: string, token: string | undefined): string {
  return token === undefined ? url : `${url}?token=${encodeURIComponent(token)}`;
}

async function withTempDir<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    return await use(dir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Extra node flags for our server processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them. */
export const BENCH_NODE_ARGS: readonly string[] = (process.env.BENCH_NODE_ARGS ?? "")
  .split(" ")
  .filter((arg) => arg !== "");

/** Path of our server's entry point; the bench skips "ours" while it does not exist. */
export function ourServerEntry(repoRoot: string): string {
  return join(repoRoot, "server", "main.ts");
}

async function createAnalysis(baseUrl: string, title: string, token: string | undefined): Promise<string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${baseUrl}/api/analyses`, {
    method: "POST",
    headers,
    body: JSON.stringify({ title }),
  });
  const text = await response.text();
  if (response.status !== 201) {
    throw new Error(`POST /api/analyses → ${response.status} (expected 201): ${text.slice(0, 300)}`);
  }
  const body: unknown = JSON.parse(text);
  const id =
    typeof body === "object" && body !== null && "id" in body && typeof body.id === "string" ? body.id : null;
  if (id === null) throw new Error(`POST /api/analyses returned no string id: ${text.slice(0, 300)}`);
  return id;
}

/**
 * Our server requires an account: the admin CLI creates a bench user and an API token in the data
 * directory before the server starts. The bench user creates every room, so it leads each analysis.
 */
function benchToken(repoRoot: string, dataDir: string): string {
  const admin = (args: readonly string[], input = ""): string =>
    execFileSync(
      process.execPath,
      ["--import", "tsx", join(repoRoot, "server", "cli", "admin.ts"), ...args],
      {
        cwd: repoRoot,
        env: { ...process.env, DATA_DIR: dataDir },
        input,
        encoding: "utf8",
      },
    );
  admin(["user:create", "bench"], "bench password\n");
  return admin(["token:create", "bench", "--label", "bench"]).trim();
}

async function startOurs(options: TargetOptions): Promise<RunningTarget> {
  return withTempDir("ach-bench-ours-", async (dataDir) => {
    const token = options.token ?? benchToken(options.repoRoot, dataDir);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const server = await startChildServer({
      label: "our server",
      command: process.execPath,
      args: [...BENCH_NODE_ARGS, "--import", "tsx", ourServerEntry(options.repoRoot)],
      cwd: options.repoRoot,
      env: { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, BENCH: "1" },
      readyUrl: `${baseUrl}/healthz`,
    });
    return {
      name: "ours",
      label: "ours (SQLite)",
      framing: "y-websocket",
      server,
      async createRooms(count) {
        const rooms: RoomAddress[] = [];
        for (let i = 0; i < count; i++) {
          const id = await createAnalysis(baseUrl, `bench ${i + 1}`, token);
          rooms.push({
            url: withToken(`ws://127.0.0.1:${port}/sync/${id}`, token),
            documentName: id,
          });
        }
        return rooms;
      },
      async stop() {
        await server.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  });
}

async function startYWebsocket(options: TargetOptions): Promise<RunningTarget> {
  const port = await freePort();
  const server = await startChildServer({
    label: "y-websocket reference server",
    command: process.execPath,
    args: [join(referencesDir(options.repoRoot), "node_modules", "y-websocket", "bin", "server.js")],
    cwd: options.repoRoot,
    env: { HOST: "127.0.0.1", PORT: String(port) },
    readyUrl: `http://127.0.0.1:${port}/`,
  });
  const tag = Date.now().toString(36);
  return {
    name: "y-websocket",
    label: "y-websocket 1.5.4 (memory)",
    framing: "y-websocket",
    server,
    async createRooms(count) {
      return Array.from({ length: count }, (_, i) => {
        const room = `bench-${tag}-${i + 1}`;
        return { url: withToken(`ws://127.0.0.1:${port}/${room}`, options.token), documentName: room };
      });
    },
    stop: () => server.stop(),
  };
}

async function startHocuspocus(options: TargetOptions): Promise<RunningTarget> {
  return withTempDir("ach-bench-hocuspocus-", async (dir) => {
    const port = await freePort();
    const server = await startChildServer({
      label: "Hocuspocus server",
      command: process.execPath,
      args: [join(referencesDir(options.repoRoot), "hocuspocusServer.mjs")],
      cwd: options.repoRoot,
      env: { PORT: String(port), HOCUSPOCUS_DB: join(dir, "hocuspocus.sqlite") },
      readyUrl: `http://127.0.0.1:${port}/`,
    });
    return {
      name: "hocuspocus",
      label: "Hocuspocus 3.4.4 (SQLite)",
      framing: "hocuspocus",
      server,
      async createRooms(count) {
        return Array.from({ length: count }, (_, i) => ({
          url: `ws://127.0.0.1:${port}/`,
          documentName: `bench-${i + 1}`,
        }));
      },
      async stop() {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  });
}

/** Starts the named server; throws with the child's output when it does not come up. */
export function startTarget(name: TargetName, options: TargetOptions): Promise<RunningTarget> {
  switch (name) {
    case "ours":
      if (!existsSync(ourServerEntry(options.repoRoot))) {
        return Promise.reject(new Error(`${ourServerEntry(options.repoRoot)} does not exist yet`));
      }
      return startOurs(options);
    case "y-websocket":
      return startYWebsocket(options);
    case "hocuspocus":
      return startHocuspocus(options);
  }
}
