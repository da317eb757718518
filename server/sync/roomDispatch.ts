/**
 * What a room does with a client's frames: while the room loads they wait in a capped queue;
 * then sync step 1 is answered behind the persistence barrier, updates go to admission (viewers'
 * are refused), presence to the room's awareness. A frame that does not decode closes that
 * connection alone.
 */
import type * as Y from "yjs";
import { CloseCode } from "../../shared/closeCodes";
import type { Connection } from "./Connection";
import type { Logger } from "./logger";
import { encodeIntegratedState } from "./pendingState";
import {
  addsToDocument,
  type ClientMessage,
  decodeClientMessage,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  ProtocolError,
} from "./protocol";
import type { RoomAwareness } from "./RoomAwareness";

/** What dispatch needs from its room. */
export interface DispatchHost {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly logger: Logger;
  readonly presence: RoomAwareness;
  /** A client's update or step 2, to admission. */
  receiveUpdate(conn: Connection, update: Uint8Array): void;
  /** Runs `fn` once everything applied so far is committed. */
  afterPersisted(fn: () => void): void;
  /** The stored state is not loaded yet: frames wait (the room greets each connection once loaded). */
  isLoading(): boolean;
  /** Caps on frames a client may send before the stored state is loaded. */
  readonly earlyQueueMaxMessages: number;
  readonly earlyQueueMaxBytes: number;
}

/** A frame from `conn`: queued while the room loads, else dispatched. */
export function receiveFrame(
  host: DispatchHost,
  conn: Connection,
  data: Uint8Array,
  isBinary: boolean,
): void {
  if (!conn.open) return;
  if (!isBinary) {
    closeForBadFrame(
      host,
      conn,
      new ProtocolError(CloseCode.UnsupportedData, "text frames are not supported"),
    );
    return;
  }
  if (host.isLoading()) {
    conn.early.push(data);
    conn.earlyBytes += data.byteLength;
    if (conn.early.length > host.earlyQueueMaxMessages || conn.earlyBytes > host.earlyQueueMaxBytes) {
      host.logger.warn("too many frames before load", { doc: host.name, user: conn.ctx.user.id });
      conn.close(CloseCode.TryAgainLater, "too many messages before sync");
    }
    return;
  }
  dispatchFrame(host, conn, data);
}

/** The server's half of the handshake, then whatever the client sent while the room was loading. */
export function greet(host: DispatchHost, conn: Connection): void {
  conn.send(encodeSyncStep1(host.doc));
  host.presence.sendAll(conn, false);
  const early = conn.early;
  conn.early = [];
  conn.earlyBytes = 0;
  for (const frame of early) dispatchFrame(host, conn, frame);
}

function dispatchFrame(host: DispatchHost, conn: Connection, frame: Uint8Array): void {
  if (!conn.open) return;
  let message: ClientMessage;
  try {
    message = decodeClientMessage(frame);
    dispatchMessage(host, conn, message);
  } catch (error) {
    if (error instanceof ProtocolError) closeForBadFrame(host, conn, error);
    else closeForBadFrame(host, conn, new ProtocolError(CloseCode.ProtocolError, (error as Error).message));
  }
}

/** Closes `conn` for a frame the protocol does not allow (logged: it is a broken or hostile client). */
function closeForBadFrame(host: DispatchHost, conn: Connection, error: ProtocolError): void {
  host.logger.warn("closing connection after bad frame", {
    doc: host.name,
    user: conn.ctx.user.id,
    code: error.closeCode,
    reason: error.message.slice(0, 200),
  });
  conn.close(error.closeCode, error.message.slice(0, 100));
}

function dispatchMessage(host: DispatchHost, conn: Connection, message: ClientMessage): void {
  switch (message.kind) {
    case "syncStep1": {
      // No client is handed state that is not committed yet.
      const reply = encodeSyncStep2(encodeIntegratedState(host.doc, message.stateVector));
      host.afterPersisted(() => conn.send(reply));
      return;
    }
    case "syncStep2":
    case "syncUpdate":
      if (conn.ctx.readOnly) {
        // An empty step 2 is the normal handshake of a viewer; only real edits are refused.
        if (addsToDocument(host.doc, message.update)) {
          conn.send(encodePermissionDenied("read-only: this document cannot be changed"));
        }
        return;
      }
      host.receiveUpdate(conn, message.update);
      return;
    case "awareness":
      host.presence.apply(conn, message.update);
      return;
    case "queryAwareness":
      host.presence.sendAll(conn, true);
      return;
    case "auth":
      return;
  }
}
