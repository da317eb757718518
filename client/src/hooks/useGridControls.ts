/**
 * The matrix grid's controls, shared by the live matrix and a read-only version: filter, sort,
 * shown metadata columns and view (mine, consensus, disagreement, compare), plus what they select
 * — the visible hypotheses and the visible, sorted evidence rows.
 */
import { useCallback, useMemo, useState } from "react";
import type { Evidence, Hypothesis } from "../../../shared/schema/contentDoc";
import type { ScoreReport } from "../../../shared/scoring/types";
import type { GridView } from "../components/MatrixGrid";
import type { ViewBarProps } from "../components/ViewBar";
import {
  DEFAULT_META_COLUMNS,
  type EvidenceFilter,
  META_COLUMNS,
  type MetaColumn,
  NO_FILTER,
  type SortKey,
  visibleEvidence,
} from "../lib/gridView";
import type { ViewMode } from "../lib/views";
import type { TeamRater } from "./useTeamRatings";

const COLUMNS_KEY = "ach.columns";

/** The metadata columns this browser last chose, or the defaults. */
export function savedColumns(): readonly MetaColumn[] {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(COLUMNS_KEY) ?? "null");
    if (Array.isArray(raw)) return META_COLUMNS.filter((c) => raw.includes(c));
  } catch {
    // A corrupt preference falls back to the default columns.
  }
  return DEFAULT_META_COLUMNS;
}

export interface GridControlsOptions {
  readonly me: string;
  readonly raters: readonly TeamRater[];
  readonly hypotheses: readonly Hypothesis[];
  readonly evidence: readonly Evidence[];
  readonly report: ScoreReport;
  readonly initialMode: ViewMode;
  readonly initialColumns: () => readonly MetaColumn[];
  /** Remember column choices in this browser (the live matrix does; a version view does not). */
  readonly saveColumns: boolean;
  /** False while blind rating hides the others from me: the grid shows my ratings only. */
  readonly teamViews?: boolean;
  /** False for a viewer, who has no ratings of their own: "My ratings" is not offered. */
  readonly ownRatings?: boolean;
  /** An evidence row kept visible whatever the filter (the one open in a panel). */
  readonly keepVisibleId?: string | null;
}

export interface GridControls {
  readonly view: GridView;
  readonly sort: SortKey;
  readonly columns: readonly MetaColumn[];
  readonly hypotheses: readonly Hypothesis[];
  readonly evidence: readonly Evidence[];
  /** Props for the ViewBar that changes these controls. */
  readonly viewBar: ViewBarProps;
}

export function useGridControls(o: GridControlsOptions): GridControls {
  const [filter, setFilter] = useState<EvidenceFilter>(NO_FILTER);
  const [sort, setSort] = useState<SortKey>("order");
  const [columns, setColumnsState] = useState<readonly MetaColumn[]>(o.initialColumns);
  const [view, setView] = useState<GridView>({ mode: o.initialMode, a: o.me, b: "" });

  // Compare needs a second rater: default to the first one who is not the first side.
  const compareB = view.b || o.raters.find((r) => r.userId !== view.a)?.userId || o.me;
  const teamViews = o.teamViews ?? true;
  const ownRatings = o.ownRatings ?? true;
  const mode = !teamViews ? "mine" : !ownRatings && view.mode === "mine" ? "consensus" : view.mode;
  const gridView = useMemo(() => ({ ...view, mode, b: compareB }), [view, mode, compareB]);

  const { saveColumns } = o;
  const setColumns = useCallback(
    (next: readonly MetaColumn[]) => {
      setColumnsState(next);
      if (saveColumns) window.localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
    },
    [saveColumns],
  );

  const hypotheses = useMemo(
    () => (filter.showArchived ? o.hypotheses : o.hypotheses.filter((h) => !h.archived)),
    [o.hypotheses, filter.showArchived],
  );
  const diagnosticity = useMemo(
    () => new Map(o.report.rows.map((r) => [r.evidenceId, r.diagnosticity])),
    [o.report.rows],
  );
  const keep = o.keepVisibleId ?? null;
  const evidence = useMemo(
    () => visibleEvidence(o.evidence, filter, sort, diagnosticity, new Set(keep ? [keep] : [])),
    [o.evidence, filter, sort, diagnosticity, keep],
  );

  return {
    view: gridView,
    sort,
    columns,
    hypotheses,
    evidence,
    viewBar: {
      view: gridView,
      teamViews,
      ownRatings,
      raters: o.raters,
      me: o.me,
      columns,
      sort,
      filter,
      onView: setView,
      onColumns: setColumns,
      onSort: setSort,
      onFilter: setFilter,
    },
  };
}
