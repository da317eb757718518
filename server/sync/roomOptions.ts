/** What a room is configured with (RoomManager fills in the defaults). */
import type { DocumentStore } from "../store/DocumentStore";
import type { ConnectionLimits } from "./Connection";
import type { Fanout } from "./Fanout";
import type { SyncHooks } from "./hooks";
import type { Logger } from "./logger";
import type { Room } from "./Room";
import type { AdmissionOptions } from "./UpdateAdmission";

/** How a room reports store health and its end to its manager (/healthz, the room map). */
export interface RoomHealth {
  /** A load or commit succeeded (the store answers again). */
  ok(room: Room): void;
  /** A load or a round of appends failed. */
  failed(room: Room, error: Error): void;
  /** The room left memory. */
  unloaded(room: Room): void;
}

export interface RoomOptions {
  readonly store: DocumentStore;
  readonly logger: Logger;
  readonly hooks: SyncHooks;
  readonly health: RoomHealth;
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
