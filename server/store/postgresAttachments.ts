/**
 * Attachments in PostgreSQL: one row per file, its bytes in a bytea column next to the record. A
 * save takes a transaction-scoped advisory lock per analysis before it sums the analysis's sizes,
 * so concurrent uploads to one analysis (from any instance) are checked one after the other.
 */
import type pg from "pg";
import type { AttachmentRecord } from "../../shared/attachments";
import { AppError } from "../../shared/errors";
import { type AttachmentStore, analysisQuotaMessage, type StoredAttachment } from "./AttachmentStore";
import {
  ATTACHMENT_COLUMNS,
  type AttachmentRow,
  attachmentRecordOf,
  attachmentValues,
} from "./attachmentRows";
import type { RunQuery } from "./PostgresAccounts";
import type { RunTransaction } from "./PostgresHistory";
import type { PostgresMigration } from "./postgresMigrations";

/** The migration creating the table (appended to POSTGRES_MIGRATIONS). */
export const postgresAttachmentsMigration: PostgresMigration = async (client) => {
  await client.query(`
    CREATE TABLE attachments (
      id TEXT PRIMARY KEY,
      ord BIGSERIAL NOT NULL,
      analysis_id TEXT NOT NULL REFERENCES analyses (id),
      owner_kind TEXT NOT NULL CHECK (owner_kind IN ('source', 'evidence')),
      owner_id TEXT NOT NULL,
      name TEXT NOT NULL,
      media_type TEXT NOT NULL,
      size BIGINT NOT NULL,
      sha256 TEXT NOT NULL,
      uploaded_by TEXT,
      uploaded_at TEXT NOT NULL,
      data BYTEA NOT NULL
    );
    CREATE INDEX attachments_analysis ON attachments (analysis_id, uploaded_at);
  `);
};

const bytesOf = (data: Buffer): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

export class PostgresAttachments implements AttachmentStore {
  constructor(
    private readonly run: RunQuery,
    private readonly transaction: RunTransaction,
  ) {}

  async saveAttachment(record: AttachmentRecord, bytes: Uint8Array, maxAnalysisBytes: number): Promise<void> {
    await this.transaction(async (client: pg.PoolClient) => {
      await client.query(
        "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':attachments:' || $1))",
        [record.analysisId],
      );
      const used = await client.query<{ bytes: string }>(
        "SELECT COALESCE(SUM(size), 0) AS bytes FROM attachments WHERE analysis_id = $1",
        [record.analysisId],
      );
      if (Number(used.rows[0]?.bytes ?? 0) + record.size > maxAnalysisBytes) {
        throw new AppError("payload_too_large", analysisQuotaMessage(maxAnalysisBytes));
      }
      const inserted = await client.query(
        `INSERT INTO attachments (${ATTACHMENT_COLUMNS}, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
        attachmentValues(record, bytes),
      );
      if (inserted.rowCount === 0) throw new AppError("conflict", `attachment ${record.id} already exists`);
    });
  }

  async listAttachments(analysisId: string): Promise<AttachmentRecord[]> {
    const { rows } = await this.run<AttachmentRow>(
      `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE analysis_id = $1 ORDER BY uploaded_at, ord`,
      [analysisId],
    );
    return rows.map(attachmentRecordOf);
  }

  async getAttachmentRecord(analysisId: string, id: string): Promise<AttachmentRecord | null> {
    const { rows } = await this.run<AttachmentRow>(
      `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE analysis_id = $1 AND id = $2`,
      [analysisId, id],
    );
    return rows[0] ? attachmentRecordOf(rows[0]) : null;
  }

  async getAttachment(analysisId: string, id: string): Promise<StoredAttachment | null> {
    const { rows } = await this.run<AttachmentRow & { data: Buffer }>(
      `SELECT ${ATTACHMENT_COLUMNS}, data FROM attachments WHERE analysis_id = $1 AND id = $2`,
      [analysisId, id],
    );
    const row = rows[0];
    return row ? { record: attachmentRecordOf(row), bytes: bytesOf(row.data) } : null;
  }

  async deleteAttachment(analysisId: string, id: string): Promise<boolean> {
    const result = await this.run("DELETE FROM attachments WHERE analysis_id = $1 AND id = $2", [
      analysisId,
      id,
    ]);
    return (result.rowCount ?? 0) > 0;
  }
}
