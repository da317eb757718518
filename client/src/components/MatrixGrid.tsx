/**
 * The ACH matrix: hypotheses as columns, evidence as rows. Only the rows in view are rendered (fixed
 * row height, spacer rows above and below), so 1 000 rows scroll like 30. One cell is in the tab
 * order at a time (roving tabindex); arrows move, 1–5/0/x/Backspace rate, Space opens the picker,
 * Enter opens the evidence details, C the cell's comments.
 */
import {
  type CSSProperties,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { Evidence, Hypothesis } from "../../../shared/schema/contentDoc";
import { evidenceFieldsSchema, titleSchema } from "../../../shared/schema/fields";
import { cellKey } from "../../../shared/schema/ids";
import type { RatingCode } from "../../../shared/schema/vocabulary";
import type { ScoreReport } from "../../../shared/scoring/types";
import { useColumnWidths } from "../hooks/useColumnWidths";
import type { MatrixData } from "../hooks/useMatrix";
import type { CellSelection, PresenceUser } from "../hooks/usePresence";
import type { RaterRatings, TeamRater } from "../hooks/useTeamRatings";
import { CLAIM_MAX, CLAIM_MIN, HYP_MAX, HYP_MIN } from "../lib/columnWidths";
import { META_COLUMN_LABELS, type MetaColumn, windowRange } from "../lib/gridView";
import { type GridPos, moveInGrid, ratingForKey } from "../lib/ratingKeys";
import type { ViewMode } from "../lib/views";
import { AddItemForm } from "./AddItemForm";
import { EvidenceRowHead, short } from "./EvidenceRowHead";
import { HypothesisHeader } from "./HypothesisHeader";
import { ColumnResizer } from "./matrix/ColumnResizer";
import { RatingCell } from "./RatingCell";
import { RatingPicker } from "./RatingPicker";
import "./matrix/grid.css";

/** Row height in px; must match `.matrix tbody tr` in components/matrix/grid.css. */
export const ROW_HEIGHT = 48;

/**
 * Fixed column widths (px) of the metadata columns. The table uses `table-layout: fixed`, so the
 * browser never measures every cell again when rows scroll in and out, and columns never jump.
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

const codeIn = (ratings: RaterRatings | undefined, key: string): RatingCode | null => ratings?.[key] ?? null;

export function MatrixGrid(props: MatrixGridProps) {
  const { data, evidence, hypotheses, columns, view, me, raters, teamRatings, report, readOnly } = props;
  const { ratings, actions } = data;
  const scrollRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLTableSectionElement>(null);
  const [focus, setFocus] = useState<GridPos>({ row: 0, col: 0 });
  const [picker, setPicker] = useState<OpenPicker | null>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 800, width: 1200 });
  const pendingFocus = useRef<GridPos | null>(null);
  const pickerRef = useRef<OpenPicker | null>(null);
  pickerRef.current = picker;

  const rows = evidence.length;
  const cols = hypotheses.length;
  const active = { row: Math.min(focus.row, rows - 1), col: Math.min(focus.col, cols - 1) };
  const { start, end } = windowRange(scroll.top, scroll.height, ROW_HEIGHT, rows);
  const widths = useColumnWidths({
    key: props.widthsKey ?? null,
    available: scroll.width,
    fixed: columns.reduce((sum, c) => sum + META_WIDTH[c], 0) + ADD_COLUMN_WIDTH,
    hypothesisIds: hypotheses.map((h) => h.id),
  });

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = (): void => {
      setScroll({ top: el.scrollTop, height: el.clientHeight, width: el.clientWidth });
      // A focused cell is scrolled into view below the sticky header and right of the sticky claims.
      el.style.scrollPaddingTop = `${headRef.current?.offsetHeight ?? 0}px`;
      el.style.scrollPaddingLeft = "var(--claim-w)";
    };
    let frame = 0;
    const onScroll = (): void => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    };
    measure();
    el.addEventListener("scroll", onScroll, { passive: true });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener("scroll", onScroll);
      ro.disconnect();
    };
  }, []);

  const names = useMemo(() => new Map(raters.map((r) => [r.userId, r.name])), [raters]);
  const nameOf = useCallback((id: string) => names.get(id) ?? (id === me ? "Me" : "Analyst"), [names, me]);
  const otherDocs = useMemo(() => [...teamRatings].filter(([id]) => id !== me), [teamRatings, me]);

  const visitorsByCell = useMemo(() => {
    const m = new Map<string, PresenceUser>();
    for (const o of props.others) {
      if (!o.selection) continue;
      const k = cellKey(o.selection.evidenceId, o.selection.hypothesisId);
      if (!m.has(k)) m.set(k, o);
    }
    return m;
  }, [props.others]);

  /** Scrolls so the row is in view (below the sticky header), then focuses the cell once rendered. */
  const focusCell = useCallback((pos: GridPos) => {
    const el = scrollRef.current;
    if (!el) return;
    const head = headRef.current?.offsetHeight ?? 0;
    const top = pos.row * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight - head) {
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight + head;
    }
    const cell = queryCell(el, pos);
    if (cell) cell.focus();
    else {
      pendingFocus.current = pos;
      setScroll({ top: el.scrollTop, height: el.clientHeight, width: el.clientWidth });
    }
  }, []);

  useEffect(() => {
    const pos = pendingFocus.current;
    if (!pos || !scrollRef.current) return;
    const cell = queryCell(scrollRef.current, pos);
    if (cell) {
      pendingFocus.current = null;
      cell.focus();
    }
  });

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
    (e: KeyboardEvent<HTMLButtonElement>, row: number, col: number) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
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
      if (e.key === "c" || e.key === "C") {
        e.preventDefault();
        onOpenCell(ev.id, h.id);
        return;
      }
      const rating = ratingForKey(e.key);
      if (rating && view.mode === "mine" && !readOnly) {
        e.preventDefault();
        actions.rate(ev.id, h.id, rating.code);
      }
    },
    [rows, cols, evidence, hypotheses, actions, focusCell, onOpenDetail, onOpenCell, view.mode, readOnly],
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
  const updateClaim = useCallback(
    (id: string, claim: string) => actions.updateEvidence(id, { claim }),
    [actions],
  );
  const archive = useCallback(
    (id: string, archived: boolean) => actions.setEvidenceArchived(id, archived),
    [actions],
  );

  const scoreOf = useMemo(() => new Map(report.hypotheses.map((s) => [s.id, s])), [report]);
  const diagOf = useMemo(() => new Map(report.rows.map((r) => [r.evidenceId, r.diagnosticity])), [report]);
  const docA = teamRatings.get(view.a);
  const docB = teamRatings.get(view.b);

  const renderCell = (e: Evidence, h: Hypothesis, row: number, col: number) => {
    const key = cellKey(e.id, h.id);
    let code: RatingCode | null = null;
    let codeB: RatingCode | null = null;
    let level = null;
    let overridden = false;
    let othersText = "";
    let detail = "";
    if (view.mode === "mine") {
      code = ratings[key] ?? null;
      const parts: string[] = [];
      const spoken: string[] = [];
      for (const [userId, doc] of otherDocs) {
        const c = codeIn(doc, key);
        if (!c) continue;
        parts.push(`${userId}:${c}`);
        spoken.push(`${nameOf(userId)} ${c}`);
      }
      othersText = parts.join("|");
      detail = spoken.length > 0 ? `Others: ${spoken.join(", ")}` : "";
    } else if (view.mode === "compare") {
      code = codeIn(docA, key);
      codeB = codeIn(docB, key);
      detail = `${nameOf(view.a)}: ${code ?? "unrated"}; ${nameOf(view.b)}: ${codeB ?? "unrated"}`;
    } else {
      const cell = report.cell(e.id, h.id);
      if (cell) {
        code = cell.consensus.rating;
        overridden = cell.consensus.overridden;
        level = cell.disagreement.level;
        const by = Object.entries(cell.consensus.ratingsByAnalyst).map(([u, c]) => `${nameOf(u)} ${c}`);
        detail = [
          by.length > 0 ? by.join(", ") : "No ratings yet",
          overridden ? `Lead override: ${cell.consensus.reason ?? ""}` : "",
        ]
          .filter(Boolean)
          .join("; ");
      }
    }
    const visitor = visitorsByCell.get(key);
    return (
      <RatingCell
        key={h.id}
        evidenceId={e.id}
        hypothesisId={h.id}
        row={row}
        col={col}
        mode={view.mode}
        code={code}
        codeB={codeB}
        level={level}
        overridden={overridden}
        others={othersText}
        detail={detail}
        label={`"${short(e.claim, 60)}" for "${short(h.title, 40)}"`}
        tabbable={row === active.row && col === active.col}
        dimmed={e.archived || h.archived}
        comments={props.commentCounts.get(`c:${e.id}:${h.id}`) ?? 0}
        visitorName={visitor?.name ?? null}
        visitorColor={visitor?.color ?? null}
        onOpen={onOpen}
        onFocusCell={onFocusCell}
        onKey={onKey}
      />
    );
  };

  const pickerEvidence = picker ? evidence.find((e) => e.id === picker.evidenceId) : undefined;
  const pickerHypothesis = picker ? hypotheses.find((h) => h.id === picker.hypothesisId) : undefined;
  const leading = 1 + columns.length;

  return (
    <div className="grid-scroll" ref={scrollRef}>
      <table
        className="matrix"
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA grid pattern on a table (arrow keys move between cells).
        role="grid"
        aria-label="ACH matrix"
        aria-rowcount={rows + 1}
        aria-colcount={leading + cols}
        data-testid="matrix"
        data-view={view.mode}
        style={
          {
            width: widths.total,
            // Sticky claim cells and scroll padding read the claim column's width from here.
            "--claim-w": `${widths.claim}px`,
          } as CSSProperties
        }
      >
        <colgroup>
          <col style={{ width: widths.claim }} />
          {columns.map((c) => (
            <col key={c} style={{ width: META_WIDTH[c] }} />
          ))}
          {hypotheses.map((h) => (
            <col key={h.id} style={{ width: widths.of(h.id) }} />
          ))}
          <col style={{ width: ADD_COLUMN_WIDTH }} />
        </colgroup>
        <thead ref={headRef}>
          <tr aria-rowindex={1}>
            <th scope="col" className="claim-head" aria-colindex={1}>
              Evidence <span className="count">{rows}</span>
              <ColumnResizer
                label="Width of the evidence column"
                width={widths.claim}
                min={CLAIM_MIN}
                max={CLAIM_MAX}
                onResize={widths.resizeClaim}
                onCommit={widths.commit}
              />
            </th>
            {columns.map((c) => (
              <th key={c} scope="col" className={`meta-head meta-${c}`} title={META_COLUMN_LABELS[c]}>
                {c === "credibility"
                  ? "Cred."
                  : c === "relevance"
                    ? "Rel."
                    : c === "admiralty"
                      ? "Adm."
                      : META_COLUMN_LABELS[c]}
              </th>
            ))}
            {hypotheses.map((h, i) => (
              <HypothesisHeader
                key={h.id}
                hypothesis={h}
                index={i}
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
            <th scope="col" className="add-col">
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
            </th>
          </tr>
        </thead>
        <tbody>
          {start > 0 && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row standing in for rows not rendered; it holds nothing focusable.
            <tr className="spacer" aria-hidden="true" style={{ height: start * ROW_HEIGHT }}>
              <td colSpan={leading + cols + 1} />
            </tr>
          )}
          {evidence.slice(start, end).map((e, i) => {
            const row = start + i;
            return (
              <tr
                key={e.id}
                aria-rowindex={row + 2}
                className={`${e.archived ? "is-archived" : ""} ${props.detailId === e.id ? "is-open" : ""}`}
                data-testid={`ev-${e.id}`}
              >
                <EvidenceRowHead
                  evidence={e}
                  row={row}
                  isFirst={row === 0}
                  isLast={row === rows - 1}
                  columns={columns}
                  comments={props.commentCounts.get(`e:${e.id}`) ?? 0}
                  draggable={props.draggable && !readOnly}
                  readOnly={readOnly}
                  diagnosticity={diagOf.get(e.id) ?? null}
                  onUpdateClaim={updateClaim}
                  onMove={moveEvidence}
                  onArchive={archive}
                  onOpenDetail={onOpenDetail}
                  onDrop={actions.dropEvidence}
                />
                {hypotheses.map((h, col) => renderCell(e, h, row, col))}
                <td className="add-col" />
              </tr>
            );
          })}
          {end < rows && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row standing in for rows not rendered; it holds nothing focusable.
            <tr className="spacer" aria-hidden="true" style={{ height: (rows - end) * ROW_HEIGHT }}>
              <td colSpan={leading + cols + 1} />
            </tr>
          )}
          {rows === 0 && (
            <tr>
              <td className="empty" colSpan={leading + cols + 1} data-testid="grid-empty">
                {props.emptyMessage}
              </td>
            </tr>
          )}
        </tbody>
        {!readOnly && (
          <tfoot>
            <tr>
              <td className="claim-cell add-row" colSpan={leading}>
                <AddItemForm
                  label="New evidence claim"
                  buttonLabel="Add evidence"
                  subject="Claim"
                  placeholder="New evidence or argument…"
                  schema={evidenceFieldsSchema.shape.claim}
                  onAdd={(claim) => actions.addEvidence(claim)}
                  className="add-evidence"
                />
              </td>
              <td colSpan={cols + 1} />
            </tr>
          </tfoot>
        )}
      </table>
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
