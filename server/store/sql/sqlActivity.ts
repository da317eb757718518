/**
 * The activity port over SQL. Appends queue and are written in one transaction per batch (timing per
 * dialect: SqlDialect.activity), so recording never waits on the database inside a room's edit path.
 * Coalescing is an upsert on the partial unique index over (analysis_id, coalesce_key): the stored
 * entry takes the new `at`, `after` and `label` (if any), and its count grows.
 */
import type { ActivityEntry, ActivityInput } from "../../../shared/history/activity";
import type { ActivityStore } from "../ActivityStore";
import { GroupCommit } from "../groupCommit";
import { type ActivityRow, activityEntryOf } from "./rows";
import type { SqlDriver, Statement } from "./SqlDriver";

/** Records one entry that stands for `count` changes (1 when recorded, more when copied folded). */
export const upsertActivity = (entry: ActivityInput, count: number): Statement => ({
  sql: `INSERT INTO activity (analysis_id, doc, user_id, user_name, at, kind, action, target, field,
      before_value, after_value, label, coalesce_key, count)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
    ON CONFLICT (analysis_id, coalesce_key) WHERE coalesce_key IS NOT NULL DO UPDATE SET
      at = excluded.at, after_value = excluded.after_value,
      label = COALESCE(excluded.label, activity.label), count = activity.count + excluded.count`,
  params: [
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
  ],
});

export function sqlActivity(db: SqlDriver): {
  readonly activity: ActivityStore;
  readonly queue: GroupCommit<readonly ActivityInput[], void>;
} {
  const write = async (statements: readonly Statement[]) => {
    if (statements.length > 0) await db.batch(statements);
  };
  const queue = new GroupCommit<readonly ActivityInput[], void>({
    ...db.dialect.activity,
    commit: async (batch) => {
      await write(batch.flat().map((entry) => upsertActivity(entry, 1)));
      return undefined;
    },
  });

  const activity: ActivityStore = {
    appendActivity: (entries) => queue.add(entries),

    async listActivity(analysisId, query) {
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
      const { rows } = await db.query<ActivityRow>(
        `SELECT * FROM activity WHERE ${where.join(" AND ")} ORDER BY id DESC LIMIT $${values.length}`,
        values,
      );
      return rows.map(activityEntryOf);
    },

    async lastActivityAt(analysisId) {
      const { rows } = await db.query<{ at: string | null }>(
        "SELECT MAX(at) AS at FROM activity WHERE analysis_id = $1",
        [analysisId],
      );
      return rows[0]?.at ?? null;
    },

    importActivity: (entries: readonly ActivityEntry[]) =>
      write(entries.map((entry) => upsertActivity(entry, entry.count))),
  };
  return { activity, queue };
}
