/**
 * Folds a document's update log into its snapshot once the log passes a threshold (rows or bytes).
 *
 * It waits for a quiet period without commits, so its store write never stalls a burst of edits,
 * unless the log is `COMPACT_FORCE_FACTOR` times over a threshold. It folds what the store holds
 * (not the live doc, whose encoding would stall the thread), in a worker through `fold`, into a
 * snapshot that contains exactly the log rows up to the `lastSeq` that read saw. The byte
 * threshold is at least the snapshot's size: rewriting the snapshot costs its size on this
 * thread, so the bytes written stay proportional to the bytes appended, however big the document.
 */
import type { DocumentStore, StoredDocument } from "../store/DocumentStore";
import type { Logger } from "./logger";

/** A log this many times over a compaction threshold compacts without waiting for a lull. */
export const COMPACT_FORCE_FACTOR = 8;

export interface CompactorOptions {
  readonly name: string;
  readonly store: Pick<DocumentStore, "loadDocument" | "compact">;
  readonly logger: Logger;
  readonly fold: (updates: readonly Uint8Array[]) => Promise<Uint8Array>;
  /** Fold once the log holds more than this many updates… */
  readonly maxUpdates: number;
  /** …or more than this many bytes. */
  readonly maxBytes: number;
  readonly quietMs: number;
  /** After a failed compaction, none is tried for this long. */
  readonly failureBackoffMs: number;
  /** Whether the room may compact now (loaded, not destroyed). */
  readonly isReady: () => boolean;
  /** A compaction finished (the room may now be idle). */
  readonly settled: () => void;
}

export class Compactor {
  private logCount = 0;
  private logBytes = 0;
  private snapshotBytes = 0;
  private compacting = false;
  private lastFailure = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: CompactorOptions) {}

  /** A compaction is running. */
  get busy(): boolean {
    return this.compacting;
  }

  /** The document was loaded from `stored`; `force` compacts even under the thresholds (orphans were dropped). */
  loaded(stored: StoredDocument, force: boolean): void {
    this.logCount = stored.logCount;
    this.logBytes = stored.logBytes;
    this.snapshotBytes = stored.updates.length > stored.logCount ? (stored.updates[0]?.byteLength ?? 0) : 0;
    this.consider(force);
  }

  /** Updates of `bytes` each were committed to the log. */
  appended(sizes: readonly number[]): void {
    for (const bytes of sizes) {
      this.logCount += 1;
      this.logBytes += bytes;
    }
    this.consider(false);
  }

  /** Compacts now whatever the thresholds (e.g. so erased content leaves the store). */
  request(): void {
    this.consider(true);
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private consider(force: boolean): void {
    if (this.compacting || !this.options.isReady()) return;
    const { maxUpdates, quietMs } = this.options;
    const maxBytes = Math.max(this.options.maxBytes, this.snapshotBytes);
    if (!force && this.logCount <= maxUpdates && this.logBytes <= maxBytes) return;
    if (Date.now() - this.lastFailure < this.options.failureBackoffMs) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const overdue =
      force ||
      this.logCount > COMPACT_FORCE_FACTOR * maxUpdates ||
      this.logBytes > COMPACT_FORCE_FACTOR * maxBytes;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (this.compacting || !this.options.isReady()) return;
        this.compacting = true;
        void this.compact();
      },
      overdue ? 0 : quietMs,
    );
  }

  private async compact(): Promise<void> {
    const { name, store, fold, logger } = this.options;
    try {
      const stored = await store.loadDocument(name);
      const snapshot = await fold(stored.updates);
      if (!this.options.isReady()) return;
      const snapshotBytes = snapshot.byteLength;
      await store.compact(name, snapshot, stored.lastSeq, fold);
      // Rows committed after the read stay in the log and in these counts.
      this.logCount = Math.max(0, this.logCount - stored.logCount);
      this.logBytes = Math.max(0, this.logBytes - stored.logBytes);
      this.snapshotBytes = snapshotBytes;
      logger.info("compacted", { doc: name, updates: stored.logCount, snapshotBytes });
    } catch (error) {
      this.lastFailure = Date.now();
      logger.warn("compaction failed", { doc: name, error: (error as Error).message });
    } finally {
      this.compacting = false;
      this.options.settled();
    }
  }
}
