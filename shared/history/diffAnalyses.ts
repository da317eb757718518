/**
 * What changed between two JSON views of an analysis, field by field: the "changed since approval"
 * count and, later, the diff of two versions. Pure: both sides are plain AnalysisJson values.
 *
 * One change = one field of one item (a retitled hypothesis is one change, a moved-and-archived
 * row two), one rating cell of one analyst, one override, or one lead setting. Approvals are not
 * changes (approving must not make the analysis "changed since approval"); neither is display
 * order, which the JSON arrays carry implicitly and which no score depends on.
 */
import type { AnalysisJson, EvidenceJson } from "../schema/analysisJson";

export type ChangeArea = "meta" | "hypothesis" | "evidence" | "milestone" | "source" | "rating" | "lead";
export type ChangeKind = "added" | "removed" | "changed";

export interface AnalysisChange {
  readonly area: ChangeArea;
  readonly kind: ChangeKind;
  /** Item id, cell key (ratings, overrides) or setting name (meta, lead). */
  readonly id: string;
  /** The field that changed (items with several fields), or "override" for a lead override. */
  readonly field?: string;
  /** The analyst whose rating changed (area "rating"). */
  readonly analyst?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AnalysisDiff {
  readonly changes: readonly AnalysisChange[];
  /** Number of changes per area, zeros included, for one-line summaries. */
  readonly counts: Readonly<Record<ChangeArea, number>>;
}

/** Structural equality of JSON values (rich text included); key order does not matter. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) if (!sameJson(ra[key], rb[key])) return false;
  return true;
}

/** Fields never compared: bookkeeping that does not change what the analysis says. */
const IGNORED_ITEM_FIELDS = new Set(["id", "createdAt", "createdBy"]);

function diffItems<T extends { readonly id: string }>(
  area: ChangeArea,
  before: readonly T[],
  after: readonly T[],
  out: AnalysisChange[],
): void {
  const old = new Map(before.map((item) => [item.id, item]));
  const now = new Map(after.map((item) => [item.id, item]));
  for (const [id, item] of old) if (!now.has(id)) out.push({ area, kind: "removed", id, before: item });
  for (const [id, item] of now) {
    const previous = old.get(id);
    if (previous === undefined) {
      out.push({ area, kind: "added", id, after: item });
      continue;
    }
    const a = previous as Readonly<Record<string, unknown>>;
    const b = item as Readonly<Record<string, unknown>>;
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
      (f) => !IGNORED_ITEM_FIELDS.has(f),
    );
    for (const field of fields.sort()) {
      if (!sameJson(a[field], b[field])) {
        out.push({ area, kind: "changed", id, field, before: a[field], after: b[field] });
      }
    }
  }
}

/** Removed ids in order, then added and changed ids in order (sorting only the ids that changed). */
function diffRecords(
  area: ChangeArea,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  out: AnalysisChange[],
  extra: { analyst?: string; field?: string } = {},
): void {
  const removed = Object.keys(before).filter((id) => !Object.hasOwn(after, id));
  for (const id of removed.sort()) out.push({ area, kind: "removed", id, ...extra, before: before[id] });
  const differing = Object.keys(after).filter(
    (id) => !Object.hasOwn(before, id) || !sameJson(before[id], after[id]),
  );
  for (const id of differing.sort()) {
    if (!Object.hasOwn(before, id)) out.push({ area, kind: "added", id, ...extra, after: after[id] });
    else out.push({ area, kind: "changed", id, ...extra, before: before[id], after: after[id] });
  }
}

/**
 * A row with its citations compared by what they cite: where a passage sits in the text moves
 * with every edit before it, which changes nothing the row says.
 */
function withoutPositions(row: EvidenceJson): Omit<EvidenceJson, "citations"> & { citations: unknown[] } {
  return { ...row, citations: (row.citations ?? []).map(({ position: _p, ...c }) => c) };
}

/** Every change from `before` to `after` (e.g. the approved version to now), grouped by area. */
export function diffAnalyses(before: AnalysisJson, after: AnalysisJson): AnalysisDiff {
  const changes: AnalysisChange[] = [];
  for (const field of ["title", "question", "classification", "description"] as const) {
    if (!sameJson(before[field], after[field])) {
      changes.push({ area: "meta", kind: "changed", id: field, before: before[field], after: after[field] });
    }
  }
  diffItems("hypothesis", before.hypotheses, after.hypotheses, changes);
  diffItems("evidence", before.evidence.map(withoutPositions), after.evidence.map(withoutPositions), changes);
  diffItems("milestone", before.milestones, after.milestones, changes);
  // Version 1 views (stored before sources existed) have none.
  diffItems("source", before.sources ?? [], after.sources ?? [], changes);

  // An analyst with no ratings left disappears from the JSON view: compare against an empty record.
  const analysts = [...new Set([...Object.keys(before.ratings), ...Object.keys(after.ratings)])].sort();
  for (const analyst of analysts) {
    const a = Object.hasOwn(before.ratings, analyst) ? before.ratings[analyst]?.cells : undefined;
    const b = Object.hasOwn(after.ratings, analyst) ? after.ratings[analyst]?.cells : undefined;
    diffRecords("rating", a ?? {}, b ?? {}, changes, { analyst });
  }

  for (const setting of ["blind", "weights", "conclusion"] as const) {
    if (!sameJson(before.lead[setting], after.lead[setting])) {
      changes.push({
        area: "lead",
        kind: "changed",
        id: setting,
        before: before.lead[setting],
        after: after.lead[setting],
      });
    }
  }
  diffRecords("lead", before.lead.overrides, after.lead.overrides, changes, { field: "override" });

  const counts: Record<ChangeArea, number> = {
    meta: 0,
    hypothesis: 0,
    evidence: 0,
    milestone: 0,
    source: 0,
    rating: 0,
    lead: 0,
  };
  for (const change of changes) counts[change.area]++;
  return { changes, counts };
}
