/**
 * The real app on port 0 over a SQLite store in a given (or fresh) directory, with a lead, two
 * analysts, a viewer and an outsider, each holding an API token, and one analysis with two
 * hypotheses and two evidence rows. Reopening on the same directory (`restart`) reuses the accounts.
 */
import { type RunningServer, startServer } from "../../../server/app";
import type { HistoryTimings } from "../../../server/history/History";
import type { VersionLimitOptions } from "../../../server/history/versionLimits";
import { openSqliteStore, type SqlStore } from "../../../server/store/sql/SqlStore";
import type { Role } from "../../../shared/accounts";
import { captureLogger } from "./captureLogger";
import { makeTempDir } from "./tempDir";
import { TEST_PARTS } from "./testParts";

export type HistoryWho = "lead" | "ana" | "bo" | "viewer" | "outsider";

export interface HistoryApp {
  readonly server: RunningServer;
  readonly store: SqlStore;
  readonly url: string;
  readonly wsUrl: string;
  readonly dataDir: string;
  readonly users: Readonly<
    Record<HistoryWho, { readonly id: string; readonly name: string; readonly token: string }>
  >;
  readonly analysisId: string;
  /** JSON request as `who` (Bearer token); resolves with status and parsed body. */
  request<T = unknown>(who: HistoryWho, method: string, path: string, body?: unknown): Promise<Reply<T>>;
  /** POSTs raw bytes as `who` (a file upload), with extra headers; resolves with the parsed reply. */
  upload<T = unknown>(
    who: HistoryWho,
    path: string,
    bytes: Uint8Array,
    headers?: Record<string, string>,
  ): Promise<Reply<T>>;
  /** Stops the server and closes the store; keeps the directory. */
  stop(): Promise<void>;
  /** Stops and deletes the directory. */
  close(): Promise<void>;
}

export interface Reply<T> {
  readonly status: number;
  readonly body: T;
}

export const SAMPLE = {
  schemaVersion: 1,
  title: "Khairkhane raid",
  question: "Who carried out the raid?",
  hypotheses: [
    { id: "h1", title: "Coalition special forces" },
    { id: "h2", title: "Afghan army alone" },
  ],
  evidence: [
    { id: "e1", claim: "GDI video shows helicopters over the compound" },
    { id: "e2", claim: "Villagers report a night raid" },
  ],
};

const ROLES: Readonly<Record<Exclude<HistoryWho, "lead" | "outsider">, Role>> = {
  ana: "analyst",
  bo: "analyst",
  viewer: "viewer",
};

interface Started {
  users: Record<HistoryWho, { id: string; name: string; token: string }>;
  analysisId: string;
}

export async function startHistoryApp(
  options: {
    history?: HistoryTimings;
    versionLimits?: VersionLimitOptions;
    reuse?: { dataDir: string } & Started;
  } = {},
): Promise<HistoryApp> {
  const dataDir = options.reuse?.dataDir ?? (await makeTempDir("ach-history-")).path;
  const store = await openSqliteStore({ location: { dataDir } });
  const server = await startServer({
    config: { port: 0, host: "127.0.0.1", maxMessageBytes: 1 << 22, maxJsonBytes: 1 << 22, roomIdleMs: 100 },
    store,
    logger: captureLogger(),
    extraDocumentParts: TEST_PARTS,
    auth: { accessPollMs: 100 },
    ...(options.history ? { history: options.history } : {}),
    ...(options.versionLimits ? { versionLimits: options.versionLimits } : {}),
  });
  const url = server.url;
  const send = async <T>(path: string, init: RequestInit): Promise<Reply<T>> => {
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    return { status: res.status, body: (text === "" ? null : JSON.parse(text)) as T };
  };
  const request = <T>(token: string, method: string, path: string, body?: unknown): Promise<Reply<T>> =>
    send<T>(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });

  let started: Started;
  if (options.reuse) {
    started = { users: options.reuse.users, analysisId: options.reuse.analysisId };
  } else {
    const users = {} as Record<HistoryWho, { id: string; name: string; token: string }>;
    for (const who of ["lead", "ana", "bo", "viewer", "outsider"] as const) {
      const name = `${who[0]?.toUpperCase()}${who.slice(1)}`;
      const user = await server.accounts.createUser({
        name,
        password: "correct horse battery",
        admin: false,
      });
      const { token } = await server.accounts.createToken(user.id, "tests", null);
      users[who] = { id: user.id, name, token };
    }
    const created = await request<{ id: string }>(users.lead.token, "POST", "/api/analyses", SAMPLE);
    if (created.status !== 201)
      throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
    const analysisId = created.body.id;
    for (const [who, role] of Object.entries(ROLES) as [keyof typeof ROLES, Role][]) {
      await store.setMember({ analysisId, userId: users[who].id, role });
    }
    started = { users, analysisId };
  }
  const stop = async () => {
    await server.close();
    await store.close();
  };
  return {
    server,
    store,
    url,
    wsUrl: `${url.replace(/^http/, "ws")}/sync`,
    dataDir,
    users: started.users,
    analysisId: started.analysisId,
    request: <T>(who: HistoryWho, method: string, path: string, body?: unknown) =>
      request<T>(started.users[who].token, method, path, body),
    upload: <T>(who: HistoryWho, path: string, bytes: Uint8Array, headers: Record<string, string> = {}) =>
      send<T>(path, {
        method: "POST",
        headers: {
          authorization: `Bearer ${started.users[who].token}`,
          "content-type": "application/octet-stream",
          ...headers,
        },
        body: new Uint8Array(bytes),
      }),
    stop,
    async close() {
      await stop();
      const { rm } = await import("node:fs/promises");
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
