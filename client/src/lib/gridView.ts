/**
 * What rows the grid shows and in which order (sort, filter, metadata columns). Pure functions, so
 * the grid and the tests agree.
 */
import type { Evidence } from "../../../shared/schema/contentDoc";
import { EVIDENCE_TYPES, type EvidenceType, type Level } from "../../../shared/schema/vocabulary";

export const META_COLUMNS = [
  "source",
  "date",
  "type",
  "credibility",
  "relevance",
  "admiralty",
  "flag",
] as const;
export type MetaColumn = (typeof META_COLUMNS)[number];

export const META_COLUMN_LABELS: Readonly<Record<MetaColumn, string>> = {
  source: "Source",
  date: "Date",
  type: "Type",
  credibility: "Credibility",
  relevance: "Relevance",
  admiralty: "Admiralty code",
  flag: "Flag",
};

export const DEFAULT_META_COLUMNS: readonly MetaColumn[] = ["source", "type", "credibility", "relevance"];

export const SORT_KEYS = ["order", "date", "type", "credibility", "diagnosticity"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const SORT_LABELS: Readonly<Record<SortKey, string>> = {
  order: "Manual order",
  date: "Date (newest first)",
  type: "Type",
  credibility: "Credibility (high first)",
  diagnosticity: "Diagnosticity (most first)",
};

export interface EvidenceFilter {
  readonly type: EvidenceType | "";
  readonly flaggedOnly: boolean;
  readonly showArchived: boolean;
  readonly text: string;
}

export const NO_FILTER: EvidenceFilter = { type: "", flaggedOnly: false, showArchived: false, text: "" };

const LEVEL_RANK: Readonly<Record<Level, number>> = { high: 0, medium: 1, low: 2 };

/**
 * Rows to show: filtered, then sorted (stable: ties keep the manual order). `keep` ids stay visible
 * whatever the filter says (the row someone has open must not vanish under them when it is archived).
 */
export function visibleEvidence(
  all: readonly Evidence[],
  filter: EvidenceFilter,
  sort: SortKey,
  diagnosticity: ReadonlyMap<string, number | null>,
  keep: ReadonlySet<string> = new Set(),
): Evidence[] {
  const needle = filter.text.trim().toLowerCase();
  const rows = all.filter((e) => {
    if (keep.has(e.id)) return true;
    if (e.archived && !filter.showArchived) return false;
    if (filter.type && e.type !== filter.type) return false;
    if (filter.flaggedOnly && !e.flagged) return false;
    if (needle && !`${e.claim}\n${e.source}`.toLowerCase().includes(needle)) return false;
    return true;
  });
  const index = new Map(all.map((e, i) => [e.id, i]));
  const byOrder = (a: Evidence, b: Evidence): number => (index.get(a.id) ?? 0) - (index.get(b.id) ?? 0);
  const typeRank = (t: EvidenceType): number => EVIDENCE_TYPES.indexOf(t);
  const cmp: Record<SortKey, (a: Evidence, b: Evidence) => number> = {
    order: () => 0,
    // Undated rows last.
    date: (a, b) => (a.date === b.date ? 0 : !a.date ? 1 : !b.date ? -1 : b.date.localeCompare(a.date)),
    type: (a, b) => typeRank(a.type) - typeRank(b.type),
    credibility: (a, b) => LEVEL_RANK[a.credibility] - LEVEL_RANK[b.credibility],
    diagnosticity: (a, b) => {
      const da = diagnosticity.get(a.id) ?? null;
      const db = diagnosticity.get(b.id) ?? null;
      if (da === db) return 0;
      if (da === null) return 1;
      if (db === null) return -1;
      return db - da;
    },
  };
  return rows.sort((a, b) => cmp[sort](a, b) || byOrder(a, b));
}
