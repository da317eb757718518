/**
 * The ACH matrix: hypotheses as columns, evidence as rows. Only the rows in view are rendered
 * (GridBody windows them with @tanstack/react-virtual), so 1 000 rows scroll like 30. One cell is in
 * the tab order at a time (roving tabindex) and the grid is one tab stop (useGridTabStop: the
 * headers are reached with the arrows); arrows move, a code's letter (Shift for CC and II) or
 * 1–5/0/x rates, Backspace clears, Space opens the picker, Enter the evidence details, M the cell's
 * comments.
 */
import {
  type CSSProperties,
  type KeyboardEvent,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { Evidence, Hypothesis } from "../../../shared/schema/contentDoc";
import { evidenceCodes } from "../../../shared/schema/evidenceCodes";
import { evidenceFieldsSchema, titleSchema } from "../../../shared/schema/fields";
import { cellKey } from "../../../shared/schema/ids";
import type { RatingCode } from "../../../shared/schema/vocabulary";
import type { ScoreReport } from "../../../shared/scoring/types";
import { useColumnWidths } from "../hooks/useColumnWidths";
import { headerControl, useGridTabStop } from "../hooks/useGridTabStop";
import type { MatrixData } from "../hooks/useMatrix";
import type { CellSelection, PresenceUser } from "../hooks/usePresence";
import { useRowViews } from "../hooks/useRowViews";
import type { RaterRatings, TeamRater } from "../hooks/useTeamRatings";
import { CLAIM_MAX, CLAIM_MIN, HYP_MAX, HYP_MIN } from "../lib/columnWidths";
import { META_COLUMN_LABELS, type MetaColumn } from "../lib/gridView";
import { type GridPos, isCommentsKey, moveInGrid, ratingForKey } from "../lib/ratingKeys";
import type { ViewMode } from "../lib/views";
import { AddItemForm } from "./AddItemForm";
import { short } from "./EvidenceRowHead";
import { HypothesisHeader } from "./HypothesisHeader";
import { ColumnResizer } from "./matrix/ColumnResizer";
import { GridBody, type GridBodyHandle } from "./matrix/GridBody";
import type { GridRowHandlers } from "./matrix/GridRow";
import { RatingPicker } from "./RatingPicker";
import "./matrix/grid.css";

/** Row height in px: the windowing computes with it and the CSS reads it (`--row-h`). */
export const ROW_HEIGHT = 44;

/**
 * Fixed column widths (px) of the metadata columns. Every row is a CSS grid on the same fixed
 * tracks (`--grid-cols`), so no cell is ever measured to size a column and columns never jump.
 */
const META_WIDTH: Readonly<Record<MetaColumn, number>> = {
  source: 140,
  date: 92,
  type: 110,
  credibility: 44,
  relevance: 44,
  admiralty: 56,
  flag: 60,
};
/** The compact "+ hypothesis" column. */
const ADD_COLUMN_WIDTH = 168;

export interface GridView {
  readonly mode: ViewMode;
  /** Compare: the two analysts (userIds). */
  readonly a: string;
  readonly b: string;
}

export interface MatrixGridProps {
  readonly data: MatrixData;
  readonly evidence: readonly Evidence[];
  readonly hypotheses: readonly Hypothesis[];
  readonly columns: readonly MetaColumn[];
  readonly view: GridView;
  readonly me: string;
  readonly raters: readonly TeamRater[];
  /** Every rater's ratings (userId → cellKey → code), mine being my live local ones. */
  readonly teamRatings: ReadonlyMap<string, RaterRatings>;
  readonly report: ScoreReport;
  readonly others: readonly PresenceUser[];
  readonly commentCounts: ReadonlyMap<string, number>;
  readonly draggable: boolean;
  readonly readOnly: boolean;
  readonly detailId: string | null;
  readonly emptyMessage: string;
  readonly onSelect: (selection: CellSelection | null) => void;
  readonly onOpenDetail: (evidenceId: string) => void;
  readonly onOpenHypothesis: (hypothesisId: string) => void;
  readonly onOpenCell: (evidenceId: string, hypothesisId: string) => void;
  /** Remembers resized column widths under this analysis (none: widths are not remembered). */
  readonly widthsKey?: string;
  /** Hypothesis descriptions as plain text, shown in the header tooltips. */
  readonly descriptions?: ReadonlyMap<string, string>;
}

interface OpenPicker {
  readonly evidenceId: string;
  readonly hypothesisId: string;
  /** The cell: the menu sits next to it, and focus returns to it. */
  readonly cell: HTMLElement;
}

const queryCell = (root: HTMLElement, pos: GridPos): HTMLButtonElement | null =>
  root.querySelector<HTMLButtonElement>(`[data-row="${pos.row}"][data-col="${pos.col}"]`);

export function MatrixGrid(props: MatrixGridProps) {
  const { data, evidence, hypotheses, columns, view, me, raters, teamRatings, report, readOnly } = props;
  const { ratings, actions } = data;
  // State, not a ref: the rows' virtualizer needs the element, and a parent's ref is attached only
  // after its children's layout effects have run.
  const [scrollEl, setScrollEl] = useState<HTMLDivElement | null>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<GridBodyHandle>(null);
  const [focus, setFocus] = useState<GridPos>({ row: 0, col: 0 });
  const [picker, setPicker] = useState<OpenPicker | null>(null);
  const [width, setWidth] = useState(1200);
  const [headHeight, setHeadHeight] = useState(0);
  const pendingFocus = useRef<GridPos | null>(null);
  const pickerRef = useRef<OpenPicker | null>(null);
  pickerRef.current = picker;

  const rows = evidence.length;
  // Codes count every row of the analysis, archived or not, whatever this view sorts or hides.
  const codes = useMemo(() => evidenceCodes(data.evidence), [data.evidence]);
  const cols = hypotheses.length;
  const active = useMemo(
    () => ({ row: Math.min(focus.row, rows - 1), col: Math.min(focus.col, cols - 1) }),
    [focus, rows, cols],
  );
  const widths = useColumnWidths({
    key: props.widthsKey ?? null,
    available: width,
    fixed: columns.reduce((sum, c) => sum + META_WIDTH[c], 0) + ADD_COLUMN_WIDTH,
    hypothesisIds: hypotheses.map((h) => h.id),
  });

  // Sizes only: scrolling is the rows' virtualizer's business and never renders the grid.
  useLayoutEffect(() => {
    const el = scrollEl;
    const head = headRef.current;
    if (!el || !head) return;
    const measure = (): void => {
      setWidth(el.clientWidth);
      setHeadHeight(head.offsetHeight);
      // A focused cell is scrolled into view below the sticky header and right of the sticky claims.
      el.style.scrollPaddingTop = `${head.offsetHeight}px`;
      el.style.scrollPaddingLeft = "var(--claim-w)";
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    ro.observe(head);
    return () => ro.disconnect();
  }, [scrollEl]);

  const rowView = useRowViews({
    view,
    me,
    hypotheses,
    raters,
    ratings,
    teamRatings,
    report,
    commentCounts: props.commentCounts,
  });

  const visitorsByRow = useMemo(() => {
    const m = new Map<string, Map<string, PresenceUser>>();
    for (const o of props.others) {
      if (!o.selection) continue;
      const { evidenceId, hypothesisId } = o.selection;
      const row = m.get(evidenceId) ?? new Map<string, PresenceUser>();
      if (!row.has(hypothesisId)) row.set(hypothesisId, o);
      m.set(evidenceId, row);
    }
    return m;
  }, [props.others]);

  const focusRendered = useCallback(
    (pos: GridPos): boolean => {
      const cell = scrollEl ? queryCell(scrollEl, pos) : null;
      cell?.focus();
      return cell !== null;
    },
    [scrollEl],
  );

  /** Scrolls so the row is in view (below the sticky header), then focuses the cell once rendered. */
  const focusCell = useCallback(
    (pos: GridPos) => {
      bodyRef.current?.scrollToRow(pos.row);
      pendingFocus.current = focusRendered(pos) ? null : pos;
    },
    [focusRendered],
  );

  // With no cell (no rows or no hypotheses) Tab stays where the browser put it, in the header.
  const focusActiveCell = useCallback(() => {
    if (active.row >= 0 && active.col >= 0) focusCell(active);
  }, [focusCell, active]);
  const columnOf = useCallback((id: string) => hypotheses.findIndex((h) => h.id === id), [hypotheses]);
  const focusColumnHeader = useCallback(
    (col: number) => {
      const head = headRef.current;
      const h = hypotheses[col];
      const cell = h
        ? head?.querySelector(`[data-testid="hyp-${CSS.escape(h.id)}"]`)
        : col === hypotheses.length
          ? head?.querySelector(".add-col")
          : null;
      headerControl(cell)?.focus();
    },
    [hypotheses],
  );
  const focusRowHeader = useCallback(
    (row: number) => {
      if (row < 0 || row >= rows) return;
      bodyRef.current?.scrollToRow(row);
      headerControl(
        scrollEl?.querySelector(`.grid-body [aria-rowindex="${row + 2}"] [role="rowheader"]`),
      )?.focus();
    },
    [rows, scrollEl],
  );
  useGridTabStop({ scrollEl, focusActiveCell, focusCell, focusColumnHeader, focusRowHeader, columnOf });

  const { onSelect, onOpenDetail, onOpenCell } = props;
  const onFocusCell = useCallback(
    (row: number, col: number) => {
      setFocus({ row, col });
      const e = evidence[row];
      const h = hypotheses[col];
      if (e && h) onSelect({ evidenceId: e.id, hypothesisId: h.id });
    },
    [evidence, hypotheses, onSelect],
  );

  const onKey = useCallback(
    (e: KeyboardEvent<HTMLElement>, row: number, col: number) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      // Past the first row or column: the column's header, the row's claim (the grid's headers).
      if ((e.key === "ArrowUp" && row === 0) || (e.key === "ArrowLeft" && col === 0)) {
        e.preventDefault();
        if (e.key === "ArrowUp") focusColumnHeader(col);
        else focusRowHeader(row);
        return;
      }
      const next = moveInGrid({ row, col }, e.key, rows, cols);
      if (next) {
        e.preventDefault();
        focusCell(next);
        return;
      }
      const ev = evidence[row];
      const h = hypotheses[col];
      if (!ev || !h) return;
      if (e.key === "Enter") {
        e.preventDefault();
        onOpenDetail(ev.id);
        return;
      }
      if (isCommentsKey(e.key)) {
        e.preventDefault();
        onOpenCell(ev.id, h.id);
        return;
      }
      const rating = ratingForKey(e);
      if (rating && view.mode === "mine" && !readOnly) {
        e.preventDefault();
        actions.rate(ev.id, h.id, rating.code);
      }
    },
    [
      rows,
      cols,
      evidence,
      hypotheses,
      actions,
      focusCell,
      focusColumnHeader,
      focusRowHeader,
      onOpenDetail,
      onOpenCell,
      view.mode,
      readOnly,
    ],
  );

  const onOpen = useCallback(
    (evidenceId: string, hypothesisId: string, el: HTMLElement) => {
      if (view.mode !== "mine" || readOnly) {
        onOpenCell(evidenceId, hypothesisId);
        return;
      }
      setPicker({ evidenceId, hypothesisId, cell: el });
    },
    [view.mode, readOnly, onOpenCell],
  );

  const closePicker = useCallback(() => {
    const open = pickerRef.current;
    setPicker(null);
    open?.cell.focus({ preventScroll: true });
  }, []);

  const pick = (code: RatingCode | null): void => {
    if (picker) actions.rate(picker.evidenceId, picker.hypothesisId, code);
    closePicker();
  };

  const moveEvidence = useCallback(
    (id: string, delta: -1 | 1) => {
      const i = evidence.findIndex((e) => e.id === id);
      const target = evidence[i + delta];
      if (target) actions.dropEvidence(id, target.id);
    },
    [evidence, actions],
  );
  const moveHypothesis = useCallback(
    (id: string, delta: -1 | 1) => {
      const i = hypotheses.findIndex((h) => h.id === id);
      const target = hypotheses[i + delta];
      if (target) actions.dropHypothesis(id, target.id);
    },
    [hypotheses, actions],
  );

  const handlers = useMemo<GridRowHandlers>(
    () => ({
      onUpdateClaim: (id, claim) => actions.updateEvidence(id, { claim }),
      onMove: moveEvidence,
      onArchive: (id, archived) => actions.setEvidenceArchived(id, archived),
      onOpenDetail,
      onDrop: actions.dropEvidence,
      onOpen,
      onFocusCell,
      onKey,
    }),
    [actions, moveEvidence, onOpenDetail, onOpen, onFocusCell, onKey],
  );

  const scoreOf = useMemo(() => new Map(report.hypotheses.map((s) => [s.id, s])), [report]);

  const pickerEvidence = picker ? evidence.find((e) => e.id === picker.evidenceId) : undefined;
  const pickerHypothesis = picker ? hypotheses.find((h) => h.id === picker.hypothesisId) : undefined;
  const leading = 1 + columns.length;

  // One track list for the header, every row and the footer: rows lay out alone, never as a table.
  const tracks = [
    widths.claim,
    ...columns.map((c) => META_WIDTH[c]),
    ...hypotheses.map((h) => widths.of(h.id)),
    ADD_COLUMN_WIDTH,
  ]
    .map((px) => `${px}px`)
    .join(" ");

  return (
    <div className="grid-scroll" ref={setScrollEl}>
      <div
        className="matrix"
        role="grid"
        aria-label="ACH matrix"
        aria-rowcount={rows + (readOnly ? 1 : 2)}
        aria-colcount={leading + cols + 1}
        data-testid="matrix"
        data-view={view.mode}
        style={
          {
            width: widths.total,
            // Sticky claim cells and scroll padding read the claim column's width from here.
            "--claim-w": `${widths.claim}px`,
            "--row-h": `${ROW_HEIGHT}px`,
            "--grid-cols": tracks,
          } as CSSProperties
        }
      >
        <div className="grid-head" role="rowgroup" ref={headRef}>
          <div className="grid-row" role="row" aria-rowindex={1}>
            <div role="columnheader" className="claim-head" aria-colindex={1}>
              <span>
                Evidence <span className="count">{rows}</span>
              </span>
              <ColumnResizer
                label="Width of the evidence column"
                width={widths.claim}
                min={CLAIM_MIN}
                max={CLAIM_MAX}
                onResize={widths.resizeClaim}
                onCommit={widths.commit}
              />
            </div>
            {columns.map((c, i) => (
              <div
                key={c}
                role="columnheader"
                aria-colindex={i + 2}
                className={`meta-head meta-${c}`}
                title={META_COLUMN_LABELS[c]}
              >
                {c === "credibility"
                  ? "Cred."
                  : c === "relevance"
                    ? "Rel."
                    : c === "admiralty"
                      ? "Adm."
                      : META_COLUMN_LABELS[c]}
              </div>
            ))}
            {hypotheses.map((h, i) => (
              <HypothesisHeader
                key={h.id}
                hypothesis={h}
                index={i}
                colIndex={leading + i + 1}
                isFirst={i === 0}
                isLast={i === cols - 1}
                actions={actions}
                score={scoreOf.get(h.id)}
                comments={props.commentCounts.get(`h:${h.id}`) ?? 0}
                readOnly={readOnly}
                onOpen={props.onOpenHypothesis}
                onMove={moveHypothesis}
                onDrop={actions.dropHypothesis}
                rankedCount={scoreOf.size}
                description={props.descriptions?.get(h.id) ?? ""}
                resizer={
                  <ColumnResizer
                    label={`Width of the column "${short(h.title, 40)}"`}
                    width={widths.of(h.id)}
                    min={HYP_MIN}
                    max={HYP_MAX}
                    onResize={(px) => widths.resizeHypothesis(h.id, px)}
                    onCommit={widths.commit}
                  />
                }
              />
            ))}
            <div role="columnheader" className="add-col" aria-colindex={leading + cols + 1}>
              {!readOnly && (
                <AddItemForm
                  label="New hypothesis title"
                  buttonLabel="Add hypothesis"
                  subject="Title"
                  placeholder="+ Hypothesis"
                  schema={titleSchema}
                  onAdd={(t) => actions.addHypothesis(t)}
                  className="add-hypothesis"
                />
              )}
            </div>
          </div>
        </div>
        <GridBody
          ref={bodyRef}
          scrollElement={scrollEl}
          headerHeight={headHeight}
          rowHeight={ROW_HEIGHT}
          evidence={evidence}
          codes={codes}
          hypotheses={hypotheses}
          columns={columns}
          mode={view.mode}
          rowView={rowView}
          active={active}
          visitorsByRow={visitorsByRow}
          detailId={props.detailId}
          draggable={props.draggable && !readOnly}
          readOnly={readOnly}
          handlers={handlers}
          pendingFocus={pendingFocus}
          focusRendered={focusRendered}
          emptyMessage={props.emptyMessage}
        />
        {!readOnly && (
          <div className="grid-foot grid-row" role="row" aria-rowindex={rows + 2}>
            <div
              role="gridcell"
              className="claim-cell add-row"
              aria-colindex={1}
              style={{ gridColumn: `span ${leading}` }}
            >
              <AddItemForm
                label="New evidence claim"
                buttonLabel="Add evidence"
                subject="Claim"
                placeholder="New evidence or argument…"
                schema={evidenceFieldsSchema.shape.claim}
                onAdd={(claim) => actions.addEvidence(claim)}
                className="add-evidence"
              />
            </div>
            <div role="gridcell" aria-colindex={leading + 1} style={{ gridColumn: `span ${cols + 1}` }} />
          </div>
        )}
      </div>
      {picker && pickerEvidence && pickerHypothesis && (
        <RatingPicker
          anchor={picker.cell}
          current={ratings[cellKey(picker.evidenceId, picker.hypothesisId)] ?? null}
          cellLabel={`"${short(pickerEvidence.claim, 60)}" for "${short(pickerHypothesis.title, 40)}"`}
          onPick={pick}
          onClose={closePicker}
          onComments={() => {
            setPicker(null);
            onOpenCell(picker.evidenceId, picker.hypothesisId);
          }}
        />
      )}
    </div>
  );
}
