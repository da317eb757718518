/**
 * All rooms of this server: creates them lazily, forgets them when they unload, and is the one
 * door for server-side edits and reads so those see the same in-memory state clients edit.
 */
import * as Y from "yjs";
import { CloseCode } from "../../shared/closeCodes";
import { parseDocumentName } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import { Limits } from "../../shared/limits";
import type { DocumentStore, StoredUpdateMeta } from "../store/DocumentStore";
import { foldUpdates } from "../workers/foldUpdates";
import { Debounce } from "./Debounce";
import type { ControlMessage, Fanout } from "./Fanout";
import { type SyncExtension, SyncHooks } from "./hooks";
import { consoleLogger, type Logger } from "./logger";
import { dropPending } from "./pendingState";
import { Room, type RoomOptions } from "./Room";
import type { ConnectionContext, SocketLike } from "./SocketLike";
import { type StoreErrorReport, StoreHealth } from "./StoreHealth";
import { lacksState } from "./stateVector";

/** How long a server edit written on a stored state waits for a lagging room to catch up with it. */
const CATCH_UP_MS = 3_000;
const CATCH_UP_POLL_MS = 25;

export type { StoreErrorReport } from "./StoreHealth";

export interface RoomManagerOptions {
  readonly store: DocumentStore;
  readonly logger?: Logger;
  /** Idle delay before an unused room leaves memory (default 30 s; short in tests). */
  readonly idleUnloadMs?: number;
  /** Compaction thresholds: log rows (default 500) and bytes (default 1 MiB) since the snapshot. */
  readonly compactMaxUpdates?: number;
  readonly compactMaxBytes?: number;
  /** Quiet time before compacting (default 1 s); see RoomOptions.compactQuietMs. */
  readonly compactQuietMs?: number;
  /** Append retry backoff (default 100 ms doubling to 2 s, 5 attempts before the room resets). */
  readonly retryBaseDelayMs?: number;
  readonly retryMaxDelayMs?: number;
  readonly retryMaxAttempts?: number;
  /** Frames a client may send before the document is loaded (default 256 frames / 32 MiB). */
  readonly earlyQueueMaxMessages?: number;
  readonly earlyQueueMaxBytes?: number;
  /** Debounce of the `changed` hook per document (default 200 ms). */
  readonly changeDebounceMs?: number;
  /** Fan-out to other instances (multi-instance mode, e.g. RedisFanout); absent on a single instance. */
  readonly fanout?: Fanout;
  /** Period of each room's resync with peers and the store in multi-instance mode (default 30 s). */
  readonly resyncIntervalMs?: number;
  /** Pending-state allowance and refusals of the admission step (defaults: 1 MiB, 10 s, 3). */
  readonly admission?: Partial<RoomOptions["admission"]>;
  /** Extensions, in the order their hooks run (more can be added with `use`). */
  readonly extensions?: readonly SyncExtension[];
  /** Per-connection caps: send buffer, presence size, client ids and rate (defaults in shared/limits.ts). */
  readonly maxSendBufferBytes?: number;
  readonly awarenessStateMaxBytes?: number;
  readonly awarenessClientsPerConnection?: number;
  readonly awarenessUpdatesPerSecond?: number;
  readonly awarenessUpdateBurst?: number;
  readonly awarenessRefusalBurst?: number;
  /** Compaction's fold of snapshot + log (the app runs it in a worker thread; default: on this thread). */
  readonly fold?: (updates: readonly Uint8Array[]) => Promise<Uint8Array>;
}

/** What /healthz reports about sync. */
export interface SyncStats {
  readonly rooms: number;
  readonly connections: number;
  /** Y.Docs held by rooms; equals `rooms` unless something leaked. */
  readonly docsInMemory: number;
  readonly pendingWrites: number;
  /** Rooms whose last append failed and are retrying. */
  readonly failingRooms: number;
  /** False while rooms are retrying or the last store operation (load, commit) failed. */
  readonly storeHealthy: boolean;
  readonly lastStoreError: StoreErrorReport | null;
  /** Multi-instance mode: whether the fan-out backend is reachable; null on a single instance. */
  readonly fanoutConnected: boolean | null;
}

export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  private readonly health = new StoreHealth();
  /** Fires the `changed` hook once per debounce window per document. */
  private readonly changes: Debounce;
  private readonly roomOptions: RoomOptions;
  private readonly store: DocumentStore;
  private readonly logger: Logger;
  private readonly hooks: SyncHooks;
  private docsInMemory = 0;
  private closed = false;
  private readonly fanout: Fanout | null;

  constructor(options: RoomManagerOptions) {
    this.fanout = options.fanout ?? null;
    this.store = options.store;
    this.logger = options.logger ?? consoleLogger;
    this.changes = new Debounce(options.changeDebounceMs ?? 200, (docName) => this.hooks.changed(docName));
    // The debounce of `changed` is itself an extension: the first one, so it sees every commit.
    this.hooks = new SyncHooks(
      [
        { name: "change-debounce", persisted: ({ docName }) => this.changes.note(docName) },
        ...(options.extensions ?? []),
      ],
      this.logger,
    );
    this.roomOptions = {
      store: options.store,
      logger: this.logger,
      idleUnloadMs: options.idleUnloadMs ?? 30_000,
      compactMaxUpdates: options.compactMaxUpdates ?? 500,
      compactMaxBytes: options.compactMaxBytes ?? 1024 * 1024,
      compactQuietMs: options.compactQuietMs ?? 1_000,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 100,
      retryMaxDelayMs: options.retryMaxDelayMs ?? 2_000,
      retryMaxAttempts: options.retryMaxAttempts ?? 5,
      earlyQueueMaxMessages: options.earlyQueueMaxMessages ?? 256,
      earlyQueueMaxBytes: options.earlyQueueMaxBytes ?? 32 * 1024 * 1024,
      hooks: this.hooks,
      health: {
        failed: (room, error) => this.health.failed(room, error),
        ok: (room) => this.health.ok(room),
        unloaded: (room) => {
          this.docsInMemory -= 1;
          this.health.forget(room);
          if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
        },
      },
      fanout: this.fanout,
      resyncIntervalMs: options.resyncIntervalMs ?? 30_000,
      fold: options.fold ?? (async (updates) => foldUpdates(updates)),
      connectionLimits: {
        maxBufferedBytes: options.maxSendBufferBytes ?? Limits.maxSendBufferBytes,
        awarenessUpdatesPerSecond: options.awarenessUpdatesPerSecond ?? Limits.awarenessUpdatesPerSecond,
        awarenessUpdateBurst: options.awarenessUpdateBurst ?? Limits.awarenessUpdateBurst,
        awarenessRefusalBurst: options.awarenessRefusalBurst ?? Limits.awarenessRefusalBurst,
      },
      awarenessStateMaxBytes: options.awarenessStateMaxBytes ?? Limits.awarenessStateMaxBytes,
      awarenessClientsPerConnection:
        options.awarenessClientsPerConnection ?? Limits.awarenessClientsPerConnection,
      admission: {
        maxPendingBytes: options.admission?.maxPendingBytes ?? 1024 * 1024,
        maxPendingAgeMs: options.admission?.maxPendingAgeMs ?? 10_000,
        maxPendingRefusals: options.admission?.maxPendingRefusals ?? 3,
        extraParts: options.admission?.extraParts ?? {},
      },
    };
    // Messages may have been lost while the fan-out was down: every room re-reads the store and asks peers.
    this.fanout?.onResubscribed(() => {
      for (const room of this.rooms.values()) room.resync(true);
    });
    this.fanout?.onControl((message) => this.applyControl(message));
  }

  /**
   * Closes matching connections on this instance and on every other one (membership removed, user
   * disabled, blind switch); returns how many were closed here.
   */
  async closeConnectionsEverywhere(
    message: Omit<Extract<ControlMessage, { type: "closeConnections" }>, "type">,
  ): Promise<number> {
    const control: ControlMessage = { type: "closeConnections", ...message };
    const closed = this.applyControl(control);
    await this.fanout?.publishControl(control);
    return closed;
  }

  private applyControl(message: ControlMessage): number {
    if (message.type === "documentChanged") {
      this.changes.note(message.docName);
      return 0;
    }
    return this.closeConnections(
      (docName, ctx) =>
        (message.userId === undefined || ctx.user.id === message.userId) &&
        (message.analysisId === undefined || parseDocumentName(docName).analysisId === message.analysisId),
      message.code,
      message.reason,
    );
  }

  /** The live room for a document, created (and loading) if absent. Throws `bad_request` for bad names. */
  getRoom(docName: string): Room {
    if (this.closed) throw new AppError("store_unavailable", "sync server is shutting down");
    const existing = this.rooms.get(docName);
    if (existing !== undefined && !existing.isDestroyed) return existing;
    parseDocumentName(docName);
    const room = new Room(docName, this.roomOptions);
    this.docsInMemory += 1;
    if (!room.isDestroyed) this.rooms.set(docName, room);
    return room;
  }

  /** Joins an authorised socket to a document's room. */
  connect(socket: SocketLike, docName: string, ctx: ConnectionContext): void {
    if (this.closed) {
      socket.close(CloseCode.GoingAway, "server shutting down");
      return;
    }
    this.getRoom(docName).addConnection(socket, ctx);
  }

  /** Every open connection with its document (access re-checks after membership or blind changes). */
  connections(): { readonly docName: string; readonly ctx: ConnectionContext }[] {
    return [...this.rooms.values()].flatMap((room) =>
      room.connectionContexts().map((ctx) => ({ docName: room.name, ctx })),
    );
  }

  /** Closes the connections `predicate` selects with `code`; returns how many were closed. */
  closeConnections(
    predicate: (docName: string, ctx: ConnectionContext) => boolean,
    code: number,
    reason: string,
  ): number {
    let closed = 0;
    for (const room of this.rooms.values()) {
      closed += room.closeConnections((ctx) => predicate(room.name, ctx), code, reason);
    }
    return closed;
  }

  /** Server-side edit (REST): applies `fn` to the live doc, persists, broadcasts; resolves once stored. */
  async transact(docName: string, fn: (doc: Y.Doc) => void, meta: StoredUpdateMeta): Promise<void> {
    await this.getRoom(docName).transact(fn, meta);
  }

  /**
   * Whether the live document holds at least `stateVector` (a state read from the store). A loaded
   * room that lags behind the store (another instance's update still on its way, or its fan-out
   * message lost) re-reads the store and asks its peers, and is given up to `waitMs` to catch up. A
   * document not loaded here loads from the store, so it holds what the store held.
   */
  async catchUp(docName: string, stateVector: Uint8Array, waitMs = CATCH_UP_MS): Promise<boolean> {
    const holds = async (): Promise<boolean> => {
      const room = this.rooms.get(docName);
      return room === undefined || room.isDestroyed || room.inspect((doc) => !lacksState(doc, stateVector));
    };
    if (await holds()) return true;
    this.rooms.get(docName)?.resync(true);
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
      if (await holds()) return true;
    }
    return false;
  }

  /** Compacts a loaded document's stored log now (a no-op for one not in memory). */
  compact(docName: string): void {
    const room = this.rooms.get(docName);
    if (room !== undefined && !room.isDestroyed) room.compact();
  }

  /** A copy of a document's current state for read-only use (JSON views); the caller destroys it. */
  async readDocument(docName: string): Promise<Y.Doc> {
    const room = this.rooms.get(docName);
    if (room !== undefined && !room.isDestroyed) return room.copyDocument();
    parseDocumentName(docName);
    const stored = await this.store.loadDocument(docName);
    const doc = new Y.Doc();
    // One transaction per update, as the room loads (see Room.load); orphans stored before
    // admission existed are not part of the document.
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    dropPending(doc);
    return doc;
  }

  /**
   * A document's state as one update, read from the store and folded off this thread (a lone
   * snapshot already is the state). Not from a loaded room: encoding a big doc would stall every
   * room, and the store holds all that clients have been sent (rooms broadcast only what is committed).
   */
  async readUpdates(docName: string): Promise<readonly Uint8Array[]> {
    parseDocumentName(docName);
    return (await this.store.loadDocument(docName)).updates;
  }

  async readState(docName: string): Promise<Uint8Array> {
    parseDocumentName(docName);
    const { updates } = await this.store.loadDocument(docName);
    return updates.length === 1 && updates[0] !== undefined ? updates[0] : this.roomOptions.fold(updates);
  }

  /**
   * Reads a document without copying it: in place when its room is loaded, else from the store.
   * Cheaper than `readDocument` for small questions about big documents (e.g. its title).
   */
  async inspect<T>(docName: string, read: (doc: Y.Doc) => T): Promise<T> {
    const room = this.rooms.get(docName);
    if (room !== undefined && !room.isDestroyed) return room.inspect(read);
    const doc = await this.readDocument(docName);
    try {
      return read(doc);
    } finally {
      doc.destroy();
    }
  }

  /** Appends an extension to the hook list (see hooks.ts); returns its removal. */
  use(extension: SyncExtension): () => void {
    return this.hooks.register(extension);
  }

  /** The first extension's `authenticate` (the sync endpoint's default authorisation), or null. */
  get authenticate(): NonNullable<SyncExtension["authenticate"]> | null {
    return this.hooks.authenticate;
  }

  stats(): SyncStats {
    let connections = 0;
    let pendingWrites = 0;
    for (const room of this.rooms.values()) {
      connections += room.connectionCount;
      pendingWrites += room.pendingWrites;
    }
    return {
      rooms: this.rooms.size,
      connections,
      docsInMemory: this.docsInMemory,
      pendingWrites,
      ...this.health.report(),
      fanoutConnected: this.fanout === null ? null : this.fanout.connected,
    };
  }

  /** Resolves once every update applied so far is committed (or given up on). */
  async flush(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => room.drain()));
    this.changes.flush();
  }

  /** Graceful shutdown: persist what is pending, close every connection with 1001, free all rooms. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush();
    for (const room of [...this.rooms.values()]) room.shutdown(CloseCode.GoingAway, "server shutting down");
    this.rooms.clear();
  }
}
