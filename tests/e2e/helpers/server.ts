/** Runs the real server (`server/main.ts` under tsx) on a free port with a throwaway data directory. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureClientBuilt } from "../../../scripts/clientBuild.mjs";
import { E2E_PASSWORD, provisionAdmin } from "./accounts";
import { waitFor } from "./waitFor";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export interface TestServer {
  readonly baseUrl: string;
  readonly dataDir: string;
  /** Output so far, for failure messages. */
  readonly log: () => string;
  readonly stop: () => Promise<void>;
  /** The first admin (who leads the sample analysis) with an API token; null with `{ admin: false }`. */
  readonly admin: { readonly name: string; readonly token: string } | null;
  /** `fetch` on the server as that admin (Bearer token); anonymous without one. */
  readonly api: (path: string, init?: RequestInit) => Promise<Response>;
}

const servers = new Map<string, TestServer>();

/** The running test server at `baseUrl` (browser helpers use its admin to create accounts). */
export function testServerAt(baseUrl: string): TestServer {
  const server = servers.get(baseUrl);
  if (!server) throw new Error(`no test server at ${baseUrl}`);
  return server;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

const ADMIN_NAME = "e2e-admin";

/**
 * The first admin through the first-run setup page's API and a token from their session: two
 * requests, where the admin CLI costs two more Node processes per test file.
 */
async function setupAdmin(baseUrl: string): Promise<{ name: string; token: string }> {
  const post = (path: string, body: unknown, cookie?: string) =>
    fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  const setup = await post("/api/setup", { name: ADMIN_NAME, password: E2E_PASSWORD });
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
  const cookie = (setup.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const created = await post("/api/account/tokens", { name: "e2e" }, cookie);
  if (created.status !== 201) throw new Error(`token failed: ${created.status} ${await created.text()}`);
  return { name: ADMIN_NAME, token: ((await created.json()) as { token: string }).token };
}

/**
 * Build the client if stale, start the server, wait for `/healthz` and create the admin account:
 * through the setup API by default, with the admin CLI while the server runs for `admin: "cli"`.
 */
export async function startServer(
  env: Readonly<Record<string, string>> = {},
  options: { readonly admin?: boolean | "cli" } = {},
): Promise<TestServer> {
  ensureClientBuilt({ quiet: true });
  const dataDir = await mkdtemp(join(tmpdir(), "ach-e2e-"));
  const port = await freePort();
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "server", "main.ts")], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, TZ: "UTC", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited(child);
      clearTimeout(timer);
    }
    servers.delete(baseUrl);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
        const res = await fetch(`${baseUrl}/healthz`);
        return res.status === 200;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  let admin: { name: string; token: string } | null = null;
  try {
    if (options.admin === "cli") admin = provisionAdmin(dataDir, ADMIN_NAME);
    else if (options.admin !== false) admin = await setupAdmin(baseUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  const api = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        ...(admin ? { authorization: `Bearer ${admin.token}` } : {}),
        ...(init.headers as Record<string, string>),
      },
    });
  const server: TestServer = { baseUrl, dataDir, log: () => output, stop, admin, api };
  servers.set(baseUrl, server);
  return server;
}
