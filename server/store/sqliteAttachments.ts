/**
 * Attachments in SQLite: one row per file, its bytes in a BLOB column next to the record. A save
 * runs in an IMMEDIATE transaction (the write lock is taken before the sum is read), so the
 * per-analysis total cannot be passed by two uploads at once, even from two processes on one file.
 */
import type Database from "better-sqlite3";
import type { AttachmentRecord } from "../../shared/attachments";
import { AppError } from "../../shared/errors";
import { type AttachmentStore, analysisQuotaMessage, type StoredAttachment } from "./AttachmentStore";
import {
  ATTACHMENT_COLUMNS,
  type AttachmentRow,
  attachmentRecordOf,
  attachmentValues,
} from "./attachmentRows";
import type { SqliteMigration } from "./sqliteMigrations";

/** The migration creating the table (appended to SQLITE_MIGRATIONS). */
export const sqliteAttachmentsMigration: SqliteMigration = (db) => {
  db.exec(`
    CREATE TABLE attachments (
      id TEXT PRIMARY KEY,
      analysis_id TEXT NOT NULL REFERENCES analyses (id),
      owner_kind TEXT NOT NULL CHECK (owner_kind IN ('source', 'evidence')),
      owner_id TEXT NOT NULL,
      name TEXT NOT NULL,
      media_type TEXT NOT NULL,
      size INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      uploaded_by TEXT,
      uploaded_at TEXT NOT NULL,
      data BLOB NOT NULL
    );
    CREATE INDEX attachments_analysis ON attachments (analysis_id, uploaded_at);
  `);
};

const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY";

export class SqliteAttachments implements AttachmentStore {
  private statements:
    | {
        readonly total: Database.Statement;
        readonly insert: Database.Statement;
        readonly list: Database.Statement;
        readonly record: Database.Statement;
        readonly data: Database.Statement;
        readonly remove: Database.Statement;
      }
    | undefined;

  constructor(private readonly db: Database.Database) {}

  /** Prepared on first use: a store opened with older migrations (tests) has no attachments table. */
  private get stmts() {
    const db = this.db;
    this.statements ??= {
      total: db.prepare("SELECT COALESCE(SUM(size), 0) AS bytes FROM attachments WHERE analysis_id = ?"),
      insert: db.prepare(
        `INSERT INTO attachments (${ATTACHMENT_COLUMNS}, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      list: db.prepare(
        `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE analysis_id = ? ORDER BY uploaded_at, rowid`,
      ),
      record: db.prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE analysis_id = ? AND id = ?`),
      data: db.prepare("SELECT data FROM attachments WHERE analysis_id = ? AND id = ?"),
      remove: db.prepare("DELETE FROM attachments WHERE analysis_id = ? AND id = ?"),
    };
    return this.statements;
  }

  async saveAttachment(record: AttachmentRecord, bytes: Uint8Array, maxAnalysisBytes: number): Promise<void> {
    const { total, insert } = this.stmts;
    const save = this.db.transaction(() => {
      const used = (total.get(record.analysisId) as { bytes: number }).bytes;
      if (used + record.size > maxAnalysisBytes) {
        throw new AppError("payload_too_large", analysisQuotaMessage(maxAnalysisBytes));
      }
      insert.run(...attachmentValues(record, bytes));
    });
    try {
      save.immediate();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("conflict", `attachment ${record.id} already exists`);
      if (error instanceof AppError) throw error;
      throw new AppError("store_unavailable", `store write failed: ${(error as Error).message}`);
    }
  }

  async listAttachments(analysisId: string): Promise<AttachmentRecord[]> {
    return (this.stmts.list.all(analysisId) as AttachmentRow[]).map(attachmentRecordOf);
  }

  async getAttachmentRecord(analysisId: string, id: string): Promise<AttachmentRecord | null> {
    const row = this.stmts.record.get(analysisId, id) as AttachmentRow | undefined;
    return row ? attachmentRecordOf(row) : null;
  }

  async getAttachment(analysisId: string, id: string): Promise<StoredAttachment | null> {
    // One read transaction, so a delete between the two reads cannot pair a record with no bytes.
    return this.db.transaction(() => {
      const row = this.stmts.record.get(analysisId, id) as AttachmentRow | undefined;
      const data = this.stmts.data.get(analysisId, id) as { data: Buffer } | undefined;
      return row && data ? { record: attachmentRecordOf(row), bytes: data.data } : null;
    })();
  }

  async deleteAttachment(analysisId: string, id: string): Promise<boolean> {
    return this.stmts.remove.run(analysisId, id).changes > 0;
  }
}
