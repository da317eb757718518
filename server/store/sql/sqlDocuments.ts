/**
 * The documents port over SQL: the update log, snapshots, the analysis registry and settings.
 * Appends go through one group commit (timing per dialect: SqlDialect.appends).
 *
 * Compaction differs by dialect. SQLite has one writer process: the snapshot replaces the rows it
 * folds in one synchronous transaction. PostgreSQL may have several instances, and an instance's
 * snapshot need not contain rows another one appended (pub/sub may not have delivered them yet). So
 * under a transaction-scoped advisory lock (released by COMMIT or by the connection dying, never by a
 * timer) it folds the stored snapshot and the log rows it reads into the caller's snapshot, and deletes
 * exactly the rows it folded. Two instances compacting one document at once serialise on the lock.
 */
import { AppError, notFound } from "../../../shared/errors";
import { foldUpdates } from "../../workers/foldUpdates";
import type { DocumentStore, StoredUpdateMeta } from "../DocumentStore";
import { GroupCommit } from "../groupCommit";
import { type AnalysisRow, analysisRecordOf, bytesOf, type StoredRow } from "./rows";
import type { SqlDialect, SqlDriver, Statement } from "./SqlDriver";
import { upsertMember } from "./sqlAccounts";
import { upsertActivity } from "./sqlActivity";

interface Append {
  readonly name: string;
  readonly data: Uint8Array;
  readonly meta: StoredUpdateMeta;
}

type Fold = (updates: readonly Uint8Array[]) => Promise<Uint8Array>;

/**
 * INSERTs of log rows, `rowsPerInsert` to a statement, each returning the seqs it assigned (or, with
 * `dialect.lastRowid`, one row each, whose seq is the result's `lastRowid`).
 */
function insertUpdates(dialect: SqlDialect, rows: readonly Append[], now: string): Statement[] {
  const statements: Statement[] = [];
  for (let start = 0; start < rows.length; start += dialect.rowsPerInsert) {
    const params: unknown[] = [now];
    const tuples = rows.slice(start, start + dialect.rowsPerInsert).map((row) => {
      params.push(row.name, row.data, row.meta.userId);
      const base = params.length - 2;
      return `($${base}, $${base + 1}, $${base + 2}, $1)`;
    });
    statements.push({
      sql: `INSERT INTO updates (doc, data, user_id, created_at) VALUES ${tuples.join(", ")}${dialect.lastRowid ? "" : " RETURNING seq"}`,
      params,
    });
  }
  return statements;
}

const UPSERT_SNAPSHOT = `INSERT INTO snapshots (doc, data, through_seq, updated_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (doc) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq,
  updated_at = excluded.updated_at`;

async function compactInPlace(db: SqlDriver, name: string, snapshot: Uint8Array, throughSeq: number) {
  await db.batch([
    {
      // An older compaction than the stored snapshot changes nothing.
      sql: `${UPSERT_SNAPSHOT} WHERE excluded.through_seq >= snapshots.through_seq`,
      params: [name, snapshot, throughSeq, new Date().toISOString()],
    },
    { sql: "DELETE FROM updates WHERE doc = $1 AND seq <= $2", params: [name, throughSeq] },
  ]);
}

async function compactFolding(
  db: SqlDriver,
  name: string,
  snapshot: Uint8Array,
  throughSeq: number,
  fold: Fold,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.lock(`:compact:${name}`);
    const stored = await tx.query<{ data: Buffer; through_seq: string }>(
      "SELECT data, through_seq FROM snapshots WHERE doc = $1",
      [name],
    );
    const rows = await tx.query<{ seq: string; data: Buffer }>(
      "SELECT seq, data FROM updates WHERE doc = $1 AND seq <= $2 ORDER BY seq",
      [name, throughSeq],
    );
    const previous = stored.rows[0];
    const folded = await fold([
      ...(previous ? [bytesOf(previous.data)] : []),
      ...rows.rows.map((row) => bytesOf(row.data)),
      snapshot,
    ]);
    const through = Math.max(throughSeq, Number(previous?.through_seq ?? 0));
    await tx.query(UPSERT_SNAPSHOT, [name, folded, through, new Date().toISOString()]);
    // Only the rows read above: a row committed meanwhile by another instance stays in the log.
    await tx.query("DELETE FROM updates WHERE doc = $1 AND seq = ANY($2::bigint[])", [
      name,
      rows.rows.map((row) => row.seq),
    ]);
  });
}

export function sqlDocuments(db: SqlDriver): {
  readonly documents: DocumentStore;
  readonly appends: GroupCommit<Append, number>;
} {
  const dialect = db.dialect;
  const appends = new GroupCommit<Append, number>({
    ...dialect.appends,
    commit: async (batch) => {
      const inserts = insertUpdates(dialect, batch, new Date().toISOString());
      // An edit's activity entries commit in the same transaction as its update (in append order,
      // so coalescing folds them as the feed would), so both are stored or neither.
      const activity = batch
        .flatMap((item) => item.meta.activity ?? [])
        .map((entry) => upsertActivity(entry, 1));
      const results = await db.batch([...inserts, ...activity]);
      if (dialect.lastRowid)
        return results.slice(0, inserts.length).map((result) => Number(result.lastRowid));
      // Seqs are assigned in VALUES order; sorting does not rely on RETURNING's order.
      return results
        .slice(0, inserts.length)
        .flatMap((result) => result.rows.map((row) => Number(row.seq)))
        .sort((a, b) => a - b);
    },
  });

  const documents: DocumentStore = {
    async loadDocument(name) {
      // One statement, so a compaction between two SELECTs cannot hide rows.
      const { rows } = await db.query<StoredRow>(
        `SELECT 0 AS kind, through_seq AS seq, data FROM snapshots WHERE doc = $1
         UNION ALL SELECT 1 AS kind, seq, data FROM updates WHERE doc = $1
         ORDER BY kind, seq`,
        [name],
      );
      let lastSeq = 0;
      let logCount = 0;
      let logBytes = 0;
      for (const row of rows) {
        lastSeq = Math.max(lastSeq, Number(row.seq));
        if (row.kind === 1) {
          logCount += 1;
          logBytes += row.data.byteLength;
        }
      }
      return { updates: rows.map((row) => bytesOf(row.data)), lastSeq, logCount, logBytes };
    },

    appendUpdate: (name, data, meta) => appends.add({ name, data, meta }),

    compact: (name, snapshot, throughSeq, fold = async (updates) => foldUpdates(updates)) =>
      dialect.name === "sqlite"
        ? compactInPlace(db, name, snapshot, throughSeq)
        : compactFolding(db, name, snapshot, throughSeq, fold),

    async listAnalyses() {
      const { rows } = await db.query<AnalysisRow>(
        `SELECT * FROM analyses ORDER BY created_at DESC, id${dialect.byCodePoint}`,
      );
      return rows.map(analysisRecordOf);
    },

    async getAnalysis(id) {
      const { rows } = await db.query<AnalysisRow>("SELECT * FROM analyses WHERE id = $1", [id]);
      return rows[0] ? analysisRecordOf(rows[0]) : null;
    },

    async createAnalysis(record, states, meta, members = []) {
      const rows = [...states].map(([name, data]) => ({ name, data, meta }));
      await db.batch([
        {
          sql: `INSERT INTO analyses (id, title, created_at, updated_at, archived, created_by)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          params: [
            record.id,
            record.title,
            record.createdAt,
            record.updatedAt,
            record.archived,
            record.createdBy,
          ],
          unlessChanged: () => new AppError("conflict", `analysis ${record.id} already exists`),
        },
        ...insertUpdates(dialect, rows, new Date().toISOString()),
        ...members.map((member) => upsertMember(dialect, member)),
      ]);
    },

    async updateAnalysis(id, patch) {
      const { changes } = await db.query(
        `UPDATE analyses SET updated_at = $2, title = COALESCE($3, title), archived = COALESCE($4, archived)
         WHERE id = $1`,
        [id, new Date().toISOString(), patch.title ?? null, patch.archived ?? null],
      );
      if (changes === 0) throw notFound("analysis");
    },

    async getSetting(key) {
      const { rows } = await db.query<{ value: string }>("SELECT value FROM settings WHERE key = $1", [key]);
      return rows[0]?.value ?? null;
    },

    async setSetting(key, value) {
      await db.query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
      );
    },

    async listDocuments(prefix) {
      const { rows } = await db.query<{ doc: string }>(
        `SELECT doc FROM updates WHERE substr(doc, 1, $2) = $1
         UNION SELECT doc FROM snapshots WHERE substr(doc, 1, $2) = $1`,
        [prefix, prefix.length],
      );
      // Code-point order whatever the database collation.
      return rows.map((row) => row.doc).sort();
    },

    async documentSize(name) {
      const { rows } = await db.query<{ bytes: number | string }>(
        `SELECT (SELECT COALESCE(SUM(length(data)), 0) FROM updates WHERE doc = $1)
              + (SELECT COALESCE(SUM(length(data)), 0) FROM snapshots WHERE doc = $1) AS bytes`,
        [name],
      );
      return Number(rows[0]?.bytes ?? 0);
    },
  };
  return { documents, appends };
}
