/**
 * A room's presence: which connection owns which awareness client ids, the caps on what a
 * connection may publish (state size, client ids, rate), and the outgoing batch (one awareness
 * message per connection per tick). A connection's states are removed when it closes.
 */
import * as awarenessProtocol from "y-protocols/awareness";
import { CloseCode } from "../../shared/closeCodes";
import type { Connection } from "./Connection";
import type { Logger } from "./logger";
import { encodeAwareness, encodePermissionDenied, rewriteAwarenessUpdate } from "./protocol";

export interface RoomAwarenessOptions {
  readonly name: string;
  readonly logger: Logger;
  readonly maxStateBytes: number;
  readonly clientsPerConnection: number;
  readonly connections: () => Iterable<Connection>;
  /** This instance's clients' states changed (multi-instance mode: tell the peers). */
  readonly localChanged: ((ids: readonly number[]) => void) | null;
}

interface AwarenessChanges {
  readonly added: number[];
  readonly updated: number[];
  readonly removed: number[];
}

export class RoomAwareness {
  private readonly owners = new Map<number, Connection>();
  private readonly outgoing = new Set<number>();
  /** The connection whose frame is being applied (the origin of the awareness event it raises). */
  private applying: Connection | null = null;
  private scheduled = false;
  private stopped = false;

  constructor(
    readonly awareness: awarenessProtocol.Awareness,
    private readonly options: RoomAwarenessOptions,
  ) {
    awareness.setLocalState(null);
    awareness.on("update", (changes: AwarenessChanges, origin: unknown) => this.changed(changes, origin));
  }

  /** Client ids owned by this instance's connections. */
  localIds(): number[] {
    return [...this.owners.keys()];
  }

  /** Every known state, for a connection that just joined or asked. */
  sendAll(conn: Connection, evenIfEmpty: boolean): void {
    const ids = [...this.awareness.getStates().keys()];
    if (ids.length > 0 || evenIfEmpty) conn.send(encodeAwareness(this.awareness, ids));
  }

  /** A client's presence, with its identity forced in, within the size, client-id and rate limits. */
  apply(conn: Connection, frame: Uint8Array): void {
    if (!conn.takeAwarenessToken()) {
      this.refuse(conn, "presence updates too frequent");
      return;
    }
    const { update, refused } = rewriteAwarenessUpdate(
      frame,
      conn.ctx.user,
      (clientId) => {
        const owner = this.owners.get(clientId);
        return owner === undefined ? "none" : owner === conn ? "self" : "other";
      },
      {
        maxStateBytes: this.options.maxStateBytes,
        maxNewClients: this.options.clientsPerConnection - conn.awarenessIds.size,
      },
    );
    this.applying = conn;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
    } finally {
      this.applying = null;
    }
    if (refused !== null) this.refuse(conn, refused);
  }

  /** A connection closed: its states go (and the others hear of it). */
  removed(conn: Connection): void {
    if (this.stopped || conn.awarenessIds.size === 0) return;
    awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
  }

  stop(): void {
    this.stopped = true;
    this.awareness.destroy();
  }

  /** Tells the sender what was dropped; a connection that keeps at it is closed (it may reconnect). */
  private refuse(conn: Connection, reason: string): void {
    if (conn.noteAwarenessRefusal()) {
      conn.send(encodePermissionDenied(`presence update dropped: ${reason}`));
      return;
    }
    this.options.logger.warn("closing connection after repeated refused presence updates", {
      doc: this.options.name,
      user: conn.ctx.user.id,
      reason,
    });
    conn.close(CloseCode.PolicyViolation, `presence refused: ${reason}`.slice(0, 100));
  }

  private changed(changes: AwarenessChanges, origin: unknown): void {
    if (this.stopped) return;
    const conn = this.applying;
    for (const id of changes.added) {
      if (conn !== null) {
        conn.awarenessIds.add(id);
        this.owners.set(id, conn);
      }
    }
    for (const id of changes.removed) {
      this.owners.get(id)?.awarenessIds.delete(id);
      this.owners.delete(id);
    }
    const ids = [...changes.added, ...changes.updated, ...changes.removed];
    for (const id of ids) this.outgoing.add(id);
    // Peers hear about this instance's own clients only (not what peers sent, nor timeouts).
    if (conn !== null || origin === null) this.options.localChanged?.(ids);
    this.schedule();
  }

  /** Presence is coalesced per tick: one message per connection. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.stopped || this.outgoing.size === 0) return;
      const message = encodeAwareness(this.awareness, [...this.outgoing]);
      this.outgoing.clear();
      for (const conn of this.options.connections()) conn.send(message);
    });
  }
}
