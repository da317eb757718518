/**
 * All rooms of this server: creates them lazily, forgets them when they unload, and is the one
 * door for server-side edits and reads so those see the same in-memory state clients edit.
 */
import * as Y from "yjs";
import { CloseCode } from "../../shared/closeCodes";
import { parseDocumentName } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import type { DocumentStore, StoredUpdateMeta } from "../store/DocumentStore";
import { consoleLogger, type Logger } from "./logger";
import { Room, type RoomOptions } from "./Room";
import type { ConnectionContext, SocketLike } from "./SocketLike";

export interface RoomManagerOptions {
  readonly store: DocumentStore;
  readonly logger?: Logger;
  /** Idle delay before an unused room leaves memory (default 30 s; short in tests). */
  readonly idleUnloadMs?: number;
  /** Compaction thresholds: log rows (default 500) and bytes (default 1 MiB) since the snapshot. */
  readonly compactMaxUpdates?: number;
  readonly compactMaxBytes?: number;
  /** Append retry backoff (default 100 ms doubling to 2 s, 5 attempts before the room resets). */
  readonly retryBaseDelayMs?: number;
  readonly retryMaxDelayMs?: number;
  readonly retryMaxAttempts?: number;
  /** Frames a client may send before the document is loaded (default 256 frames / 32 MiB). */
  readonly earlyQueueMaxMessages?: number;
  readonly earlyQueueMaxBytes?: number;
  /** Debounce of `onDocumentChanged` notifications per document (default 200 ms). */
  readonly changeDebounceMs?: number;
}

export interface StoreErrorReport {
  readonly docName: string;
  readonly message: string;
  readonly at: string;
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
}

export type DocumentChangedListener = (docName: string) => void;

export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  private readonly failingRooms = new Set<Room>();
  private readonly listeners = new Set<DocumentChangedListener>();
  private readonly changeTimers = new Map<string, NodeJS.Timeout>();
  private readonly roomOptions: RoomOptions;
  private readonly store: DocumentStore;
  private readonly logger: Logger;
  private readonly changeDebounceMs: number;
  private docsInMemory = 0;
  private lastStoreError: StoreErrorReport | null = null;
  private lastStoreErrorTime = 0;
  private lastStoreSuccess = 0;
  private closed = false;

  constructor(options: RoomManagerOptions) {
    this.store = options.store;
    this.logger = options.logger ?? consoleLogger;
    this.changeDebounceMs = options.changeDebounceMs ?? 200;
    this.roomOptions = {
      store: options.store,
      logger: this.logger,
      idleUnloadMs: options.idleUnloadMs ?? 30_000,
      compactMaxUpdates: options.compactMaxUpdates ?? 500,
      compactMaxBytes: options.compactMaxBytes ?? 1024 * 1024,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 100,
      retryMaxDelayMs: options.retryMaxDelayMs ?? 2_000,
      retryMaxAttempts: options.retryMaxAttempts ?? 5,
      earlyQueueMaxMessages: options.earlyQueueMaxMessages ?? 256,
      earlyQueueMaxBytes: options.earlyQueueMaxBytes ?? 32 * 1024 * 1024,
      onPersisted: (room) => this.notifyChanged(room.name),
      onStoreError: (room, error) => {
        this.failingRooms.add(room);
        this.lastStoreError = { docName: room.name, message: error.message, at: new Date().toISOString() };
        this.lastStoreErrorTime = Date.now();
      },
      onStoreOk: (room) => {
        if (!room.failing) this.failingRooms.delete(room);
        this.lastStoreSuccess = Date.now();
      },
      onUnload: (room) => {
        this.docsInMemory -= 1;
        this.failingRooms.delete(room);
        if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
      },
    };
  }

  /** The live room for a document, created (and loading) if absent. Throws `bad_request` for bad names. */
  getRoom(docName: string): Room {
    if (this.closed) throw new AppError("store_unavailable", "sync server is shutting down", 503);
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

  /** Server-side edit (REST): applies `fn` to the live doc, persists, broadcasts; resolves once stored. */
  async transact(docName: string, fn: (doc: Y.Doc) => void, meta: StoredUpdateMeta): Promise<void> {
    await this.getRoom(docName).transact(fn, meta);
  }

  /** A copy of a document's current state for read-only use (JSON views); the caller destroys it. */
  async readDocument(docName: string): Promise<Y.Doc> {
    const room = this.rooms.get(docName);
    if (room !== undefined && !room.isDestroyed) return room.copyDocument();
    parseDocumentName(docName);
    const stored = await this.store.loadDocument(docName);
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    return doc;
  }

  /** Called (debounced per document) after updates to a document were persisted. Returns an unsubscribe. */
  onDocumentChanged(listener: DocumentChangedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
      failingRooms: this.failingRooms.size,
      storeHealthy: this.failingRooms.size === 0 && this.lastStoreSuccess >= this.lastStoreErrorTime,
      lastStoreError: this.lastStoreError,
    };
  }

  /** Resolves once every update applied so far is committed (or given up on). */
  async flush(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => room.drain()));
    this.flushChangeNotifications();
  }

  /** Graceful shutdown: persist what is pending, close every connection with 1001, free all rooms. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush();
    for (const room of [...this.rooms.values()]) room.shutdown(CloseCode.GoingAway, "server shutting down");
    this.rooms.clear();
  }

  private notifyChanged(docName: string): void {
    if (this.listeners.size === 0 || this.changeTimers.has(docName)) return;
    this.changeTimers.set(
      docName,
      setTimeout(() => this.fireChanged(docName), this.changeDebounceMs),
    );
  }

  private fireChanged(docName: string): void {
    const timer = this.changeTimers.get(docName);
    if (timer !== undefined) clearTimeout(timer);
    this.changeTimers.delete(docName);
    for (const listener of this.listeners) {
      try {
        listener(docName);
      } catch (error) {
        this.logger.error("document change listener failed", {
          doc: docName,
          error: (error as Error).message,
        });
      }
    }
  }

  private flushChangeNotifications(): void {
    for (const docName of [...this.changeTimers.keys()]) this.fireChanged(docName);
  }
}
