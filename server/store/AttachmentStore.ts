/**
 * Attachments' storage: each file's record and its bytes in one row, so a record never exists
 * without its bytes nor bytes without a record. The per-analysis size limit is checked inside the
 * write transaction (serialised per analysis), so two concurrent uploads cannot both pass it and
 * a refused upload leaves nothing behind. Implementations: `sqliteAttachments.ts` (BLOB),
 * `postgresAttachments.ts` (bytea), `memoryAttachments.ts`; one contract suite runs against all.
 */
import type { AttachmentRecord } from "../../shared/attachments";

export interface StoredAttachment {
  readonly record: AttachmentRecord;
  readonly bytes: Uint8Array;
}

export interface AttachmentStore {
  /**
   * Stores the record and its bytes atomically. Rejects with AppError `payload_too_large` when the
   * analysis's attachments would then exceed `maxAnalysisBytes` in total (nothing is stored), and
   * with `conflict` on a reused id.
   */
  saveAttachment(record: AttachmentRecord, bytes: Uint8Array, maxAnalysisBytes: number): Promise<void>;
  /** The analysis's attachment records (no bytes), oldest first. */
  listAttachments(analysisId: string): Promise<AttachmentRecord[]>;
  /** One record without its bytes (metadata, permission checks), or null. */
  getAttachmentRecord(analysisId: string, id: string): Promise<AttachmentRecord | null>;
  /** One record with its bytes, or null. */
  getAttachment(analysisId: string, id: string): Promise<StoredAttachment | null>;
  /** Deletes one attachment; false when there was none. */
  deleteAttachment(analysisId: string, id: string): Promise<boolean>;
}

/** Whether a store keeps attachments (routes answer `store_unavailable` otherwise). */
export function isAttachmentStore(store: object): store is AttachmentStore {
  const s = store as Partial<AttachmentStore>;
  return (
    typeof s.saveAttachment === "function" &&
    typeof s.listAttachments === "function" &&
    typeof s.getAttachmentRecord === "function" &&
    typeof s.getAttachment === "function" &&
    typeof s.deleteAttachment === "function"
  );
}

/** The error both SQL stores and the memory store refuse an over-limit upload with. */
export const analysisQuotaMessage = (maxAnalysisBytes: number): string =>
  `this analysis's attachments would exceed their ${formatMiB(maxAnalysisBytes)} limit; delete some first`;

/** "25 MiB", "0.5 MiB": limits in the words users see. */
export function formatMiB(bytes: number): string {
  return `${Math.round((bytes / 1_048_576) * 10) / 10} MiB`;
}
