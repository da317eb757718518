/**
 * The attachment port over SQL, the same on both dialects. A file's bytes go into `attachment_chunks`
 * (CHUNK_BYTES a row), each chunk its own short statement with a turn of the event loop between
 * them: on SQLite a write blocks the process, and one 25 MiB BLOB held every room for seconds. The
 * record follows in one short transaction that takes the analysis's lock (PostgreSQL: an advisory
 * lock across instances; SQLite: BEGIN IMMEDIATE) before summing the analysis's sizes, so two
 * concurrent uploads are checked one after the other. Reads go chunk by chunk too.
 */
import { randomUUID } from "node:crypto";
import type { AttachmentRecord } from "../../../shared/attachments";
import { AppError } from "../../../shared/errors";
import { type AttachmentStore, analysisQuotaMessage } from "../AttachmentStore";
import { type AttachmentRow, attachmentRecordOf, bytesOf } from "./rows";
import type { SqlDriver } from "./SqlDriver";

/** Bytes per chunk row: a short write on SQLite, a modest bytea on PostgreSQL. */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Age past which chunks without a record are taken for a crashed upload's. Younger ones may belong
 * to an upload in flight on another instance (PostgreSQL) that will still insert its record.
 */
export const ORPHAN_CHUNK_AGE_MS = 60 * 60 * 1000;

/** Every column but `blob_id`, in insert order. */
const COLUMNS =
  "id, analysis_id, owner_kind, owner_id, name, media_type, size, sha256, uploaded_by, uploaded_at";

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function sqlAttachments(db: SqlDriver): {
  readonly attachments: AttachmentStore;
  /** Removes chunks a crashed upload left without a record (run when the store opens). */
  readonly removeOrphanChunks: () => Promise<void>;
} {
  const deleteChunks = (blobId: string) =>
    db.query("DELETE FROM attachment_chunks WHERE blob_id = $1", [blobId]);

  const writeChunks = async (blobId: string, bytes: Uint8Array): Promise<void> => {
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const writtenAt = new Date().toISOString();
    // An empty file still has one (empty) chunk, so reading it finds its blob.
    for (let seq = 0, at = 0; seq === 0 || at < data.byteLength; seq += 1, at += CHUNK_BYTES) {
      await db.query(
        "INSERT INTO attachment_chunks (blob_id, seq, data, written_at) VALUES ($1, $2, $3, $4)",
        [blobId, seq, data.subarray(at, at + CHUNK_BYTES), writtenAt],
      );
      await nextTurn();
    }
  };

  const insertRecord = (record: AttachmentRecord, blobId: string, maxAnalysisBytes: number) =>
    // On SQLite nothing in here waits on a timer or I/O, so the transaction ends within the turn it
    // began in and never holds the file while another handle's upload waits for it.
    db.transaction(async (tx) => {
      await tx.lock(`attachments:${record.analysisId}`);
      const used = await tx.query<{ bytes: number | string }>(
        "SELECT COALESCE(SUM(size), 0) AS bytes FROM attachments WHERE analysis_id = $1",
        [record.analysisId],
      );
      if (Number(used.rows[0]?.bytes ?? 0) + record.size > maxAnalysisBytes) {
        throw new AppError("payload_too_large", analysisQuotaMessage(maxAnalysisBytes));
      }
      const inserted = await tx.query(
        `INSERT INTO attachments (${COLUMNS}, blob_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
          ON CONFLICT (id) DO NOTHING`,
        [
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
          blobId,
        ],
      );
      if (inserted.changes === 0) throw new AppError("conflict", `attachment ${record.id} already exists`);
    });

  const attachments: AttachmentStore = {
    async saveAttachment(record, bytes, maxAnalysisBytes) {
      const blobId = randomUUID();
      try {
        await writeChunks(blobId, bytes);
        await insertRecord(record, blobId, maxAnalysisBytes);
      } catch (error) {
        // Best effort: what stays behind is removed when the store next opens.
        await deleteChunks(blobId).catch(() => undefined);
        throw error;
      }
    },

    async listAttachments(analysisId) {
      const { rows } = await db.query<AttachmentRow>(
        `SELECT ${COLUMNS} FROM attachments WHERE analysis_id = $1 ORDER BY uploaded_at, ${db.dialect.insertOrder}`,
        [analysisId],
      );
      return rows.map(attachmentRecordOf);
    },

    async getAttachmentRecord(analysisId, id) {
      const { rows } = await db.query<AttachmentRow>(
        `SELECT ${COLUMNS} FROM attachments WHERE analysis_id = $1 AND id = $2`,
        [analysisId, id],
      );
      return rows[0] ? attachmentRecordOf(rows[0]) : null;
    },

    async readAttachment(analysisId, id) {
      const { rows } = await db.query<{ blob_id: string; size: number | string }>(
        "SELECT blob_id, size FROM attachments WHERE analysis_id = $1 AND id = $2",
        [analysisId, id],
      );
      const found = rows[0];
      if (!found) return null;
      const size = Number(found.size);
      return (async function* chunks() {
        let read = 0;
        for (let seq = 0; ; seq += 1) {
          const chunk = await db.query<{ data: Buffer }>(
            "SELECT data FROM attachment_chunks WHERE blob_id = $1 AND seq = $2",
            [found.blob_id, seq],
          );
          const data = chunk.rows[0]?.data;
          if (data === undefined) break;
          read += data.byteLength;
          yield bytesOf(data);
        }
        // Fewer bytes than the record says: the attachment was deleted while it was read.
        if (read !== size) throw new AppError("not_found", "the attachment was deleted while it was read");
      })();
    },

    async deleteAttachment(analysisId, id) {
      const { rows } = await db.query<{ blob_id: string }>(
        "SELECT blob_id FROM attachments WHERE analysis_id = $1 AND id = $2",
        [analysisId, id],
      );
      const found = rows[0];
      if (!found) return false;
      const [removed] = await db.batch([
        { sql: "DELETE FROM attachments WHERE id = $1 AND blob_id = $2", params: [id, found.blob_id] },
        { sql: "DELETE FROM attachment_chunks WHERE blob_id = $1", params: [found.blob_id] },
      ]);
      return (removed?.changes ?? 0) > 0;
    },
  };

  const removeOrphanChunks = async (): Promise<void> => {
    const before = new Date(Date.now() - ORPHAN_CHUNK_AGE_MS).toISOString();
    await db.query(
      `DELETE FROM attachment_chunks WHERE written_at < $1
        AND NOT EXISTS (SELECT 1 FROM attachments WHERE attachments.blob_id = attachment_chunks.blob_id)`,
      [before],
    );
  };

  return { attachments, removeOrphanChunks };
}
