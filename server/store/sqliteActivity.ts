/**
 * The activity table of SqliteStore, in its own file so the Postgres port reads one place.
 * Appends are queued and written in one transaction a few milliseconds later, so recording never
 * waits on disk inside a room's edit path nor runs ahead of the update commit that a broadcast
 * waits for (a crash can lose those milliseconds of feed entries, never an edit). Coalescing is an upsert on
 * a partial unique index over (analysis_id, coalesce_key); the table is created by the
 * activity migration in sqliteMigrations.ts.
 */
import type Database from "better-sqlite3";
import type { ActivityEntry, ActivityInput } from "../../shared/history/activity";
import type { ActivityQuery, HistoryStore } from "./HistoryStore";
import { type ActivityRow, activityEntryOf } from "./sqlRows";

const ACTIVITY_FLUSH_DELAY_MS = 25;

export class SqliteActivityLog implements HistoryStore {
  private queue: { entries: readonly ActivityInput[]; resolve: () => void; reject: (e: Error) => void }[] =
    [];
  private scheduled = false;
  private statements: { insert: Database.Statement; last: Database.Statement } | undefined;

  constructor(private readonly db: Database.Database) {}

  /** Prepared on first use: a store opened with older migrations (tests) has no activity table. */
  private get stmts(): { insert: Database.Statement; last: Database.Statement } {
    this.statements ??= {
      insert: this.db.prepare(
        `INSERT INTO activity (analysis_id, doc, user_id, user_name, at, kind, action, target, field,
         before_value, after_value, label, coalesce_key)
       VALUES (@analysisId, @docName, @userId, @userName, @at, @kind, @action, @target, @field,
         @before, @after, @label, @coalesceKey)
       ON CONFLICT (analysis_id, coalesce_key) WHERE coalesce_key IS NOT NULL DO UPDATE SET
         at = excluded.at, after_value = excluded.after_value,
         label = COALESCE(excluded.label, activity.label), count = activity.count + 1`,
      ),
      last: this.db.prepare("SELECT MAX(at) AS at FROM activity WHERE analysis_id = ?"),
    };
    return this.statements;
  }

  appendActivity(entries: readonly ActivityInput[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setTimeout(() => this.flush(), ACTIVITY_FLUSH_DELAY_MS);
    });
  }

  async listActivity(analysisId: string, query: ActivityQuery): Promise<ActivityEntry[]> {
    const where = ["analysis_id = @analysisId"];
    if (query.userId !== undefined) where.push("user_id = @userId");
    if (query.kind !== undefined) where.push("kind = @kind");
    if (query.beforeId !== undefined) where.push("id < @beforeId");
    if (query.beforeAt !== undefined) where.push("at < @beforeAt");
    const rows = this.db
      .prepare(`SELECT * FROM activity WHERE ${where.join(" AND ")} ORDER BY id DESC LIMIT @limit`)
      .all({ analysisId, ...query }) as ActivityRow[];
    return rows.map(activityEntryOf);
  }

  async lastActivityAt(analysisId: string): Promise<string | null> {
    return (this.stmts.last.get(analysisId) as { at: string | null }).at;
  }

  /** Writes entries now, inside the caller's transaction (SqliteStore's appends, with their update). */
  insert(entries: readonly ActivityInput[]): void {
    for (const entry of entries) this.stmts.insert.run(entry);
  }

  /** Writes whatever is queued now (also called on close). */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      this.db.transaction(() => {
        for (const item of batch) this.insert(item.entries);
      })();
    } catch (error) {
      for (const item of batch) item.reject(error as Error);
      return;
    }
    for (const item of batch) item.resolve();
  }
}
