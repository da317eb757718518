/**
 * Attachments' storage: each file's record, and its bytes in chunks written before the record, so
 * that no single statement holds the database (and, on SQLite, the event loop) for a whole file.
 * The record is inserted last, in a short transaction that checks the per-analysis size limit
 * (serialised per analysis), so two concurrent uploads cannot both pass it; bytes without a record
 * are removed when the save fails and, if a crash cut it short, when the store next opens.
 * Implementation: `sql/sqlAttachments.ts`.
 */
import type { AttachmentRecord } from "../../shared/attachments";

export interface AttachmentStore {
  /**
   * Stores the bytes, then the record. Rejects with AppError `payload_too_large` when the analysis's
   * attachments would then exceed `maxAnalysisBytes` in total, and with `conflict` on a reused id;
   * nothing of a refused upload is kept.
   */
  saveAttachment(record: AttachmentRecord, bytes: Uint8Array, maxAnalysisBytes: number): Promise<void>;
  /** The analysis's attachment records (no bytes), oldest first. */
  listAttachments(analysisId: string): Promise<AttachmentRecord[]>;
  /** One record without its bytes (metadata, permission checks), or null. */
  getAttachmentRecord(analysisId: string, id: string): Promise<AttachmentRecord | null>;
  /**
   * One attachment's bytes, chunk by chunk in order (each chunk read on demand), or null when there
   * is none. Rejects with `not_found` mid-way if the attachment is deleted while it is read.
   */
  readAttachment(analysisId: string, id: string): Promise<AsyncIterable<Uint8Array> | null>;
  /** Deletes one attachment with its bytes; false when there was none. */
  deleteAttachment(analysisId: string, id: string): Promise<boolean>;
}

/** Every chunk of an attachment in one buffer (store migration, tests). */
export async function readAllBytes(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** The error a save refuses an over-limit upload with. */
export const analysisQuotaMessage = (maxAnalysisBytes: number): string =>
  `this analysis's attachments would exceed their ${formatMiB(maxAnalysisBytes)} limit; delete some first`;

/** "25 MiB", "0.5 MiB": limits in the words users see. */
export function formatMiB(bytes: number): string {
  return `${Math.round((bytes / 1_048_576) * 10) / 10} MiB`;
}
