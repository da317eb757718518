/**
 * The activity feed's storage (who changed what, in words-ready form), kept apart from the update
 * log because compaction deletes folded log rows while the feed must last as long as the analysis.
 * Versions (snapshots) live in VersionStore. The table and its coalescing upsert are in
 * `sql/sqlActivity.ts`; `tests/server/contracts/activity.contract.ts` states the rules.
 */
import type { ActivityEntry, ActivityInput, ActivityKind } from "../../shared/history/activity";

export interface ActivityQuery {
  readonly userId?: string;
  readonly kind?: ActivityKind;
  /** Only entries with an id below this (paging cursor: the last id of the previous page). */
  readonly beforeId?: number;
  /** Only entries recorded before this ISO time. */
  readonly beforeAt?: string;
  readonly limit: number;
}

export interface ActivityStore {
  /**
   * Records entries without blocking the caller's path (batched into one commit per tick). An entry
   * whose `coalesceKey` matches a stored entry of the same analysis updates that entry instead:
   * its `at`, `after` and `label` become the new ones, `count` grows, `before` stays the first.
   */
  appendActivity(entries: readonly ActivityInput[]): Promise<void>;
  /** Entries of one analysis, newest first. */
  listActivity(analysisId: string, query: ActivityQuery): Promise<ActivityEntry[]>;
  /** Time of the newest entry of an analysis (the version scheduler resumes from it), or null. */
  lastActivityAt(analysisId: string): Promise<string | null>;
  /** Stores entries copied from another store as they are: their order and folded counts (store migration). */
  importActivity(entries: readonly ActivityEntry[]): Promise<void>;
}
