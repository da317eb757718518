/** The toolbar above the grid: which view, whom to compare, which columns, sort and filters. */
import { useId } from "react";
import { EVIDENCE_TYPE_LABELS, EVIDENCE_TYPES, type EvidenceType } from "../../../shared/schema/vocabulary";
import type { TeamRater } from "../hooks/useTeamRatings";
import {
  type EvidenceFilter,
  META_COLUMN_LABELS,
  META_COLUMNS,
  type MetaColumn,
  SORT_KEYS,
  SORT_LABELS,
  type SortKey,
} from "../lib/gridView";
import { VIEW_LABELS, VIEW_MODES, type ViewMode } from "../lib/views";
import type { GridView } from "./MatrixGrid";
import "./ViewBar.css";

export interface ViewBarProps {
  readonly view: GridView;
  /** False while blind rating hides the others from me: only "My ratings" is offered. */
  readonly teamViews: boolean;
  /** False for a viewer: no "My ratings" view. */
  readonly ownRatings: boolean;
  readonly raters: readonly TeamRater[];
  readonly me: string;
  readonly columns: readonly MetaColumn[];
  readonly sort: SortKey;
  readonly filter: EvidenceFilter;
  readonly onView: (view: GridView) => void;
  readonly onColumns: (columns: readonly MetaColumn[]) => void;
  readonly onSort: (sort: SortKey) => void;
  readonly onFilter: (filter: EvidenceFilter) => void;
}

export function ViewBar(p: ViewBarProps) {
  const id = useId();
  const nameOf = (r: TeamRater): string => (r.userId === p.me ? `${r.name} (me)` : r.name);
  const raterOptions = p.raters.map((r) => (
    <option key={r.userId} value={r.userId}>
      {nameOf(r)}
    </option>
  ));
  // While blind, the only view is one's own ratings, and a viewer (who rates nothing) has none.
  const modes: readonly ViewMode[] = p.teamViews
    ? VIEW_MODES.filter((m) => p.ownRatings || m !== "mine")
    : p.ownRatings
      ? ["mine"]
      : [];
  return (
    <div className="viewbar" data-testid="viewbar">
      {modes.length > 0 && (
        <fieldset className="segmented">
          <legend className="visually-hidden">View</legend>
          {modes.map((m: ViewMode) => (
            <button
              key={m}
              type="button"
              aria-pressed={p.view.mode === m}
              className={`seg ${p.view.mode === m ? "is-on" : ""}`}
              data-testid={`view-${m}`}
              onClick={() => p.onView({ ...p.view, mode: m })}
            >
              {VIEW_LABELS[m]}
            </button>
          ))}
        </fieldset>
      )}
      {!p.teamViews && (
        <span className="muted" data-testid="blind-note">
          {p.ownRatings
            ? "Ratings are blind: you see only your own until the lead reveals them."
            : "Ratings are blind: they stay hidden until the lead reveals them."}
        </span>
      )}
      {p.view.mode === "compare" && (
        <div className="compare-pick">
          <label htmlFor={`${id}-a`}>Compare</label>
          <select
            id={`${id}-a`}
            value={p.view.a}
            data-testid="compare-a"
            onChange={(e) => p.onView({ ...p.view, a: e.target.value })}
          >
            {raterOptions}
          </select>
          <label htmlFor={`${id}-b`}>with</label>
          <select
            id={`${id}-b`}
            value={p.view.b}
            data-testid="compare-b"
            onChange={(e) => p.onView({ ...p.view, b: e.target.value })}
          >
            {raterOptions}
          </select>
        </div>
      )}
      <details className="menu">
        <summary>Columns</summary>
        <fieldset className="menu-body">
          <legend className="visually-hidden">Metadata columns</legend>
          {META_COLUMNS.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                checked={p.columns.includes(c)}
                data-testid={`column-${c}`}
                onChange={(e) =>
                  p.onColumns(
                    e.target.checked
                      ? META_COLUMNS.filter((x) => x === c || p.columns.includes(x))
                      : p.columns.filter((x) => x !== c),
                  )
                }
              />
              {META_COLUMN_LABELS[c]}
            </label>
          ))}
        </fieldset>
      </details>
      <label className="inline-field">
        <span>Sort</span>
        <select value={p.sort} data-testid="sort" onChange={(e) => p.onSort(e.target.value as SortKey)}>
          {SORT_KEYS.map((k) => (
            <option key={k} value={k}>
              {SORT_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>Type</span>
        <select
          value={p.filter.type}
          data-testid="filter-type"
          onChange={(e) => p.onFilter({ ...p.filter, type: e.target.value as EvidenceType | "" })}
        >
          <option value="">All types</option>
          {EVIDENCE_TYPES.map((t) => (
            <option key={t} value={t}>
              {EVIDENCE_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={p.filter.flaggedOnly}
          data-testid="filter-flagged"
          onChange={(e) => p.onFilter({ ...p.filter, flaggedOnly: e.target.checked })}
        />
        Flagged only
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={p.filter.showArchived}
          data-testid="show-archived"
          onChange={(e) => p.onFilter({ ...p.filter, showArchived: e.target.checked })}
        />
        Show archived
      </label>
      {/* "Find" sits inside the field, so the bar stays on one line; the name starts with the word shown. */}
      <label className="inline-field search-field">
        <span>Find</span>
        <input
          type="search"
          className="search"
          aria-label="Find evidence"
          placeholder="evidence…"
          value={p.filter.text}
          data-testid="filter-text"
          onChange={(e) => p.onFilter({ ...p.filter, text: e.target.value })}
          onKeyDown={(e) => e.stopPropagation()}
        />
      </label>
    </div>
  );
}
