/**
 * HTTP upgrade → authorised WebSocket → room. Authorisation runs before the upgrade completes,
 * so no document byte reaches a client the app has not admitted; refusals still complete the
 * upgrade and close with a 44xx code, because browsers cannot read the status of a failed upgrade.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { CloseCode } from "../../shared/closeCodes";
import { parseDocumentName } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import { Limits } from "../../shared/limits";
import { isValidHost } from "../http/hostHeader";
import { consoleLogger, type Logger } from "./logger";
import { RefusalLog } from "./RefusalLog";
import type { RoomManager } from "./RoomManager";
import { type ConnectionContext, wrapWebSocket } from "./SocketLike";

/** Decides who may open `docName`; throws AppError (unauthorized / forbidden / not_found) to refuse. */
export type AuthorizeUpgrade = (req: IncomingMessage, docName: string) => Promise<ConnectionContext>;

export interface SyncServerOptions {
  readonly rooms: RoomManager;
  /** Default: the `authenticate` hook of the rooms' extensions. */
  readonly authorize?: AuthorizeUpgrade;
  /** Frames above this close with 1009 (default Limits.maxMessageBytes). */
  readonly maxMessageBytes?: number;
  /** URL prefix of sync sockets (default "/sync/"). */
  readonly pathPrefix?: string;
  /** Ping period; a socket that missed the previous pong is terminated (default 30 s). */
  readonly pingIntervalMs?: number;
  readonly logger?: Logger;
  /** Refused connections are logged as one summary per this period (default 60 s). */
  readonly refusalLogMs?: number;
}

export interface SyncServer {
  readonly wss: WebSocketServer;
  /** Stops accepting upgrades and terminates remaining sockets (close rooms first for a clean 1001). */
  close(): Promise<void>;
}

const CLOSE_FOR_ERROR: Readonly<Record<string, number>> = {
  unauthorized: CloseCode.Unauthorized,
  forbidden: CloseCode.Forbidden,
  not_found: CloseCode.NotFound,
};

/** Mounts the y-websocket-protocol sync endpoint on an HTTP server's `upgrade` event. */
export function attachSyncServer(httpServer: Server, options: SyncServerOptions): SyncServer {
  const logger = options.logger ?? consoleLogger;
  const prefix = options.pathPrefix ?? "/sync/";
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? Limits.maxMessageBytes,
    perMessageDeflate: false,
  });
  const alive = new WeakMap<WebSocket, boolean>();
  const refusals = new RefusalLog(logger, options.refusalLogMs);
  const authorize = options.authorize ?? options.rooms.authenticate;
  if (authorize === null)
    throw new Error("sync server: no authorize option and no extension that authenticates");

  const upgradeAndClose = (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    code: number,
    reason: string,
  ) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("error", () => undefined);
      ws.close(code, reason);
    });
  };

  const admit = async (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    docName: string,
  ): Promise<void> => {
    let ctx: ConnectionContext;
    try {
      ctx = await authorize(req, docName);
    } catch (error) {
      if (socket.destroyed) return;
      const code = error instanceof AppError ? CLOSE_FOR_ERROR[error.code] : undefined;
      if (code === undefined) {
        refusals.note(
          `${CloseCode.InternalError} authorization failed: ${(error as Error).message.slice(0, 100)}`,
        );
        upgradeAndClose(req, socket, head, CloseCode.InternalError, "authorization failed");
      } else {
        refusals.note(`${code} ${(error as AppError).code}`);
        upgradeAndClose(req, socket, head, code, (error as AppError).message.slice(0, 100));
      }
      return;
    }
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      ws.on("pong", () => alive.set(ws, true));
      ws.on("error", (error) => logger.warn("socket error", { doc: docName, error: error.message }));
      try {
        options.rooms.connect(wrapWebSocket(ws), docName, ctx);
      } catch (error) {
        logger.error("connect failed", { doc: docName, error: (error as Error).message });
        ws.close(CloseCode.TryAgainLater, "try again later");
      }
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on("error", () => undefined);
    // The same rule as HTTP (requireValidHost): a malformed Host never reaches a room.
    const host = req.headers.host;
    if (host !== undefined && !isValidHost(host)) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (!pathname.startsWith(prefix)) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    let docName: string;
    try {
      docName = decodeURIComponent(pathname.slice(prefix.length));
      parseDocumentName(docName);
    } catch {
      refusals.note(`${CloseCode.NotFound} invalid document name`);
      upgradeAndClose(req, socket, head, CloseCode.NotFound, "invalid document name");
      return;
    }
    void admit(req, socket, head, docName);
  };

  httpServer.on("upgrade", onUpgrade);

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.pingIntervalMs ?? 30_000);
  heartbeat.unref();

  return {
    wss,
    close: async () => {
      clearInterval(heartbeat);
      refusals.flush();
      httpServer.off("upgrade", onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
