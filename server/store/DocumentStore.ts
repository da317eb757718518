/**
 * Persistence behind the sync server: an append-only update log per document plus a snapshot the
 * compactor folds the log into, the analysis registry and a few instance settings. Async so a
 * PostgreSQL implementation sits behind the same interface.
 */
import type { ActivityInput } from "../../shared/history/activity";
import type { MemberRecord } from "./AccountStore";

/** Who sent an update (attribution; history reads it later). */
export interface StoredUpdateMeta {
  readonly userId: string | null;
  /**
   * The edit's activity-feed entries: a store that keeps the feed writes them in the same
   * transaction as the update (with `ActivityStore.appendActivity`'s coalescing), so an edit and
   * its feed entries are stored together or not at all.
   */
  readonly activity?: readonly ActivityInput[];
}

export interface AnalysisRecord {
  readonly id: string;
  readonly title: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly archived: boolean;
  readonly createdBy: string | null;
}

/** What a document loads from: the snapshot (if any) and the log rows appended after it. */
export interface StoredDocument {
  /** Snapshot first (if any), then the log tail in append order. */
  readonly updates: readonly Uint8Array[];
  /** Highest log sequence number folded into the loaded state (0 when empty). */
  readonly lastSeq: number;
  /** Log rows not yet folded into the snapshot, so compaction thresholds survive restarts. */
  readonly logCount: number;
  readonly logBytes: number;
}

export interface AnalysisPatch {
  readonly title?: string;
  readonly archived?: boolean;
}

export interface DocumentStore {
  /**
   * Everything stored for a document: the snapshot (if any) first, then the log tail, in append
   * order. The arrays belong to the caller (it may transfer them to a worker thread).
   */
  loadDocument(name: string): Promise<StoredDocument>;
  /**
   * Durably appends one update (and `meta.activity`, in the same transaction) and resolves with
   * its log sequence number once committed (an idle store may commit at once; appends under load
   * share transactions). Rejects on write failure.
   */
  appendUpdate(name: string, update: Uint8Array, meta: StoredUpdateMeta): Promise<number>;
  /**
   * Atomically stores `snapshot` as the document's state and deletes its log rows with
   * seq <= `throughSeq`; the snapshot must contain every one of them. A store that must fold it
   * with what it holds (PostgreSQL, against other instances compacting too) uses `fold`, which the
   * server runs in a worker thread; `snapshot` may be moved there.
   */
  compact(
    name: string,
    snapshot: Uint8Array,
    throughSeq: number,
    fold?: (updates: readonly Uint8Array[]) => Promise<Uint8Array>,
  ): Promise<void>;
  /** Analysis registry (the list page; titles mirrored from the content doc), newest first. */
  listAnalyses(): Promise<AnalysisRecord[]>;
  getAnalysis(id: string): Promise<AnalysisRecord | null>;
  /**
   * Atomically registers the analysis, stores each document's initial state (docName → full Yjs
   * update) and its first `members` (e.g. the creator as lead): a crash never leaves an analysis
   * that nobody may open.
   */
  createAnalysis(
    record: AnalysisRecord,
    documents: ReadonlyMap<string, Uint8Array>,
    meta: StoredUpdateMeta,
    members?: readonly MemberRecord[],
  ): Promise<void>;
  /** Rejects with AppError `not_found` when the analysis does not exist. */
  updateAnalysis(id: string, patch: AnalysisPatch): Promise<void>;
  /** Small key/value for instance facts (e.g. "seeded" so the sample is created once). */
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  /** Names of documents with stored state whose name starts with `prefix` (e.g. `<id>/ratings/`), sorted. */
  listDocuments(prefix: string): Promise<string[]>;
  /** Bytes stored for a document (snapshot + log), for /healthz and size reports. */
  documentSize(name: string): Promise<number>;
}
