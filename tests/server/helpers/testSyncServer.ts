/**
 * A real HTTP server (express 5) on port 0 with the sync endpoint attached, for integration tests.
 * The default `authorize` takes the identity from the query string: `?user=<id>&name=<n>&readOnly=1`,
 * and refuses `?deny=unauthorized|forbidden|not_found`.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { Store } from "../../../server/store/Store";
import { openSqliteStore } from "../../../server/store/sql/SqlStore";
import type { Logger } from "../../../server/sync/logger";
import { RoomManager, type RoomManagerOptions } from "../../../server/sync/RoomManager";
import type { ConnectionContext } from "../../../server/sync/SocketLike";
import { type AuthorizeUpgrade, attachSyncServer } from "../../../server/sync/wsServer";
import { AppError, type ErrorCode } from "../../../shared/errors";
import { captureLogger } from "./captureLogger";
import { openMemoryStore } from "./memoryStore";
import { TEST_PARTS } from "./testParts";

export interface TestSyncServerOptions {
  /** Store to use; default a SQLite store in `dataDir` if given, else one in memory. */
  readonly store?: Store;
  readonly dataDir?: string;
  readonly authorize?: AuthorizeUpgrade;
  readonly maxMessageBytes?: number;
  readonly pingIntervalMs?: number;
  /** Period of the refused-connections summary (default 60 s). */
  readonly refusalLogMs?: number;
  readonly logger?: Logger;
  readonly rooms?: Omit<RoomManagerOptions, "store" | "logger">;
  /** Port to listen on (default 0 = any free port). */
  readonly port?: number;
}

export interface TestSyncServer {
  /** Base URL for WebsocketProvider: `ws://127.0.0.1:<port>/sync`. */
  readonly url: string;
  readonly port: number;
  readonly rooms: RoomManager;
  readonly store: Store;
  readonly logger: Logger;
  /** Shuts the room manager, sockets, HTTP server and store down. */
  close(): Promise<void>;
}

/** Identity from the query string, so tests choose users and read-only mode per client. */
export const queryAuthorize: AuthorizeUpgrade = async (req: IncomingMessage): Promise<ConnectionContext> => {
  const params = new URL(req.url ?? "/", "http://localhost").searchParams;
  const deny = params.get("deny");
  if (deny !== null) throw new AppError(deny as ErrorCode, `denied: ${deny}`);
  const id = params.get("user") ?? "anonymous";
  return {
    user: { id, name: params.get("name") ?? id, color: params.get("color") ?? "#336699" },
    readOnly: params.get("readOnly") === "1",
  };
};

export async function startTestSyncServer(options: TestSyncServerOptions = {}): Promise<TestSyncServer> {
  const logger = options.logger ?? captureLogger();
  const store =
    options.store ??
    (options.dataDir !== undefined
      ? await openSqliteStore({ location: { dataDir: options.dataDir } })
      : await openMemoryStore());
  const rooms = new RoomManager({
    idleUnloadMs: 200,
    ...options.rooms,
    admission: { extraParts: TEST_PARTS, ...options.rooms?.admission },
    store,
    logger,
  });
  const app = express();
  const httpServer = createServer(app);
  const syncServer = attachSyncServer(httpServer, {
    rooms,
    authorize: options.authorize ?? queryAuthorize,
    logger,
    ...(options.maxMessageBytes !== undefined ? { maxMessageBytes: options.maxMessageBytes } : {}),
    ...(options.pingIntervalMs !== undefined ? { pingIntervalMs: options.pingIntervalMs } : {}),
    ...(options.refusalLogMs !== undefined ? { refusalLogMs: options.refusalLogMs } : {}),
  });
  await new Promise<void>((resolve) => httpServer.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/sync`,
    port,
    rooms,
    store,
    logger,
    close: async () => {
      await rooms.close();
      await syncServer.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await store.close();
    },
  };
}
