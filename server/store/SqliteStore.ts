/**
 * SQLite DocumentStore (better-sqlite3, file `<dataDir>/ach.sqlite`).
 *
 * Durability: WAL with `synchronous=NORMAL` by default. A commit is in the WAL file (the OS page
 * cache) before it returns, so a killed process (SIGKILL, crash) loses nothing that was
 * acknowledged; only an OS crash or power loss can drop the last commits. `synchronous: "FULL"`
 * fsyncs every commit for that case, at a throughput cost that group commit keeps bounded.
 *
 * Group commit: appends are queued and written in one transaction on the next `setImmediate`,
 * so a burst of edits costs one commit; each append's promise settles after that commit.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { AppError, notFound } from "../../shared/errors";
import type {
  AnalysisPatch,
  AnalysisRecord,
  DocumentStore,
  StoredDocument,
  StoredUpdateMeta,
} from "./DocumentStore";
import { runMigrations, SQLITE_MIGRATIONS, type SqliteMigration } from "./sqliteMigrations";

export interface SqliteStoreOptions {
  /** Directory holding `ach.sqlite`; created if missing. */
  readonly dataDir: string;
  /** `NORMAL` survives process kills; `FULL` also survives power loss. */
  readonly synchronous?: "NORMAL" | "FULL";
  /** Override only in migration tests. */
  readonly migrations?: readonly SqliteMigration[];
}

interface QueuedAppend {
  readonly name: string;
  readonly data: Uint8Array;
  readonly userId: string | null;
  readonly resolve: (seq: number) => void;
  readonly reject: (error: Error) => void;
}

interface AnalysisRow {
  readonly id: string;
  readonly title: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly archived: number;
  readonly created_by: string | null;
}

const toRecord = (row: AnalysisRow): AnalysisRecord => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  archived: row.archived !== 0,
  createdBy: row.created_by,
});

const storeError = (error: unknown): AppError =>
  error instanceof AppError
    ? error
    : new AppError("store_unavailable", `store write failed: ${(error as Error).message}`, 503);

export class SqliteStore implements DocumentStore {
  /** Schema version after migrations ran on open. */
  readonly schemaVersion: number;
  /** Number of group-commit transactions run (observability and tests). */
  commits = 0;
  private readonly db: Database.Database;
  private queue: QueuedAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly stmts;

  constructor(options: SqliteStoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.db = new Database(join(options.dataDir, "ach.sqlite"));
    this.db.pragma("journal_mode = WAL");
    this.db.pragma(`synchronous = ${options.synchronous ?? "NORMAL"}`);
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 5000");
    this.schemaVersion = runMigrations(this.db, options.migrations ?? SQLITE_MIGRATIONS);
    const db = this.db;
    this.stmts = {
      insertUpdate: db.prepare("INSERT INTO updates (doc, data, user_id, created_at) VALUES (?, ?, ?, ?)"),
      snapshot: db.prepare("SELECT data, through_seq FROM snapshots WHERE doc = ?"),
      log: db.prepare("SELECT seq, data FROM updates WHERE doc = ? ORDER BY seq"),
      upsertSnapshot: db.prepare(
        `INSERT INTO snapshots (doc, data, through_seq, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (doc) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq,
         updated_at = excluded.updated_at WHERE excluded.through_seq >= snapshots.through_seq`,
      ),
      deleteLog: db.prepare("DELETE FROM updates WHERE doc = ? AND seq <= ?"),
      listAnalyses: db.prepare("SELECT * FROM analyses ORDER BY created_at DESC, id"),
      getAnalysis: db.prepare("SELECT * FROM analyses WHERE id = ?"),
      insertAnalysis: db.prepare(
        `INSERT INTO analyses (id, title, created_at, updated_at, archived, created_by)
         VALUES (@id, @title, @createdAt, @updatedAt, @archived, @createdBy)`,
      ),
      getSetting: db.prepare("SELECT value FROM settings WHERE key = ?"),
      setSetting: db.prepare(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ),
      listDocuments: db.prepare(
        `SELECT doc FROM updates WHERE substr(doc, 1, @len) = @prefix
         UNION SELECT doc FROM snapshots WHERE substr(doc, 1, @len) = @prefix ORDER BY doc`,
      ),
      size: db.prepare(
        `SELECT (SELECT COALESCE(SUM(LENGTH(data)), 0) FROM updates WHERE doc = ?)
              + (SELECT COALESCE(SUM(LENGTH(data)), 0) FROM snapshots WHERE doc = ?) AS bytes`,
      ),
    };
  }

  async loadDocument(name: string): Promise<StoredDocument> {
    this.assertOpen();
    const snapshot = this.stmts.snapshot.get(name) as { data: Buffer; through_seq: number } | undefined;
    const rows = this.stmts.log.all(name) as { seq: number; data: Buffer }[];
    const updates: Uint8Array[] = snapshot ? [new Uint8Array(snapshot.data)] : [];
    let logBytes = 0;
    for (const row of rows) {
      updates.push(new Uint8Array(row.data));
      logBytes += row.data.byteLength;
    }
    const last = rows[rows.length - 1];
    return { updates, lastSeq: last?.seq ?? snapshot?.through_seq ?? 0, logCount: rows.length, logBytes };
  }

  appendUpdate(name: string, update: Uint8Array, meta: StoredUpdateMeta): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new AppError("store_unavailable", "store is closed", 503));
        return;
      }
      this.queue.push({ name, data: update, userId: meta.userId, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async compact(name: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.assertOpen();
    try {
      this.db.transaction(() => {
        this.stmts.upsertSnapshot.run(name, snapshot, throughSeq, new Date().toISOString());
        this.stmts.deleteLog.run(name, throughSeq);
      })();
    } catch (error) {
      throw storeError(error);
    }
  }

  async listAnalyses(): Promise<AnalysisRecord[]> {
    this.assertOpen();
    return (this.stmts.listAnalyses.all() as AnalysisRow[]).map(toRecord);
  }

  async getAnalysis(id: string): Promise<AnalysisRecord | null> {
    this.assertOpen();
    const row = this.stmts.getAnalysis.get(id) as AnalysisRow | undefined;
    return row ? toRecord(row) : null;
  }

  async createAnalysis(
    record: AnalysisRecord,
    documents: ReadonlyMap<string, Uint8Array>,
    meta: StoredUpdateMeta,
  ): Promise<void> {
    this.assertOpen();
    if (this.stmts.getAnalysis.get(record.id)) {
      throw new AppError("conflict", `analysis ${record.id} already exists`, 409);
    }
    const now = new Date().toISOString();
    try {
      this.db.transaction(() => {
        this.stmts.insertAnalysis.run({ ...record, archived: record.archived ? 1 : 0 });
        for (const [name, data] of documents) this.stmts.insertUpdate.run(name, data, meta.userId, now);
      })();
    } catch (error) {
      throw storeError(error);
    }
  }

  async updateAnalysis(id: string, patch: AnalysisPatch): Promise<void> {
    this.assertOpen();
    const sets: string[] = ["updated_at = @updatedAt"];
    if (patch.title !== undefined) sets.push("title = @title");
    if (patch.archived !== undefined) sets.push("archived = @archived");
    let changes: number;
    try {
      changes = this.db.prepare(`UPDATE analyses SET ${sets.join(", ")} WHERE id = @id`).run({
        id,
        updatedAt: new Date().toISOString(),
        title: patch.title ?? null,
        archived: patch.archived ? 1 : 0,
      }).changes;
    } catch (error) {
      throw storeError(error);
    }
    if (changes === 0) throw notFound("analysis");
  }

  async getSetting(key: string): Promise<string | null> {
    this.assertOpen();
    const row = this.stmts.getSetting.get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.assertOpen();
    try {
      this.stmts.setSetting.run(key, value);
    } catch (error) {
      throw storeError(error);
    }
  }

  async listDocuments(prefix: string): Promise<string[]> {
    this.assertOpen();
    const rows = this.stmts.listDocuments.all({ prefix, len: prefix.length }) as { doc: string }[];
    return rows.map((row) => row.doc);
  }

  async documentSize(name: string): Promise<number> {
    this.assertOpen();
    return (this.stmts.size.get(name, name) as { bytes: number }).bytes;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const now = new Date().toISOString();
    let seqs: number[];
    try {
      seqs = this.db.transaction(() =>
        batch.map((item) =>
          Number(this.stmts.insertUpdate.run(item.name, item.data, item.userId, now).lastInsertRowid),
        ),
      )();
    } catch (error) {
      const failure = storeError(error);
      for (const item of batch) item.reject(failure);
      return;
    }
    this.commits += 1;
    for (const [index, item] of batch.entries()) item.resolve(seqs[index] ?? 0);
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError("store_unavailable", "store is closed", 503);
  }
}
