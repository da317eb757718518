/**
 * Committed updates on their way out: to this room's connections, merged into one message per
 * connection per commit, and (multi-instance mode) to the other instances through `publish`.
 *
 * The flush runs once the commit's promise callbacks have all run (a microtask later): still one
 * merged message per room per commit, without waiting a whole event-loop turn behind the next
 * batch of input. A sender is not sent its own update back.
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
}

const merge = (list: readonly { readonly update: Uint8Array }[]): Uint8Array =>
  list.length === 1 && list[0] ? list[0].update : Y.mergeUpdates(list.map((entry) => entry.update));

export class Outbox<C extends OutboxTarget> {
  private queue: Outgoing<C>[] = [];
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly connections: () => Iterable<C>,
    /** Publishes a committed update to the other instances (null on a single instance). */
    private readonly publish: ((update: Uint8Array) => void) | null,
  ) {}

  /** An update this room committed, sent by `origin` (null for server edits). */
  committed(update: Uint8Array, origin: C | null): void {
    this.queue.push({ update, origin });
    this.publish?.(update);
    this.schedule();
  }

  /** An update another instance stored: only relayed to this instance's connections. */
  relayed(update: Uint8Array): void {
    this.queue.push({ update, origin: null });
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.queue = [];
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.stopped) return;
    const updates = this.queue;
    this.queue = [];
    if (updates.length === 0) return;
    const toAll = encodeSyncUpdate(merge(updates));
    const origins = new Set(updates.map((entry) => entry.origin));
    for (const conn of this.connections()) {
      if (!origins.has(conn)) {
        conn.send(toAll);
        continue;
      }
      const others = updates.filter((entry) => entry.origin !== conn);
      if (others.length > 0) conn.send(encodeSyncUpdate(merge(others)));
    }
  }
}
