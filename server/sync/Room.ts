/**
 * One Yjs document in memory, its awareness and its connections: admission, dispatch and
 * lifecycle (load, idle unload, reset), composed with the write queue, the compactor, the outbox
 * and the presence owner.
 *
 * The path of an edit: a client frame is decoded fully (`roomDispatch.ts`), admitted on a replica
 * (`UpdateAdmission`) and applied to the room doc with the connection as origin. The doc's
 * `update` event (only what was actually new) takes the activity entries the extensions computed
 * for that transaction (`SyncHooks.activity`) and enters the `WriteQueue`, a FIFO of unpersisted
 * writes; each entry is appended at once with its activity (the store group-commits a tick's
 * appends, update and activity in one transaction); entries leave the FIFO head only once
 * committed, and only then join the `Outbox`, which is merged and broadcast once per tick (and
 * published to other instances). So broadcast order is persistence order and nothing is broadcast
 * that a crash could lose. Sync step 1 replies wait for the same barrier, so no client is ever
 * handed unpersisted state.
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
import type { StoredUpdateMeta } from "../store/DocumentStore";
import { Compactor } from "./Compactor";
import { Connection } from "./Connection";
import { clientEdit, type Edit, EditContext, NO_AUTHOR, serverEdit } from "./EditContext";
import type { EditAuthor, RoomInfo } from "./hooks";
import { IdleUnload } from "./IdleUnload";
import { Outbox } from "./Outbox";
import { encodeIntegratedState, hasPending } from "./pendingState";
import { RoomAwareness } from "./RoomAwareness";
import { REMOTE_ORIGIN, RoomPeers } from "./RoomPeers";
import { type DispatchHost, greet, receiveFrame } from "./roomDispatch";
import type { RoomOptions } from "./roomOptions";
import type { ConnectionContext, SocketLike } from "./SocketLike";
import { UpdateAdmission } from "./UpdateAdmission";
import { type QueuedWrite, WriteQueue } from "./WriteQueue";

export type { RoomOptions } from "./roomOptions";

const LOAD_ORIGIN = Symbol("load");

type RoomState = "loading" | "ready" | "destroyed";

const storeUnavailable = (message: string): AppError => new AppError("store_unavailable", message);

export class Room implements RoomInfo {
  readonly doc = new Y.Doc();
  readonly presence: RoomAwareness;
  private state: RoomState = "loading";
  private readonly loaded: Promise<boolean>;
  private readonly connections = new Set<Connection>();
  private readonly writes: WriteQueue<Edit>;
  private readonly compactor: Compactor;
  private readonly outbox: Outbox<Connection>;
  private readonly edits = new EditContext();
  private readonly idle: IdleUnload;
  private readonly peers: RoomPeers | null;
  private readonly admission: UpdateAdmission;
  private readonly dispatchHost: DispatchHost;
  /** While a peer's update is applied to a doc without pending state: its sync message, to relay as is. */
  private peerFrame: Uint8Array | null = null;

  constructor(
    readonly name: string,
    private readonly options: RoomOptions,
  ) {
    const { logger, store, hooks } = options;
    const awareness = new awarenessProtocol.Awareness(this.doc);
    this.peers =
      options.fanout === null
        ? null
        : new RoomPeers(
            {
              name,
              doc: this.doc,
              awareness,
              store,
              logger,
              isReady: () => this.state === "ready",
              afterPersisted: (fn) => this.writes.afterPersisted(fn),
              localAwarenessIds: () => this.presence.localIds(),
              applyPeerUpdate: (update, frame) => this.applyPeerUpdate(update, frame),
            },
            options.fanout,
            options.resyncIntervalMs,
          );
    const peers = this.peers;
    this.presence = new RoomAwareness(awareness, {
      name,
      logger,
      maxStateBytes: options.awarenessStateMaxBytes,
      clientsPerConnection: options.awarenessClientsPerConnection,
      connections: () => this.connections,
      localChanged: peers === null ? null : (ids) => peers.awarenessChanged(ids),
    });
    this.outbox = new Outbox(
      () => this.connections,
      peers === null ? null : (frame) => peers.persisted(frame),
    );
    this.compactor = new Compactor({
      name,
      store,
      logger,
      fold: options.fold,
      maxUpdates: options.compactMaxUpdates,
      maxBytes: options.compactMaxBytes,
      quietMs: options.compactQuietMs,
      failureBackoffMs: options.retryMaxDelayMs,
      isReady: () => this.state === "ready",
      settled: () => this.idle.check(),
    });
    this.writes = new WriteQueue<Edit>({
      append: (update, meta) => store.appendUpdate(name, update, meta),
      retryBaseDelayMs: options.retryBaseDelayMs,
      retryMaxDelayMs: options.retryMaxDelayMs,
      maxAttempts: options.retryMaxAttempts,
      committed: (done) => this.committed(done),
      writeFailed: (write) => write.origin?.conn?.close(CloseCode.StoreFailed, "store write failed"),
      failing: (error, attempt) => {
        logger.error("store write failed", { doc: name, attempt, error: error.message });
        options.health.failed(this, error);
      },
      recovered: () => logger.info("store writes recovered", { doc: name }),
      gaveUp: () => this.destroy(CloseCode.StoreFailed, "store write failed"),
    });
    this.admission = new UpdateAdmission(
      { name, doc: this.doc, logger, resync: () => this.peers?.resync(true) },
      { ...options.admission, kind: parseDocumentName(name).kind },
    );
    this.doc.on("update", (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) =>
      this.onDocUpdate(update, origin, tr),
    );
    this.idle = new IdleUnload(
      options.idleUnloadMs,
      () => this.state === "ready" && this.connections.size === 0 && this.writes.idle && !this.compactor.busy,
      () => this.destroy(CloseCode.Normal, "idle"),
    );
    this.dispatchHost = {
      name,
      doc: this.doc,
      logger,
      presence: this.presence,
      receiveUpdate: (conn, update) => this.receiveUpdate(conn, update),
      afterPersisted: (fn) => this.writes.afterPersisted(fn),
      isLoading: () => this.state === "loading",
      earlyQueueMaxMessages: options.earlyQueueMaxMessages,
      earlyQueueMaxBytes: options.earlyQueueMaxBytes,
    };
    hooks.load(this);
    this.loaded = this.load();
  }

  get awareness(): awarenessProtocol.Awareness {
    return this.presence.awareness;
  }

  get isDestroyed(): boolean {
    return this.state === "destroyed";
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Updates applied in memory but not yet committed. */
  get pendingWrites(): number {
    return this.writes.size;
  }

  get failing(): boolean {
    return this.writes.failing;
  }

  authorOf(transaction: Y.Transaction): EditAuthor | null {
    return this.edits.authorOf(transaction);
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
    this.idle.cancel();
    this.connections.add(conn);
    socket.on("message", (data, isBinary) => {
      if (this.state !== "destroyed") receiveFrame(this.dispatchHost, conn, data, isBinary);
    });
    socket.on("close", () => this.removeConnection(conn));
    if (this.state === "ready") greet(this.dispatchHost, conn);
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
    await this.hold(async () => {
      const before = this.writes.lastSeq;
      const edit = serverEdit(meta);
      try {
        // The same admission as clients' updates: the edit is validated on the replica first.
        this.edits.run(edit, () =>
          this.admission.edit(fn, (update) => Y.applyUpdate(this.doc, update, edit.origin)),
        );
      } finally {
        if (this.writes.lastSeq !== before) await this.writes.whenPersisted();
      }
    });
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
  inspect<T>(read: (doc: Y.Doc) => T): Promise<T> {
    return this.hold(async () => read(this.doc));
  }

  /** Resolves once every update applied so far is committed (or the room gave up on it). */
  async drain(): Promise<void> {
    await this.loaded;
    if (this.state === "destroyed") return;
    await this.writes.whenPersisted().catch(() => undefined);
  }

  /** Folds the stored log into a snapshot now, so content deleted since leaves the store. */
  compact(): void {
    this.compactor.request();
  }

  /** Multi-instance mode: exchange state with peers and, with `fromStore`, re-read the store. */
  resync(fromStore: boolean): void {
    this.peers?.resync(fromStore);
  }

  /** Closes every connection and frees the doc (graceful shutdown or reset). */
  shutdown(code: number, reason: string): void {
    this.destroy(code, reason);
  }

  // --- loading and incoming frames -----------------------------------------------------------

  private async load(): Promise<boolean> {
    try {
      // Subscribe first, so an update a peer publishes while the store is read is not missed.
      await this.peers?.subscribe();
      const stored = await this.options.store.loadDocument(this.name);
      if (this.state === "destroyed") return false;
      // One transaction per stored update: Yjs collects deleted nested content recursively at the
      // end of a transaction, so a log that pruned deep content slice by slice must replay likewise.
      for (const update of stored.updates) Y.applyUpdate(this.doc, update, LOAD_ORIGIN);
      // Orphans stored before admission existed are dropped now and compacted away below.
      const droppedPending = this.admission.start();
      this.state = "ready";
      this.options.health.ok(this);
      for (const conn of this.connections) greet(this.dispatchHost, conn);
      this.peers?.start();
      this.compactor.loaded(stored, droppedPending);
      this.idle.check();
      return true;
    } catch (error) {
      this.options.logger.error("document load failed", { doc: this.name, error: (error as Error).message });
      this.options.health.failed(this, error as Error);
      this.destroy(CloseCode.StoreFailed, "document load failed");
      return false;
    }
  }

  private applyPeerUpdate(update: Uint8Array, frame: Uint8Array): void {
    this.peerFrame = hasPending(this.doc) ? null : frame;
    try {
      Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
    } finally {
      this.peerFrame = null;
    }
  }

  private receiveUpdate(conn: Connection, update: Uint8Array): void {
    this.edits.run(clientEdit(conn), () => this.admission.receive(conn, update));
  }

  private removeConnection(conn: Connection): void {
    conn.open = false;
    if (!this.connections.delete(conn)) return;
    if (this.state !== "destroyed") this.presence.removed(conn);
    this.idle.check();
  }

  // --- persistence ---------------------------------------------------------------------------

  private onDocUpdate(update: Uint8Array, origin: unknown, tr: Y.Transaction): void {
    if (origin === LOAD_ORIGIN || this.state === "destroyed") return;
    if (origin === REMOTE_ORIGIN) {
      // Stored by the instance whose client sent it: only relay it to this instance's clients. The
      // peer's own message when the doc integrated all of it (no pending state, before or after):
      // clients are never handed state the server could not integrate.
      this.outbox.relayed(update, this.peerFrame !== null && !hasPending(this.doc) ? this.peerFrame : null);
      return;
    }
    this.writes.push(this.edits.writeOf(update, origin, () => this.options.hooks.activity(this, tr)));
  }

  private committed(done: readonly QueuedWrite<Edit>[]): void {
    if (this.state === "destroyed") return;
    for (const write of done) {
      this.outbox.committed(write.update, write.origin?.conn ?? null);
      this.options.hooks.persisted(this.name, write.update, write.origin?.author ?? NO_AUTHOR);
    }
    this.options.health.ok(this);
    this.compactor.appended(done.map((write) => write.update.byteLength));
    this.idle.check();
  }

  // --- lifecycle -----------------------------------------------------------------------------

  /** Holds the room in memory while `fn` uses its loaded doc. */
  private hold<T>(fn: () => Promise<T>): Promise<T> {
    return this.idle.hold(async () => {
      await this.whenReady();
      return fn();
    });
  }

  private destroy(code: number, reason: string): void {
    if (this.state === "destroyed") return;
    this.state = "destroyed";
    this.idle.cancel();
    this.compactor.stop();
    this.peers?.stop();
    this.admission.stop();
    for (const conn of this.connections) conn.close(code, reason);
    this.connections.clear();
    this.writes.stop(storeUnavailable(`document ${this.name} closed: ${reason}`));
    this.outbox.stop();
    this.presence.stop();
    this.doc.destroy();
    this.options.health.unloaded(this);
    this.options.hooks.unload(this.name);
  }
}
