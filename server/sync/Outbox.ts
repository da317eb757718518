/**
 * Committed updates on their way out: to this room's connections, merged into one message per
 * connection per commit, and (multi-instance mode) to the other instances through `publish`.
 *
 * The first flush of an event-loop turn runs once the commit's promise callbacks have all run (a
 * microtask later): one merged message per room per commit, without waiting a whole turn behind the
 * next batch of input. Further updates within the same turn (a loaded server: many commits, peers'
 * updates and client frames handled in one poll) wait for the end of the turn and go out merged
 * as one message, so under load a socket gets one write per turn instead of one per commit. A
 * sender is not sent its own update back. The message is encoded once per flush
 * and the same bytes go to every connection and to the peers, who relay them to their own
 * connections as they are.
 */
import * as Y from "yjs";
import { encodeSyncUpdate } from "./protocol";

/** What the outbox sends to. */
export interface OutboxTarget {
  send(data: Uint8Array): void;
}

interface Outgoing<C> {
  readonly update: Uint8Array;
  readonly origin: C | null;
  /** Relayed from a peer (never published again). */
  readonly relayed: boolean;
  /** The update's sync message when it is already encoded (a peer's, relayed as received). */
  readonly frame: Uint8Array | null;
}

const merge = (list: readonly { readonly update: Uint8Array }[]): Uint8Array =>
  list.length === 1 && list[0] ? list[0].update : Y.mergeUpdates(list.map((entry) => entry.update));

/** One sync message for `list`: the ready frame of a lone relayed update, else merged and encoded. */
const frameOf = (list: readonly Outgoing<unknown>[]): Uint8Array => {
  const only = list.length === 1 ? list[0] : undefined;
  return only?.frame ?? encodeSyncUpdate(merge(list));
};

export class Outbox<C extends OutboxTarget> {
  private queue: Outgoing<C>[] = [];
  private scheduled = false;
  private stopped = false;
  /** A flush already ran in this event-loop turn: later ones wait for its end (setImmediate). */
  private flushedThisTurn = false;
  private readonly flushNow = (): void => {
    this.scheduled = false;
    this.flush();
  };
  private readonly turnEnded = (): void => {
    this.flushedThisTurn = false;
  };

  constructor(
    private readonly connections: () => Iterable<C>,
    /** Publishes a flush's committed updates, as one sync message, to the other instances (null on a single instance). */
    private readonly publish: ((frame: Uint8Array) => void) | null,
  ) {}

  /** An update this room committed, sent by `origin` (null for server edits). */
  committed(update: Uint8Array, origin: C | null): void {
    this.queue.push({ update, origin, relayed: false, frame: null });
    this.schedule();
  }

  /**
   * An update another instance stored: only relayed to this instance's connections; `frame`, its
   * sync message as the peer sent it, is sent as it is when it travels alone.
   */
  relayed(update: Uint8Array, frame: Uint8Array | null): void {
    this.queue.push({ update, origin: null, relayed: true, frame });
    this.schedule();
  }

  /** No more sends; committed updates still queued reach the peers (they are stored, so they count). */
  stop(): void {
    const committed = this.queue.filter((entry) => !entry.relayed);
    if (this.publish !== null && committed.length > 0 && !this.stopped) this.publish(frameOf(committed));
    this.stopped = true;
    this.queue = [];
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (this.flushedThisTurn) setImmediate(this.flushNow);
    else queueMicrotask(this.flushNow);
  }

  private flush(): void {
    if (this.stopped) return;
    const updates = this.queue;
    this.queue = [];
    if (updates.length === 0) return;
    if (!this.flushedThisTurn) {
      this.flushedThisTurn = true;
      setImmediate(this.turnEnded);
    }
    const toAll = frameOf(updates);
    let relayed = 0;
    let origins = 0;
    for (const entry of updates) {
      if (entry.relayed) relayed += 1;
      if (entry.origin !== null) origins += 1;
    }
    if (this.publish !== null && relayed < updates.length) {
      this.publish(relayed === 0 ? toAll : frameOf(updates.filter((entry) => !entry.relayed)));
    }
    if (origins === 0) {
      for (const conn of this.connections()) conn.send(toAll);
      return;
    }
    const senders = new Set(updates.map((entry) => entry.origin));
    for (const conn of this.connections()) {
      if (!senders.has(conn)) {
        conn.send(toAll);
        continue;
      }
      const others = updates.filter((entry) => entry.origin !== conn);
      if (others.length > 0) conn.send(frameOf(others));
    }
  }
}
