/** Rows of the tables whose shape both SQL stores share, and their mapping to domain records. */
import type { ActivityEntry } from "../../shared/history/activity";
import type { VersionKind, VersionRecord } from "./VersionStore";

export interface ActivityRow {
  /** INTEGER in SQLite, BIGSERIAL (returned as a string) in PostgreSQL. */
  readonly id: number | string;
  readonly analysis_id: string;
  readonly doc: string;
  readonly user_id: string | null;
  readonly user_name: string | null;
  readonly at: string;
  readonly kind: ActivityEntry["kind"];
  readonly action: ActivityEntry["action"];
  readonly target: string | null;
  readonly field: string | null;
  readonly before_value: string | null;
  readonly after_value: string | null;
  readonly label: string | null;
  readonly count: number;
  readonly coalesce_key: string | null;
}

export const activityEntryOf = (row: ActivityRow): ActivityEntry => ({
  id: Number(row.id),
  analysisId: row.analysis_id,
  docName: row.doc,
  userId: row.user_id,
  userName: row.user_name,
  at: row.at,
  kind: row.kind,
  action: row.action,
  target: row.target,
  field: row.field,
  before: row.before_value,
  after: row.after_value,
  label: row.label,
  count: row.count,
  coalesceKey: row.coalesce_key,
});

export interface VersionRow {
  readonly id: string;
  readonly analysis_id: string;
  readonly name: string;
  readonly kind: VersionKind;
  readonly created_by: string | null;
  readonly created_at: string;
}

export const versionRecordOf = (row: VersionRow): VersionRecord => ({
  id: row.id,
  analysisId: row.analysis_id,
  name: row.name,
  kind: row.kind,
  createdBy: row.created_by,
  createdAt: row.created_at,
});
