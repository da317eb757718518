/**
 * The real app (`startServer`) on port 0 over a temporary SQLite store, with one signed-in account per
 * role: an admin (member of nothing), a lead (creator of the analysis), an analyst, a viewer and an
 * outsider (signed in, member of nothing). `as(who)` sends requests the way a browser would.
 */
import { type AuthOptions, type RunningServer, startServer } from "../../../server/app";
import type { AttachmentLimits } from "../../../server/attachments/attachmentLimits";
import { openSqliteStore, type SqlStore } from "../../../server/store/sql/SqlStore";
import type { HeavyWorkOptions } from "../../../server/workers/HeavyWork";
import type { Role } from "../../../shared/accounts";
import { captureLogger } from "./captureLogger";
import { makeTempDir, type TempDir } from "./tempDir";
import { TEST_PARTS } from "./testParts";

export type Who = "admin" | "lead" | "analyst" | "viewer" | "outsider";

export interface Account {
  readonly id: string;
  readonly name: string;
  readonly password: string;
  /** `ach_session=…` for the Cookie header. */
  readonly cookie: string;
  /** An API token of this user. */
  readonly token: string;
}

export interface AuthApp {
  readonly server: RunningServer;
  readonly store: SqlStore;
  readonly url: string;
  readonly wsUrl: string;
  readonly users: Readonly<Record<Who, Account>>;
  readonly analysisId: string;
  /** What the server logged. */
  readonly logs: readonly string[];
  /** A request as `who` (cookie + same Origin), or anonymous with `null`. */
  request(who: Who | null, method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export const PASSWORD = "correct horse battery";

function sessionCookieOf(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith("ach_session="));
  if (!set) throw new Error(`no session cookie (status ${res.status})`);
  return set.split(";")[0] as string;
}

export async function startAuthApp(
  options: {
    auth?: AuthOptions;
    roles?: Partial<Record<Who, Role>>;
    /** Largest JSON body (default 1 MiB; big imports need more). */
    maxJsonBytes?: number;
    maxMessageBytes?: number;
    heavyWork?: HeavyWorkOptions;
    attachments?: AttachmentLimits;
  } = {},
): Promise<AuthApp> {
  const dir: TempDir = await makeTempDir("ach-auth-");
  const store = await openSqliteStore({ location: { dataDir: dir.path } });
  const logger = captureLogger();
  const server = await startServer({
    config: {
      port: 0,
      host: "127.0.0.1",
      maxMessageBytes: options.maxMessageBytes ?? 1 << 20,
      maxJsonBytes: options.maxJsonBytes ?? 1 << 20,
      roomIdleMs: 50,
    },
    store,
    ...(options.heavyWork ? { heavyWork: options.heavyWork } : {}),
    ...(options.attachments ? { attachments: options.attachments } : {}),
    logger,
    extraDocumentParts: TEST_PARTS,
    auth: { accessPollMs: 100, ...options.auth },
  });
  const url = server.url;
  const raw = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: {
        origin: url,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? null : JSON.stringify(body),
    });

  const users = {} as Record<Who, Account>;
  for (const who of ["admin", "lead", "analyst", "viewer", "outsider"] as const) {
    const name = `${who}-user`;
    const user = await server.accounts.createUser({ name, password: PASSWORD, admin: who === "admin" });
    const login = await raw("POST", "/api/auth/login", {}, { name, password: PASSWORD });
    if (login.status !== 200) throw new Error(`login of ${name} failed: ${login.status}`);
    const { token } = await server.accounts.createToken(user.id, "tests", null);
    users[who] = { id: user.id, name, password: PASSWORD, cookie: sessionCookieOf(login), token };
  }
  const created = await raw(
    "POST",
    "/api/analyses",
    { cookie: users.lead.cookie },
    { title: "Secret raid assessment", question: "Who ordered the raid?" },
  );
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${await created.text()}`);
  const analysisId = ((await created.json()) as { id: string }).id;
  const roles: Partial<Record<Who, Role>> = { analyst: "analyst", viewer: "viewer", ...options.roles };
  for (const [who, role] of Object.entries(roles) as [Who, Role][]) {
    await store.setMember({ analysisId, userId: users[who].id, role });
  }

  return {
    server,
    store,
    url,
    wsUrl: `${url.replace(/^http/, "ws")}/sync`,
    users,
    analysisId,
    logs: logger.lines,
    request: (who, method, path, body) =>
      raw(method, path, who === null ? {} : { cookie: users[who].cookie }, body),
    async close() {
      await server.close();
      await store.close();
      await dir.remove();
    },
  };
}
