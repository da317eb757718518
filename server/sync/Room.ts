/**
 * One Yjs document in memory, its awareness and its connections.
 *
 * The path of an edit: a client frame is decoded fully, applied to the room doc with the
 * connection as origin; the doc's `update` event (only what was actually new) enters a FIFO of
 * unpersisted writes; each entry is appended at once (the store group-commits a tick's appends);
 * entries leave the FIFO head only once committed, and only then join the outbox, which is merged and broadcast once per tick. So broadcast
 * order is persistence order and nothing is broadcast that a crash could lose. Sync step 1
 * replies wait for the same barrier, so no client is ever handed unpersisted state.
 *
 * A failed append closes the sending connections with 4500 (their provider resyncs on
 * reconnect), is retried with backoff, and after `maxAttempts` the room resets: everyone is
 * closed with 4500 and the doc is dropped, so memory never drifts from the store for long.
 */
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { CloseCode } from "../../shared/closeCodes";
import { parseDocumentName } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import type { DocumentStore, StoredUpdateMeta } from "../store/DocumentStore";
import { Connection, type ConnectionLimits } from "./Connection";
import type { Fanout } from "./Fanout";
import type { Logger } from "./logger";
import { encodeIntegratedState } from "./pendingState";
import {
  addsToDocument,
  type ClientMessage,
  decodeClientMessage,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  ProtocolError,
  rewriteAwarenessUpdate,
} from "./protocol";
import { REMOTE_ORIGIN, RoomPeers } from "./RoomPeers";
import type { ConnectionContext, SocketLike } from "./SocketLike";
import { type AdmissionOptions, UpdateAdmission } from "./UpdateAdmission";

/** A log this many times over a compaction threshold compacts without waiting for a lull. */
const COMPACT_FORCE_FACTOR = 8;

export interface RoomOptions {
  readonly store: DocumentStore;
  readonly logger: Logger;
  /** How long a room with no connections and no pending writes stays in memory. */
  readonly idleUnloadMs: number;
  /** Fold the log into a snapshot once it holds more than this many updates… */
  readonly compactMaxUpdates: number;
  /** …or more than this many bytes. */
  readonly compactMaxBytes: number;
  /**
   * Compaction waits for this long without commits, so its synchronous encode and snapshot write
   * never stall a burst of edits; a log 8× over a threshold compacts at once regardless.
   */
  readonly compactQuietMs: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  /** Consecutive failed append attempts before the room resets. */
  readonly retryMaxAttempts: number;
  /** Caps on frames a client may send before the stored state is loaded. */
  readonly earlyQueueMaxMessages: number;
  readonly earlyQueueMaxBytes: number;
  readonly onPersisted: (room: Room) => void;
  readonly onStoreError: (room: Room, error: Error) => void;
  /** A load or commit succeeded (health: the store answers again). */
  readonly onStoreOk: (room: Room) => void;
  readonly onUnload: (room: Room) => void;
  /** Other instances holding this room (multi-instance mode); null on a single instance. */
  readonly fanout: Fanout | null;
  /** Period of the peer and store resync in multi-instance mode. */
  readonly resyncIntervalMs: number;
  readonly connectionLimits: ConnectionLimits;
  readonly awarenessStateMaxBytes: number;
  readonly awarenessClientsPerConnection: number;
  /** Folds a document's stored snapshot and log into one update (in a worker thread: it is the heavy part). */
  readonly fold: (updates: readonly Uint8Array[]) => Promise<Uint8Array>;
  /** Admission of writes: limits and pending-state allowance (see `UpdateAdmission`). */
  readonly admission: Omit<AdmissionOptions, "kind">;
}

/** Origin of server-side edits (REST), carrying who to attribute them to. */
class ServerEdit {
  constructor(readonly meta: StoredUpdateMeta) {}
}

const LOAD_ORIGIN = Symbol("load");

/**
 * Who made a transaction on a room's doc (history attribution): the connection's user for a
 * client's update, the attributed user of a server edit; null for loads and peers' relayed updates.
 */
export function editAuthor(origin: unknown): { userId: string | null; userName: string | null } | null {
  if (origin instanceof Connection) return { userId: origin.ctx.user.id, userName: origin.ctx.user.name };
  if (origin instanceof ServerEdit) return { userId: origin.meta.userId, userName: null };
  return null;
}

interface PendingWrite {
  readonly update: Uint8Array;
  readonly meta: StoredUpdateMeta;
  readonly origin: Connection | null;
  readonly localSeq: number;
  status: "queued" | "writing" | "written" | "failed";
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

type RoomState = "loading" | "ready" | "destroyed";

const storeUnavailable = (message: string): AppError => new AppError("store_unavailable", message);

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private state: RoomState = "loading";
  private readonly loaded: Promise<boolean>;
  private readonly connections = new Set<Connection>();
  private readonly awarenessOwners = new Map<number, Connection>();
  private pending: PendingWrite[] = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private appliedSeq = 0;
  private persistedSeq = 0;
  private waiters: Waiter[] = [];
  private logCount = 0;
  private logBytes = 0;
  /** Size of the stored snapshot: the log must grow as big before it is rewritten (see maybeCompact). */
  private snapshotBytes = 0;
  private compacting = false;
  private lastCompactionFailure = 0;
  private outbox: { readonly update: Uint8Array; readonly origin: Connection | null }[] = [];
  private readonly awarenessOutbox = new Set<number>();
  private flushScheduled = false;
  private commitFlushScheduled = false;
  private holds = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private compactTimer: NodeJS.Timeout | undefined;
  private readonly peers: RoomPeers | null;
  private readonly admission: UpdateAdmission;

  constructor(
    readonly name: string,
    private readonly options: RoomOptions,
  ) {
    this.peers =
      options.fanout === null
        ? null
        : new RoomPeers(
            {
              name,
              doc: this.doc,
              awareness: this.awareness,
              store: options.store,
              logger: options.logger,
              isReady: () => this.state === "ready",
              afterPersisted: (fn) => this.afterPersisted(fn),
              localAwarenessIds: () => [...this.awarenessOwners.keys()],
            },
            options.fanout,
            options.resyncIntervalMs,
          );
    this.admission = new UpdateAdmission(
      { name, doc: this.doc, logger: options.logger, resync: () => this.peers?.resync(true) },
      { ...options.admission, kind: parseDocumentName(name).kind },
    );
    this.awareness.setLocalState(null);
    this.doc.on("update", (update: Uint8Array, origin: unknown) => this.onDocUpdate(update, origin));
    this.awareness.on("update", (changes: AwarenessChanges, origin: unknown) =>
      this.onAwarenessUpdate(changes, origin),
    );
    this.loaded = this.load();
  }

  get isDestroyed(): boolean {
    return this.state === "destroyed";
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Updates applied in memory but not yet committed. */
  get pendingWrites(): number {
    return this.pending.length;
  }

  get failing(): boolean {
    return this.failures > 0;
  }

  /** Resolves once the stored state is applied; rejects if the load failed or the room reset. */
  async whenReady(): Promise<void> {
    if (!(await this.loaded) || this.state === "destroyed") {
      throw storeUnavailable(`document ${this.name} is not available`);
    }
  }

  addConnection(socket: SocketLike, ctx: ConnectionContext): Connection {
    const conn = new Connection(socket, ctx, this.options.connectionLimits, () =>
      this.options.logger.warn("dropped a connection that stopped reading", {
        doc: this.name,
        user: ctx.user.id,
      }),
    );
    if (this.state === "destroyed") {
      conn.close(CloseCode.TryAgainLater, "room closed");
      return conn;
    }
    this.cancelIdle();
    this.connections.add(conn);
    socket.on("message", (data, isBinary) => this.onMessage(conn, data, isBinary));
    socket.on("close", () => this.removeConnection(conn));
    if (this.state === "ready") this.greet(conn);
    return conn;
  }

  /** Contexts of the open connections (access re-checks). */
  connectionContexts(): ConnectionContext[] {
    return [...this.connections].filter((conn) => conn.open).map((conn) => conn.ctx);
  }

  /** Closes the connections whose context `predicate` selects (access revoked); returns how many. */
  closeConnections(predicate: (ctx: ConnectionContext) => boolean, code: number, reason: string): number {
    let closed = 0;
    for (const conn of [...this.connections]) {
      if (conn.open && predicate(conn.ctx)) {
        conn.close(code, reason);
        closed += 1;
      }
    }
    return closed;
  }

  /**
   * Applies a server-side edit and resolves once it is persisted (and queued for broadcast).
   * Validate before mutating: whatever `fn` changed before throwing is kept and stored.
   */
  async transact(fn: (doc: Y.Doc) => void, meta: StoredUpdateMeta): Promise<void> {
    this.holds += 1;
    this.cancelIdle();
    try {
      await this.whenReady();
      const before = this.appliedSeq;
      try {
        // The same admission as clients' updates: the edit is validated on the replica first.
        this.admission.edit(fn, (update) => Y.applyUpdate(this.doc, update, new ServerEdit(meta)));
      } finally {
        if (this.appliedSeq !== before) await this.waitPersisted(this.appliedSeq);
      }
      if (this.appliedSeq !== before) await this.waitPersisted(this.appliedSeq);
    } finally {
      this.holds -= 1;
      this.checkIdle();
    }
  }

  /** A standalone copy of the current state; the caller owns (and destroys) it. */
  copyDocument(): Promise<Y.Doc> {
    return this.inspect((doc) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, encodeIntegratedState(doc));
      return copy;
    });
  }

  /** Reads the loaded live document in place; `read` must neither change it nor keep references. */
  async inspect<T>(read: (doc: Y.Doc) => T): Promise<T> {
    this.holds += 1;
    this.cancelIdle();
    try {
      await this.whenReady();
      return read(this.doc);
    } finally {
      this.holds -= 1;
      this.checkIdle();
    }
  }

  /** Resolves once every update applied so far is committed (or the room gave up on it). */
  async drain(): Promise<void> {
    await this.loaded;
    if (this.state === "destroyed" || this.appliedSeq <= this.persistedSeq) return;
    await this.waitPersisted(this.appliedSeq).catch(() => undefined);
  }

  /** Multi-instance mode: exchange state with peers and, with `fromStore`, re-read the store. */
  resync(fromStore: boolean): void {
    this.peers?.resync(fromStore);
  }

  /** Closes every connection and frees the doc (graceful shutdown or reset). */
  shutdown(code: number, reason: string): void {
    this.destroy(code, reason);
  }

  // --- loading -------------------------------------------------------------------------------

  private async load(): Promise<boolean> {
    try {
      // Subscribe first, so an update a peer publishes while the store is read is not missed.
      await this.peers?.subscribe();
      const stored = await this.options.store.loadDocument(this.name);
      if (this.state === "destroyed") return false;
      // One transaction per stored update: Yjs collects deleted nested content recursively at the
      // end of a transaction, so a log that pruned deep content slice by slice must replay likewise.
      for (const update of stored.updates) Y.applyUpdate(this.doc, update, LOAD_ORIGIN);
      this.logCount = stored.logCount;
      this.logBytes = stored.logBytes;
      this.snapshotBytes = stored.updates.length > stored.logCount ? (stored.updates[0]?.byteLength ?? 0) : 0;
      // Orphans stored before admission existed are dropped now and compacted away below.
      const droppedPending = this.admission.start();
      this.state = "ready";
      this.options.onStoreOk(this);
      for (const conn of this.connections) this.greet(conn);
      this.peers?.start();
      this.maybeCompact(droppedPending);
      this.checkIdle();
      return true;
    } catch (error) {
      this.options.logger.error("document load failed", { doc: this.name, error: (error as Error).message });
      this.options.onStoreError(this, error as Error);
      this.destroy(CloseCode.StoreFailed, "document load failed");
      return false;
    }
  }

  /** Server's half of the handshake, then whatever the client sent while the room was loading. */
  private greet(conn: Connection): void {
    conn.send(encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) conn.send(encodeAwareness(this.awareness, states));
    const early = conn.early;
    conn.early = [];
    conn.earlyBytes = 0;
    for (const frame of early) this.handleFrame(conn, frame);
  }

  // --- incoming frames -----------------------------------------------------------------------

  private onMessage(conn: Connection, data: Uint8Array, isBinary: boolean): void {
    if (!conn.open || this.state === "destroyed") return;
    if (!isBinary) {
      this.reject(conn, new ProtocolError(CloseCode.UnsupportedData, "text frames are not supported"));
      return;
    }
    if (this.state === "loading") {
      conn.early.push(data);
      conn.earlyBytes += data.byteLength;
      if (
        conn.early.length > this.options.earlyQueueMaxMessages ||
        conn.earlyBytes > this.options.earlyQueueMaxBytes
      ) {
        this.options.logger.warn("too many frames before load", { doc: this.name, user: conn.ctx.user.id });
        conn.close(CloseCode.TryAgainLater, "too many messages before sync");
      }
      return;
    }
    this.handleFrame(conn, data);
  }

  private handleFrame(conn: Connection, frame: Uint8Array): void {
    if (!conn.open) return;
    let message: ClientMessage;
    try {
      message = decodeClientMessage(frame);
      this.handleMessage(conn, message);
    } catch (error) {
      if (error instanceof ProtocolError) this.reject(conn, error);
      else this.reject(conn, new ProtocolError(CloseCode.ProtocolError, (error as Error).message));
    }
  }

  private handleMessage(conn: Connection, message: ClientMessage): void {
    switch (message.kind) {
      case "syncStep1":
        this.answerStep1(conn, message.stateVector);
        return;
      case "syncStep2":
      case "syncUpdate":
        if (conn.ctx.readOnly) {
          // An empty step 2 is the normal handshake of a viewer; only real edits are refused.
          if (addsToDocument(this.doc, message.update)) {
            conn.send(encodePermissionDenied("read-only: this document cannot be changed"));
          }
          return;
        }
        this.admission.receive(conn, message.update);
        return;
      case "awareness":
        this.applyAwareness(conn, message.update);
        return;
      case "queryAwareness": {
        const states = [...this.awareness.getStates().keys()];
        conn.send(encodeAwareness(this.awareness, states));
        return;
      }
      case "auth":
        return;
    }
  }

  /** A client's presence, with its identity forced in, within the size, client-id and rate limits. */
  private applyAwareness(conn: Connection, frame: Uint8Array): void {
    if (!conn.takeAwarenessToken()) {
      this.refuseAwareness(conn, "presence updates too frequent");
      return;
    }
    const { update, refused } = rewriteAwarenessUpdate(
      frame,
      conn.ctx.user,
      (clientId) => {
        const owner = this.awarenessOwners.get(clientId);
        return owner === undefined ? "none" : owner === conn ? "self" : "other";
      },
      {
        maxStateBytes: this.options.awarenessStateMaxBytes,
        maxNewClients: this.options.awarenessClientsPerConnection - conn.awarenessIds.size,
      },
    );
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
    if (refused !== null) this.refuseAwareness(conn, refused);
  }

  /** Tells the sender what was dropped; a connection that keeps at it is closed (it may reconnect). */
  private refuseAwareness(conn: Connection, reason: string): void {
    if (conn.noteAwarenessRefusal()) {
      conn.send(encodePermissionDenied(`presence update dropped: ${reason}`));
      return;
    }
    this.options.logger.warn("closing connection after repeated refused presence updates", {
      doc: this.name,
      user: conn.ctx.user.id,
      reason,
    });
    conn.close(CloseCode.PolicyViolation, `presence refused: ${reason}`.slice(0, 100));
  }

  private answerStep1(conn: Connection, stateVector: Uint8Array): void {
    const reply = encodeSyncStep2(encodeIntegratedState(this.doc, stateVector));
    this.afterPersisted(() => conn.send(reply));
  }

  /** Runs `fn` once everything applied so far is committed; dropped if the room gives up on it. */
  private afterPersisted(fn: () => void): void {
    const barrier = this.appliedSeq;
    if (barrier <= this.persistedSeq) {
      fn();
      return;
    }
    this.waiters.push({ seq: barrier, resolve: fn, reject: () => undefined });
  }

  private reject(conn: Connection, error: ProtocolError): void {
    this.options.logger.warn("closing connection after bad frame", {
      doc: this.name,
      user: conn.ctx.user.id,
      code: error.closeCode,
      reason: error.message.slice(0, 200),
    });
    conn.close(error.closeCode, error.message.slice(0, 100));
  }

  private removeConnection(conn: Connection): void {
    conn.open = false;
    if (!this.connections.delete(conn)) return;
    if (this.state !== "destroyed" && conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
    }
    this.checkIdle();
  }

  // --- persistence ---------------------------------------------------------------------------

  private onDocUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === LOAD_ORIGIN || this.state === "destroyed") return;
    if (origin === REMOTE_ORIGIN) {
      // Stored by the instance whose client sent it: only relay it to this instance's clients.
      this.outbox.push({ update, origin: null });
      this.scheduleFlush(true);
      return;
    }
    const conn = origin instanceof Connection ? origin : null;
    const meta: StoredUpdateMeta =
      conn !== null
        ? { userId: conn.ctx.user.id }
        : origin instanceof ServerEdit
          ? origin.meta
          : { userId: null };
    this.appliedSeq += 1;
    const write: PendingWrite = { update, meta, origin: conn, localSeq: this.appliedSeq, status: "queued" };
    this.pending.push(write);
    // While a retry is scheduled the store is known to fail: the retry writes this one too.
    if (this.retryTimer === undefined) this.startWrite(write);
  }

  /** Appends at once (the store batches a tick's appends into one commit); results are consumed in order. */
  private startWrite(write: PendingWrite): void {
    write.status = "writing";
    this.options.store.appendUpdate(this.name, write.update, write.meta).then(
      () => {
        write.status = "written";
        this.commitWritten();
      },
      (error: Error) => {
        write.status = "failed";
        this.onWriteFailure(write, error);
      },
    );
  }

  /** Broadcasts the committed head of the FIFO; stops at the first entry not yet committed. */
  private commitWritten(): void {
    if (this.state === "destroyed") return;
    const done: PendingWrite[] = [];
    while (this.pending[0]?.status === "written") {
      const write = this.pending.shift() as PendingWrite;
      done.push(write);
      this.logCount += 1;
      this.logBytes += write.update.byteLength;
      this.outbox.push({ update: write.update, origin: write.origin });
      this.peers?.persisted(write.update);
    }
    const last = done[done.length - 1];
    if (last === undefined) return;
    this.persistedSeq = last.localSeq;
    while (this.waiters[0] !== undefined && this.waiters[0].seq <= this.persistedSeq) {
      this.waiters.shift()?.resolve();
    }
    this.scheduleFlush(true);
    if (this.failures > 0 && this.retryTimer === undefined) {
      this.failures = 0;
      this.options.logger.info("store writes recovered", { doc: this.name });
    }
    this.options.onStoreOk(this);
    this.options.onPersisted(this);
    this.maybeCompact();
    this.checkIdle();
  }

  private onWriteFailure(write: PendingWrite, error: Error): void {
    if (this.state === "destroyed") return;
    write.origin?.close(CloseCode.StoreFailed, "store write failed");
    if (this.retryTimer !== undefined) return;
    this.failures += 1;
    this.options.logger.error("store write failed", {
      doc: this.name,
      attempt: this.failures,
      error: error.message,
    });
    this.options.onStoreError(this, error);
    if (this.failures >= this.options.retryMaxAttempts) {
      this.destroy(CloseCode.StoreFailed, "store write failed");
      return;
    }
    const delay = Math.min(
      this.options.retryBaseDelayMs * 2 ** (this.failures - 1),
      this.options.retryMaxDelayMs,
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      for (const pending of this.pending) {
        if (pending.status === "failed" || pending.status === "queued") this.startWrite(pending);
      }
    }, delay);
  }

  private waitPersisted(seq: number): Promise<void> {
    if (seq <= this.persistedSeq) return Promise.resolve();
    if (this.state === "destroyed") return Promise.reject(storeUnavailable("document closed"));
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /** `force`: compact even under the thresholds (the stored state held orphans to drop). */
  private maybeCompact(force = false): void {
    if (this.compacting || this.state !== "ready") return;
    const { compactMaxUpdates, compactQuietMs } = this.options;
    // Rewriting the snapshot costs its size on this thread (the store write): waiting until the log
    // is as big keeps the bytes written proportional to the bytes appended, however big the document.
    const compactMaxBytes = Math.max(this.options.compactMaxBytes, this.snapshotBytes);
    if (!force && this.logCount <= compactMaxUpdates && this.logBytes <= compactMaxBytes) return;
    if (Date.now() - this.lastCompactionFailure < this.options.retryMaxDelayMs) return;
    if (this.compactTimer !== undefined) clearTimeout(this.compactTimer);
    const overdue =
      force ||
      this.logCount > COMPACT_FORCE_FACTOR * compactMaxUpdates ||
      this.logBytes > COMPACT_FORCE_FACTOR * compactMaxBytes;
    this.compactTimer = setTimeout(
      () => {
        this.compactTimer = undefined;
        if (this.compacting || this.state !== "ready") return;
        this.compacting = true;
        void this.compact();
      },
      overdue ? 0 : compactQuietMs,
    );
  }

  /**
   * Folds what the store holds (not the live doc, whose encoding would stall the thread) into a
   * snapshot that contains exactly the log rows up to the `lastSeq` that read saw.
   */
  private async compact(): Promise<void> {
    try {
      if (this.state !== "ready") return;
      const stored = await this.options.store.loadDocument(this.name);
      const snapshot = await this.options.fold(stored.updates);
      if (this.state !== "ready") return;
      const snapshotBytes = snapshot.byteLength;
      await this.options.store.compact(this.name, snapshot, stored.lastSeq, this.options.fold);
      // Rows committed after the read stay in the log and in these counts.
      this.logCount = Math.max(0, this.logCount - stored.logCount);
      this.logBytes = Math.max(0, this.logBytes - stored.logBytes);
      this.snapshotBytes = snapshotBytes;
      this.options.logger.info("compacted", {
        doc: this.name,
        updates: stored.logCount,
        snapshotBytes,
      });
    } catch (error) {
      this.lastCompactionFailure = Date.now();
      this.options.logger.warn("compaction failed", { doc: this.name, error: (error as Error).message });
    } finally {
      this.compacting = false;
      this.checkIdle();
    }
  }

  // --- outgoing ------------------------------------------------------------------------------

  private onAwarenessUpdate(changes: AwarenessChanges, origin: unknown): void {
    if (this.state === "destroyed") return;
    const conn = origin instanceof Connection ? origin : null;
    for (const id of changes.added) {
      if (conn !== null) {
        conn.awarenessIds.add(id);
        this.awarenessOwners.set(id, conn);
      }
    }
    for (const id of changes.removed) {
      this.awarenessOwners.get(id)?.awarenessIds.delete(id);
      this.awarenessOwners.delete(id);
    }
    const ids = [...changes.added, ...changes.updated, ...changes.removed];
    for (const id of ids) this.awarenessOutbox.add(id);
    // Peers hear about this instance's own clients only (not what peers sent, nor timeouts).
    if (conn !== null || origin === null) this.peers?.awarenessChanged(ids);
    this.scheduleFlush();
  }

  /**
   * Awareness is coalesced per tick (setImmediate). Committed updates go out once the commit's
   * promise callbacks have all run (a microtask later): still one merged message per room per
   * commit, without waiting a whole extra event-loop turn behind the next batch of input.
   */
  private scheduleFlush(afterCommit = false): void {
    if (afterCommit) {
      if (this.commitFlushScheduled) return;
      this.commitFlushScheduled = true;
      queueMicrotask(() => {
        this.commitFlushScheduled = false;
        this.flushOutbox();
      });
      return;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushOutbox();
    });
  }

  /** One merged update and one awareness message per connection per tick. */
  private flushOutbox(): void {
    if (this.state === "destroyed") return;
    const updates = this.outbox;
    this.outbox = [];
    if (updates.length > 0) {
      const merge = (list: readonly { update: Uint8Array }[]): Uint8Array =>
        list.length === 1 && list[0] ? list[0].update : Y.mergeUpdates(list.map((entry) => entry.update));
      const toAll = encodeSyncUpdate(merge(updates));
      const origins = new Set(updates.map((entry) => entry.origin));
      for (const conn of this.connections) {
        if (!origins.has(conn)) {
          conn.send(toAll);
          continue;
        }
        const others = updates.filter((entry) => entry.origin !== conn);
        if (others.length > 0) conn.send(encodeSyncUpdate(merge(others)));
      }
    }
    if (this.awarenessOutbox.size > 0) {
      const message = encodeAwareness(this.awareness, [...this.awarenessOutbox]);
      this.awarenessOutbox.clear();
      for (const conn of this.connections) conn.send(message);
    }
  }

  // --- lifecycle -----------------------------------------------------------------------------

  private isIdle(): boolean {
    return (
      this.state === "ready" &&
      this.connections.size === 0 &&
      this.pending.length === 0 &&
      this.retryTimer === undefined &&
      !this.compacting &&
      this.holds === 0
    );
  }

  private checkIdle(): void {
    if (!this.isIdle() || this.idleTimer !== undefined) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.isIdle()) this.destroy(CloseCode.Normal, "idle");
    }, this.options.idleUnloadMs);
  }

  private cancelIdle(): void {
    if (this.idleTimer === undefined) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private destroy(code: number, reason: string): void {
    if (this.state === "destroyed") return;
    this.state = "destroyed";
    this.cancelIdle();
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    if (this.compactTimer !== undefined) clearTimeout(this.compactTimer);
    this.peers?.stop();
    this.admission.stop();
    this.retryTimer = undefined;
    for (const conn of this.connections) conn.close(code, reason);
    this.connections.clear();
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(storeUnavailable(`document ${this.name} closed: ${reason}`));
    this.pending = [];
    this.outbox = [];
    this.awareness.destroy();
    this.doc.destroy();
    this.options.onUnload(this);
  }
}

interface AwarenessChanges {
  readonly added: number[];
  readonly updated: number[];
  readonly removed: number[];
}
