/**
 * The HTTP shell: one port for the REST API, the sync WebSocket endpoint and the built client.
 * Everything with state (store, rooms) is created by the caller and passed in, so tests start
 * servers on port 0 against any store.
 */
import { existsSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Request } from "express";
import helmet from "helmet";
import { contentDocName, parseDocumentName } from "../shared/documentNames";
import { readMeta } from "../shared/schema/contentDoc";
import type { PartRule } from "../shared/validation/documentRules";
import type { AnalysisDocuments } from "./analyses/AnalysisDocuments";
import { AnalysisToucher } from "./analyses/AnalysisToucher";
import { ApprovalStatuses } from "./analyses/ApprovalStatuses";
import { AnalysisSummaries } from "./analyses/analysisSummaries";
import { deletedSourceTexts } from "./analyses/deletedSourceTexts";
import { type AttachmentLimits, DEFAULT_ATTACHMENT_LIMITS } from "./attachments/attachmentLimits";
import { ownerExists } from "./attachments/attachmentOwner";
import { Accounts } from "./auth/Accounts";
import { analysisAccess, roleOf, visibleDocuments } from "./auth/analysisAccess";
import { checkOrigin, identify, requirePrincipal, requireSignedIn } from "./auth/httpAuth";
import { connectLoginRedis } from "./auth/loginThrottle";
import { mountWithPolicy } from "./auth/policy";
import { SyncAccess } from "./auth/SyncAccess";
import type { ServerConfig } from "./config";
import { History, type HistoryTimings } from "./history/History";
import type { VersionLimitOptions } from "./history/versionLimits";
import { errorHandler, notFound } from "./http/errorHandler";
import { hostOf, requireValidHost } from "./http/hostHeader";
import { assertJsonDepth } from "./http/jsonDepth";
import { takesRawBody } from "./http/rawBody";
import { analysesRouter } from "./routes/analyses";
import { approvalsRouter } from "./routes/approvals";
import { attachmentsRouter } from "./routes/attachments";
import { authRouter, type LoginLimits } from "./routes/auth";
import { exportsRouter } from "./routes/exports";
import { extractTextRouter } from "./routes/extractText";
import { historyRouter } from "./routes/history";
import { importsRouter } from "./routes/imports";
import { membersRouter } from "./routes/members";
import { usersRouter } from "./routes/users";
import type { Store } from "./store/Store";
import { changeNotices } from "./sync/changeNotices";
import type { Fanout } from "./sync/Fanout";
import { consoleLogger, type Logger } from "./sync/logger";
import { RoomManager } from "./sync/RoomManager";
import { attachSyncServer } from "./sync/wsServer";
import { visibleVersionStates } from "./workers/analysisStates";
import { HeavyWork, type HeavyWorkOptions } from "./workers/HeavyWork";

const clientDir = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "client");

export interface AppOptions {
  readonly config: Pick<ServerConfig, "port" | "host" | "maxMessageBytes" | "maxJsonBytes" | "roomIdleMs">;
  readonly store: Store;
  readonly logger?: Logger;
  readonly auth?: AuthOptions;
  /** Multi-instance mode: fan-out to the other instances (see server/sync/Fanout.ts). */
  readonly fanout?: Fanout;
  /** Parts every document accepts beyond the schema's (benchmark and test scaffolding only). */
  readonly extraDocumentParts?: Readonly<Record<string, PartRule>>;
  /** Automatic-version timings (tests use milliseconds). */
  readonly history?: HistoryTimings;
  /** Worker threads for exports, JSON views and compaction: size, deadline, memory cap. */
  readonly heavyWork?: HeavyWorkOptions;
  /** Limits on saving named versions (server/history/versionLimits.ts). */
  readonly versionLimits?: VersionLimitOptions;
  /** Attachment size limits (default 25 MiB per file, 250 MiB per analysis). */
  readonly attachments?: AttachmentLimits;
}

/** Authentication knobs; defaults suit production, tests shorten them. */
export interface AuthOptions {
  readonly login?: LoginLimits;
  /** Share sign-in counters between instances through this Redis (REDIS_URL, key prefix REDIS_PREFIX). */
  readonly loginRedis?: { readonly url: string; readonly prefix: string };
  /** Reverse-proxy hops to trust (TRUST_PROXY); 0 trusts none. */
  readonly trustProxy?: number;
  /** How often to pick up access changes made by other processes (default 500 ms). */
  readonly accessPollMs?: number;
}

export interface RunningServer {
  readonly httpServer: Server;
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly rooms: RoomManager;
  readonly store: Store;
  readonly accounts: Accounts;
  /** Activity feed and versions. */
  readonly history: History;
  /** Graceful stop: refuse new work, flush every pending write, close sockets. Leaves the store open. */
  close(): Promise<void>;
}

/** REST edits are attributed to the signed-in user (routes behind `requireSignedIn` only). */
const actorOf = (req: Request) => ({ userId: requirePrincipal(req).user.id, now: new Date().toISOString() });

/** Helmet defaults plus what the client needs: its sync WebSocket on this very host, and plain HTTP on intranets. */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      "connect-src": [
        "'self'",
        (req) => `ws://${hostOf(req, "localhost")}`,
        (req) => `wss://${hostOf(req, "localhost")}`,
      ],
      "img-src": ["'self'", "data:", "blob:"],
      "upgrade-insecure-requests": null,
    },
  },
});

export async function startServer({
  config,
  store,
  logger = consoleLogger,
  fanout,
  auth = {},
  history: historyTimings = {},
  heavyWork = {},
  versionLimits,
  attachments: attachmentLimits = DEFAULT_ATTACHMENT_LIMITS,
  extraDocumentParts,
}: AppOptions): Promise<RunningServer> {
  const work = new HeavyWork(heavyWork, logger);
  const approvals = new ApprovalStatuses(work);
  const rooms = new RoomManager({
    store,
    logger,
    idleUnloadMs: config.roomIdleMs,
    ...(fanout ? { fanout } : {}),
    ...(extraDocumentParts ? { admission: { extraParts: extraDocumentParts } } : {}),
    // The rows come straight from the store (the caller owns them): move them rather than copy.
    fold: (updates) => work.runBytes({ kind: "fold", updates }, { transfer: updates }),
  });
  const docs: AnalysisDocuments = {
    readDocument: (name) => rooms.readDocument(name),
    inspect: (name, read) => rooms.inspect(name, read),
    readState: (name) => rooms.readState(name),
    readUpdates: (name) => rooms.readUpdates(name),
    transact: (name, fn, meta) => rooms.transact(name, fn, meta),
    catchUp: (name, stateVector) => rooms.catchUp(name, stateVector),
    listDocuments: (prefix) => store.listDocuments(prefix),
  };
  // The sync core's extensions, in the order their hooks run (server/sync/hooks.ts).
  const history = new History({ store, docs, logger, ...historyTimings });
  rooms.use(history.extension());
  rooms.use({ name: "title-mirror", changed: (docName) => void mirrorTitle(docName) });
  const toucher = new AnalysisToucher({ store, logger });
  rooms.use({
    name: "updated-at",
    changed: (docName) => toucher.touch(parseDocumentName(docName).analysisId),
  });
  if (fanout) rooms.use(changeNotices(fanout));
  const trustProxy = auth.trustProxy ?? 0;
  const accounts = new Accounts(store);
  const syncAccess = new SyncAccess({
    accounts,
    rooms,
    logger,
    documents: store,
    trustProxy: trustProxy > 0,
    ...(auth.accessPollMs !== undefined ? { pollMs: auth.accessPollMs } : {}),
  });
  rooms.use({
    name: "access",
    authenticate: syncAccess.authorize,
    // Switching blind rating on must close analysts' open views of others' ratings; deleting a
    // source, the open connections to its text.
    changed: (docName) => {
      const name = parseDocumentName(docName);
      if (name.kind === "lead") void syncAccess.recheck(name.analysisId);
      if (name.kind === "content") void syncAccess.closeDeletedSources(name.analysisId);
    },
  });
  rooms.use(deletedSourceTexts({ rooms, store, logger }));
  const recheckAll = (): void => void syncAccess.recheck();
  const visibleDocs = visibleDocuments(docs, (id) => syncAccess.isBlind(id));

  /** The analyses list shows titles from the registry; keep them in step with the content document. */
  async function mirrorTitle(docName: string): Promise<void> {
    const name = parseDocumentName(docName);
    if (name.kind !== "content") return;
    try {
      const { title } = await rooms.inspect(docName, readMeta);
      const record = await store.getAnalysis(name.analysisId);
      if (record && title && record.title !== title) await store.updateAnalysis(name.analysisId, { title });
    } catch (error) {
      logger.warn("could not mirror analysis title", { doc: docName, error: (error as Error).message });
    }
  }

  const loginRedis = auth.loginRedis ? connectLoginRedis(auth.loginRedis.url) : null;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  app.use(requireValidHost, securityHeaders);
  // Nesting is checked on the raw bytes, before JSON.parse and any recursive validator run.
  const json = express.json({
    limit: config.maxJsonBytes,
    verify: (_req, _res, buf) => assertJsonDepth(buf),
  });
  app.use((req, res, next) => (takesRawBody(req) ? next() : json(req, res, next)));
  app.get("/healthz", (_req, res) => {
    const sync = rooms.stats();
    const reasons = [
      ...(sync.failingRooms > 0 ? [`${sync.failingRooms} room(s) cannot write to the store`] : []),
      ...(sync.fanoutConnected === false
        ? ["redis fan-out is disconnected: other instances miss edits"]
        : []),
    ];
    const healthy = reasons.length === 0;
    res
      .status(healthy ? 200 : 503)
      .json({ status: healthy ? "ok" : "degraded", reasons, sync, work: { tasks: work.tasks } });
  });
  app.use("/api", identify(accounts), checkOrigin(trustProxy > 0));
  app.use(
    "/api",
    authRouter({
      accounts,
      onAccessChanged: recheckAll,
      logger,
      ...(auth.login ? { limits: auth.login } : {}),
      ...(loginRedis && auth.loginRedis
        ? { redis: { client: loginRedis, prefix: auth.loginRedis.prefix } }
        : {}),
    }),
  );
  app.use("/api", requireSignedIn);
  app.use("/api/users", usersRouter({ accounts, onAccessChanged: recheckAll }));
  app.use("/api/analyses/:id", analysisAccess(store));
  // Each route of these routers declares its policy (server/auth/policy.ts).
  mountWithPolicy(
    app,
    "/api/analyses/:id/members",
    membersRouter({ accounts, onMembersChanged: (id) => void syncAccess.recheck(id) }),
  );
  const routeDeps = { store, docs: visibleDocs, actorOf };
  // The list's summaries are member-independent (cached across callers), so they read the raw documents.
  const summaries = new AnalysisSummaries({
    docs,
    accounts: store,
    versions: store,
    activity: store,
    approvals,
  });
  mountWithPolicy(
    app,
    "/api/analyses",
    analysesRouter({ ...routeDeps, memberships: store, summaries, work, maxJsonBytes: config.maxJsonBytes }),
  );
  mountWithPolicy(
    app,
    "/api",
    exportsRouter({
      ...routeDeps,
      memberships: store,
      accounts: store,
      work,
      versionStates: (id: string, vid: string) => visibleVersionStates(store, visibleDocs, id, vid),
      changesSinceApproval: async (id: string) =>
        (await approvals.status(visibleDocs, store, id)).changesSince,
      listAttachments: (id: string) => store.listAttachments(id),
    }),
  );
  mountWithPolicy(
    app,
    "/api",
    importsRouter({
      ...routeDeps,
      memberships: store,
      work,
      actorName: (req) => requirePrincipal(req).user.name,
    }),
  );
  mountWithPolicy(
    app,
    "/api/analyses",
    approvalsRouter({
      ...routeDeps,
      versions: store,
      statuses: approvals,
      nameOf: (req) => requirePrincipal(req).user.name,
    }),
  );
  mountWithPolicy(
    app,
    "/api/analyses",
    attachmentsRouter({
      attachments: store,
      limits: attachmentLimits,
      ownerExists: (id, owner) => rooms.inspect(contentDocName(id), (doc) => ownerExists(doc, owner)),
      actorOf: (req) => ({
        userId: requirePrincipal(req).user.id,
        userName: requirePrincipal(req).user.name,
      }),
      roleOf,
      userName: async (userId) => (await store.getUser(userId))?.name ?? null,
      recordActivity: (entries) => history.record(entries),
    }),
  );
  mountWithPolicy(app, "/api/analyses", extractTextRouter({ maxBytes: attachmentLimits.maxFileBytes, work }));
  mountWithPolicy(
    app,
    "/api/analyses",
    historyRouter({
      store,
      history,
      docs,
      actorOf: (req) => ({ ...actorOf(req), userName: requirePrincipal(req).user.name }),
      roleOf: (req) => roleOf(req),
      work,
      userName: async (userId) => (await store.getUser(userId))?.name ?? null,
      versionLimits,
    }),
  );
  app.use("/api", notFound);
  if (existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: false, maxAge: "1h" }));
    // Single-page app: every other GET is a client route.
    app.get(/^\/(?!api\/|sync\/).*/, (_req, res) => res.sendFile(join(clientDir, "index.html")));
  }
  // Whatever is left (e.g. `PUT //api//…`, which no API route matched) is answered in JSON too.
  app.use(notFound);
  app.use(errorHandler(logger));

  const httpServer = createHttpServer(app);
  const sync = attachSyncServer(httpServer, {
    rooms,
    logger,
    maxMessageBytes: config.maxMessageBytes,
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  syncAccess.start();

  return {
    httpServer,
    port,
    url: `http://127.0.0.1:${port}`,
    rooms,
    store,
    accounts,
    history,
    async close() {
      syncAccess.stop();
      // Rooms first: they flush and close sockets with 1001, so clients know to reconnect.
      await rooms.close();
      await toucher.close();
      await history.close();
      await work.close();
      sync.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      loginRedis?.disconnect();
    },
  };
}
