/**
 * What each matrix row shows, as plain values: per cell the code(s), disagreement level, the
 * others' marks, the tooltip detail and the comment count. The grid asks for a row's view as the
 * row scrolls in; a view is built at most once per change of what it reads (my ratings, the
 * others' ratings, the report, the view, the comments) and kept, so scrolling never
 * reads a Y.Doc, and a view equal to the previous one is the previous object, which lets a
 * memoised row skip rendering when a change elsewhere in the matrix did not touch it.
 */
import { useCallback, useMemo, useRef } from "react";
import type { Evidence, Hypothesis } from "../../../shared/schema/contentDoc";
import { cellKey } from "../../../shared/schema/ids";
import type { RatingCode } from "../../../shared/schema/vocabulary";
import type { DisagreementLevel, ScoreReport } from "../../../shared/scoring/types";
import type { GridView } from "../components/MatrixGrid";
import { encodeOthers } from "../lib/otherMarks";
import type { RaterRatings, TeamRater } from "./useTeamRatings";

export interface CellView {
  /** Main code: mine, the consensus, or analyst A in compare. */
  readonly code: RatingCode | null;
  /** Analyst B's code in compare. */
  readonly codeB: RatingCode | null;
  readonly level: DisagreementLevel | null;
  readonly overridden: boolean;
  /** Others' ratings as `userId:code` joined by a space (mine view, `encodeOthers`). */
  readonly others: string;
  /** Tooltip detail, e.g. each analyst's rating in the disagreement view. */
  readonly detail: string;
  readonly comments: number;
}

export interface RowView {
  /** One per hypothesis, in column order. */
  readonly cells: readonly CellView[];
  /** Open comments on the evidence row itself. */
  readonly comments: number;
  readonly diagnosticity: number | null;
}

export interface RowViewsInput {
  readonly view: GridView;
  readonly me: string;
  readonly hypotheses: readonly Hypothesis[];
  readonly raters: readonly TeamRater[];
  /** My ratings by cell key. */
  readonly ratings: Readonly<Record<string, RatingCode>>;
  /** Every rater's ratings, mine included (a new map whenever any of them changes). */
  readonly teamRatings: ReadonlyMap<string, RaterRatings>;
  readonly report: ScoreReport;
  readonly commentCounts: ReadonlyMap<string, number>;
}

const EMPTY_CELL: CellView = {
  code: null,
  codeB: null,
  level: null,
  overridden: false,
  others: "",
  detail: "",
  comments: 0,
};

const codeIn = (ratings: RaterRatings | undefined, key: string): RatingCode | null => ratings?.[key] ?? null;

const sameCell = (a: CellView, b: CellView): boolean =>
  a.code === b.code &&
  a.codeB === b.codeB &&
  a.level === b.level &&
  a.overridden === b.overridden &&
  a.others === b.others &&
  a.detail === b.detail &&
  a.comments === b.comments;

const sameRow = (a: RowView, b: RowView): boolean =>
  a.comments === b.comments &&
  a.diagnosticity === b.diagnosticity &&
  a.cells.length === b.cells.length &&
  a.cells.every((c, i) => {
    const d = b.cells[i];
    return d !== undefined && sameCell(c, d);
  });

/** Returns the view of an evidence row; the function changes when any row's view may have changed. */
export function useRowViews(input: RowViewsInput): (evidence: Evidence) => RowView {
  const { view, me, hypotheses, raters, ratings, teamRatings, report, commentCounts } = input;
  const names = useMemo(() => new Map(raters.map((r) => [r.userId, r.name])), [raters]);
  const nameOf = useCallback((id: string) => names.get(id) ?? (id === me ? "Me" : "Analyst"), [names, me]);
  const otherDocs = useMemo(() => [...teamRatings].filter(([id]) => id !== me), [teamRatings, me]);
  const diagOf = useMemo(() => new Map(report.rows.map((r) => [r.evidenceId, r.diagnosticity])), [report]);
  // The views handed out last time, so an unchanged row keeps its object.
  const previous = useRef(new Map<string, RowView>());

  const cellOf = useCallback(
    (e: Evidence, h: Hypothesis): CellView => {
      const key = cellKey(e.id, h.id);
      const comments = commentCounts.get(`c:${e.id}:${h.id}`) ?? 0;
      if (view.mode === "mine") {
        const parts: [string, RatingCode][] = [];
        const spoken: string[] = [];
        for (const [userId, doc] of otherDocs) {
          const c = codeIn(doc, key);
          if (!c) continue;
          parts.push([userId, c]);
          spoken.push(`${nameOf(userId)} ${c}`);
        }
        const detail = spoken.length > 0 ? `Others: ${spoken.join(", ")}` : "";
        return { ...EMPTY_CELL, code: ratings[key] ?? null, others: encodeOthers(parts), detail, comments };
      }
      if (view.mode === "compare") {
        const code = codeIn(teamRatings.get(view.a), key);
        const codeB = codeIn(teamRatings.get(view.b), key);
        const detail = `${nameOf(view.a)}: ${code ?? "unrated"}; ${nameOf(view.b)}: ${codeB ?? "unrated"}`;
        return { ...EMPTY_CELL, code, codeB, detail, comments };
      }
      const cell = report.cell(e.id, h.id);
      if (!cell) return { ...EMPTY_CELL, comments };
      const overridden = cell.consensus.overridden;
      const by = Object.entries(cell.consensus.ratingsByAnalyst).map(([u, c]) => `${nameOf(u)} ${c}`);
      const detail = [
        by.length > 0 ? by.join(", ") : "No ratings yet",
        overridden ? `Lead override: ${cell.consensus.reason ?? ""}` : "",
      ]
        .filter(Boolean)
        .join("; ");
      return {
        ...EMPTY_CELL,
        code: cell.consensus.rating,
        overridden,
        level: cell.disagreement.level,
        detail,
        comments,
      };
    },
    [view, ratings, otherDocs, teamRatings, report, commentCounts, nameOf],
  );

  return useMemo(() => {
    const built = new Map<string, RowView>();
    const last = previous.current;
    previous.current = built;
    return (e: Evidence): RowView => {
      const cached = built.get(e.id);
      if (cached) return cached;
      const next: RowView = {
        cells: hypotheses.map((h) => cellOf(e, h)),
        comments: commentCounts.get(`e:${e.id}`) ?? 0,
        diagnosticity: diagOf.get(e.id) ?? null,
      };
      const before = last.get(e.id);
      const kept = before && sameRow(before, next) ? before : next;
      built.set(e.id, kept);
      return kept;
    };
  }, [hypotheses, cellOf, commentCounts, diagOf]);
}
