/** The `attachments` table as both SQL stores read and write it (the schema is in each store's migration). */
import type { AttachmentRecord } from "../../shared/attachments";

/** Every column but `data`, so listing never reads the bytes. */
export const ATTACHMENT_COLUMNS =
  "id, analysis_id, owner_kind, owner_id, name, media_type, size, sha256, uploaded_by, uploaded_at";

export interface AttachmentRow {
  readonly id: string;
  readonly analysis_id: string;
  readonly owner_kind: "source" | "evidence";
  readonly owner_id: string;
  readonly name: string;
  readonly media_type: string;
  /** bigint arrives as a string from PostgreSQL. */
  readonly size: number | string;
  readonly sha256: string;
  readonly uploaded_by: string | null;
  readonly uploaded_at: string;
}

export const attachmentRecordOf = (row: AttachmentRow): AttachmentRecord => ({
  id: row.id,
  analysisId: row.analysis_id,
  owner: { kind: row.owner_kind, id: row.owner_id },
  name: row.name,
  mediaType: row.media_type,
  size: Number(row.size),
  sha256: row.sha256,
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at,
});

/** Insert parameters in column order (`data` last). */
export const attachmentValues = (record: AttachmentRecord, bytes: Uint8Array): unknown[] => [
  record.id,
  record.analysisId,
  record.owner.kind,
  record.owner.id,
  record.name,
  record.mediaType,
  record.size,
  record.sha256,
  record.uploadedBy,
  record.uploadedAt,
  bytes,
];
