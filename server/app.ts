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
import { parseDocumentName } from "../shared/documentNames";
import { readMeta } from "../shared/schema/contentDoc";
import type { AnalysisDocuments } from "./analyses/AnalysisDocuments";
import { authorizeSync } from "./auth/authorizeSync";
import type { ServerConfig } from "./config";
import { apiNotFound, errorHandler } from "./http/errorHandler";
import { analysesRouter } from "./routes/analyses";
import { exportsRouter } from "./routes/exports";
import { importsRouter } from "./routes/imports";
import type { DocumentStore } from "./store/DocumentStore";
import { consoleLogger, type Logger } from "./sync/logger";
import { RoomManager } from "./sync/RoomManager";
import { attachSyncServer } from "./sync/wsServer";

const clientDir = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "client");

export interface AppOptions {
  readonly config: Pick<ServerConfig, "port" | "host" | "maxMessageBytes" | "maxJsonBytes" | "roomIdleMs">;
  readonly store: DocumentStore;
  readonly logger?: Logger;
}

export interface RunningServer {
  readonly httpServer: Server;
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly rooms: RoomManager;
  readonly store: DocumentStore;
  /** Graceful stop: refuse new work, flush every pending write, close sockets. Leaves the store open. */
  close(): Promise<void>;
}

/** Until accounts land every REST caller acts as the id its browser chose (header `x-ach-user`). */
const actorOf = (req: Request) => {
  const header = req.get("x-ach-user") ?? "";
  return {
    userId: /^[A-Za-z0-9_-]{1,64}$/.test(header) ? header : "anonymous",
    now: new Date().toISOString(),
  };
};

export async function startServer({
  config,
  store,
  logger = consoleLogger,
}: AppOptions): Promise<RunningServer> {
  const rooms = new RoomManager({ store, logger, idleUnloadMs: config.roomIdleMs });
  const docs: AnalysisDocuments = {
    readDocument: (name) => rooms.readDocument(name),
    transact: (name, fn, meta) => rooms.transact(name, fn, meta),
    listDocuments: (prefix) => store.listDocuments(prefix),
  };
  rooms.onDocumentChanged((docName) => void mirrorTitle(docName));

  /** The analyses list shows titles from the registry; keep them in step with the content document. */
  async function mirrorTitle(docName: string): Promise<void> {
    const name = parseDocumentName(docName);
    if (name.kind !== "content") return;
    try {
      const doc = await rooms.readDocument(docName);
      const { title } = readMeta(doc);
      doc.destroy();
      const record = await store.getAnalysis(name.analysisId);
      if (record && title && record.title !== title) await store.updateAnalysis(name.analysisId, { title });
    } catch (error) {
      logger.warn("could not mirror analysis title", { doc: docName, error: (error as Error).message });
    }
  }

  const app = express();
  app.disable("x-powered-by");
  app.use(express.json({ limit: config.maxJsonBytes }));
  app.get("/healthz", (_req, res) => {
    const sync = rooms.stats();
    const healthy = sync.failingRooms === 0;
    res.status(healthy ? 200 : 503).json({ status: healthy ? "ok" : "degraded", sync });
  });
  app.use("/api/analyses", analysesRouter({ store, docs, actorOf }));
  app.use("/api", exportsRouter({ store, docs, actorOf }));
  app.use("/api", importsRouter({ store, docs, actorOf }));
  app.use("/api", apiNotFound);
  if (existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: false, maxAge: "1h" }));
    // Single-page app: every other GET is a client route.
    app.get(/^\/(?!api\/|sync\/).*/, (_req, res) => res.sendFile(join(clientDir, "index.html")));
  }
  app.use(errorHandler(logger));

  const httpServer = createHttpServer(app);
  const sync = attachSyncServer(httpServer, {
    rooms,
    logger,
    maxMessageBytes: config.maxMessageBytes,
    authorize: authorizeSync(store),
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;

  return {
    httpServer,
    port,
    url: `http://127.0.0.1:${port}`,
    rooms,
    store,
    async close() {
      // Rooms first: they flush and close sockets with 1001, so clients know to reconnect.
      await rooms.close();
      sync.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
