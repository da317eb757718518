/**
 * The history half of PostgresStore: versions of whole analyses and the activity feed. Activity
 * appends queue and are written in one transaction per tick (one at a time), so recording never
 * waits on the database inside a room's edit path; coalescing is an upsert on the partial unique
 * index over (analysis_id, coalesce_key).
 */
import type pg from "pg";
import { AppError } from "../../shared/errors";
import type { ActivityEntry, ActivityInput } from "../../shared/history/activity";
import type { ActivityQuery, HistoryStore } from "./HistoryStore";
import type { RunQuery } from "./PostgresAccounts";
import { type ActivityRow, activityEntryOf, type VersionRow, versionRecordOf } from "./sqlRows";
import type { StoredVersion, VersionRecord, VersionStore } from "./VersionStore";

/** Runs `work` in one transaction (PostgresStore maps failures to `store_unavailable`). */
export type RunTransaction = <T>(work: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

const INSERT_ACTIVITY = `INSERT INTO activity (analysis_id, doc, user_id, user_name, at, kind, action, target, field,
    before_value, after_value, label, coalesce_key, count)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
  ON CONFLICT (analysis_id, coalesce_key) WHERE coalesce_key IS NOT NULL DO UPDATE SET
    at = excluded.at, after_value = excluded.after_value,
    label = COALESCE(excluded.label, activity.label), count = activity.count + excluded.count`;

const activityValues = (entry: ActivityInput, count: number): unknown[] => [
  entry.analysisId,
  entry.docName,
  entry.userId,
  entry.userName,
  entry.at,
  entry.kind,
  entry.action,
  entry.target,
  entry.field,
  entry.before,
  entry.after,
  entry.label,
  entry.coalesceKey,
  count,
];

/** Writes entries with the caller's client (PostgresStore's appends, inside their update's transaction). */
export async function insertActivity(
  client: pg.PoolClient,
  entries: readonly ActivityInput[],
): Promise<void> {
  for (const entry of entries) await client.query(INSERT_ACTIVITY, activityValues(entry, 1));
}

interface QueuedActivity {
  readonly entries: readonly ActivityInput[];
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class PostgresHistory implements HistoryStore, VersionStore {
  private queue: QueuedActivity[] = [];
  private scheduled = false;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly run: RunQuery,
    private readonly transaction: RunTransaction,
  ) {}

  async saveVersion(record: VersionRecord, documents: ReadonlyMap<string, Uint8Array>): Promise<void> {
    await this.transaction(async (client) => {
      const inserted = await client.query(
        `INSERT INTO versions (id, analysis_id, name, kind, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO NOTHING`,
        [record.id, record.analysisId, record.name, record.kind, record.createdBy, record.createdAt],
      );
      if (inserted.rowCount === 0) throw new AppError("conflict", `version ${record.id} already exists`);
      for (const [doc, data] of documents) {
        await client.query("INSERT INTO version_documents (version_id, doc, data) VALUES ($1, $2, $3)", [
          record.id,
          doc,
          data,
        ]);
      }
    });
  }

  async listVersions(analysisId: string): Promise<VersionRecord[]> {
    const { rows } = await this.run<VersionRow>(
      "SELECT * FROM versions WHERE analysis_id = $1 ORDER BY created_at DESC, ord DESC",
      [analysisId],
    );
    return rows.map(versionRecordOf);
  }

  async getVersion(id: string): Promise<StoredVersion | null> {
    const { rows } = await this.run<VersionRow>("SELECT * FROM versions WHERE id = $1", [id]);
    const row = rows[0];
    if (!row) return null;
    const docs = await this.run<{ doc: string; data: Buffer }>(
      'SELECT doc, data FROM version_documents WHERE version_id = $1 ORDER BY doc COLLATE "C"',
      [id],
    );
    return {
      record: versionRecordOf(row),
      documents: new Map(docs.rows.map((d) => [d.doc, new Uint8Array(d.data)])),
    };
  }

  appendActivity(entries: readonly ActivityInput[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      this.schedule();
    });
  }

  async listActivity(analysisId: string, query: ActivityQuery): Promise<ActivityEntry[]> {
    const where = ["analysis_id = $1"];
    const values: unknown[] = [analysisId];
    const add = (clause: string, value: unknown) => {
      values.push(value);
      where.push(`${clause} $${values.length}`);
    };
    if (query.userId !== undefined) add("user_id =", query.userId);
    if (query.kind !== undefined) add("kind =", query.kind);
    if (query.beforeId !== undefined) add("id <", query.beforeId);
    if (query.beforeAt !== undefined) add("at <", query.beforeAt);
    values.push(query.limit);
    const { rows } = await this.run<ActivityRow>(
      `SELECT * FROM activity WHERE ${where.join(" AND ")} ORDER BY id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(activityEntryOf);
  }

  async lastActivityAt(analysisId: string): Promise<string | null> {
    const { rows } = await this.run<{ at: string | null }>(
      "SELECT MAX(at) AS at FROM activity WHERE analysis_id = $1",
      [analysisId],
    );
    return rows[0]?.at ?? null;
  }

  /** Stores entries copied from another store, keeping their order and folded counts (store migration). */
  async importActivity(entries: readonly ActivityEntry[]): Promise<void> {
    await this.transaction(async (client) => {
      for (const entry of entries) await client.query(INSERT_ACTIVITY, activityValues(entry, entry.count));
    });
  }

  /** Writes what is queued and waits for writes in flight (called on close). */
  async drain(): Promise<void> {
    while (this.flushing !== null || this.queue.length > 0) await (this.flushing ?? this.flush());
  }

  private schedule(): void {
    if (this.scheduled || this.flushing !== null) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return Promise.resolve();
    this.flushing = this.transaction(async (client) => {
      for (const item of batch) await insertActivity(client, item.entries);
    })
      .then(
        () => {
          for (const item of batch) item.resolve();
        },
        (error: Error) => {
          for (const item of batch) item.reject(error);
        },
      )
      .finally(() => {
        this.flushing = null;
        if (this.queue.length > 0) this.schedule();
      });
    return this.flushing;
  }
}
