/**
 * The matrix's rows, windowed by @tanstack/react-virtual: only the rows in view (plus a few either
 * side) are in the DOM, each placed at its offset inside a body as tall as all rows, so 1 000 rows
 * scroll like 30. Rows are fixed-size, contained grid blocks, not table rows: mounting one lays out
 * and paints that row only. The virtualizer lives here, not in the grid, so a scroll that
 * brings new rows in renders this body and the new rows only; rows already shown are memoised.
 * The cells' clicks, focus and keys are handled here, once, from the button's `data-row` /
 * `data-col` (no closures per cell), and only the row under the pointer or with focus in its head
 * renders its move and archive buttons.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import {
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type Ref,
  type RefObject,
  useCallback,
  useEffect,
  useImperativeHandle,
  useState,
} from "react";
import type { Evidence, Hypothesis } from "../../../../shared/schema/contentDoc";
import type { PresenceUser } from "../../hooks/usePresence";
import type { RowView } from "../../hooks/useRowViews";
import type { MetaColumn } from "../../lib/gridView";
import type { GridPos } from "../../lib/ratingKeys";
import type { ViewMode } from "../../lib/views";
import { GridRow, type GridRowHandlers } from "./GridRow";

/** Rows rendered beyond each edge of the view, so a fast scroll rarely shows a blank strip. */
const OVERSCAN = 8;

export interface GridBodyHandle {
  /** Scrolls the least needed to show the row below the sticky header. */
  scrollToRow(row: number): void;
}

export interface GridBodyProps {
  readonly ref: Ref<GridBodyHandle>;
  readonly scrollElement: HTMLElement | null;
  /** Height of the sticky header above the rows (px). */
  readonly headerHeight: number;
  readonly rowHeight: number;
  readonly evidence: readonly Evidence[];
  /** Evidence codes by id, over all the analysis's evidence (shared/schema/evidenceCodes.ts). */
  readonly codes: ReadonlyMap<string, string>;
  readonly hypotheses: readonly Hypothesis[];
  readonly columns: readonly MetaColumn[];
  readonly mode: ViewMode;
  readonly rowView: (evidence: Evidence) => RowView;
  readonly active: GridPos;
  readonly visitorsByRow: ReadonlyMap<string, ReadonlyMap<string, PresenceUser>>;
  readonly detailId: string | null;
  readonly draggable: boolean;
  readonly readOnly: boolean;
  readonly handlers: GridRowHandlers;
  /** A cell to focus once its row is rendered (set when keyboard navigation leaves the window). */
  readonly pendingFocus: RefObject<GridPos | null>;
  /** Focuses the cell if it is rendered; false if it is not. */
  readonly focusRendered: (pos: GridPos) => boolean;
  readonly emptyMessage: string;
}

/** The rating button an event happened in, with its position; null outside the cells. */
function cellOf(
  target: EventTarget,
): { readonly el: HTMLElement; readonly row: number; readonly col: number } | null {
  const el = target instanceof Element ? target.closest<HTMLElement>("button.rating[data-col]") : null;
  return el ? { el, row: Number(el.dataset.row), col: Number(el.dataset.col) } : null;
}

/** The evidence id of the row an event happened in (its `ev-<id>` test id); null outside rows. */
function rowIdOf(target: EventTarget): string | null {
  const row =
    target instanceof Element ? target.closest<HTMLElement>('[role="row"][data-testid^="ev-"]') : null;
  return row?.dataset.testid?.slice(3) ?? null;
}

export function GridBody(p: GridBodyProps) {
  const { evidence, hypotheses, handlers, rowHeight, scrollElement, pendingFocus, focusRendered } = p;
  // The rows whose head shows its move and archive buttons: under the pointer, and with focus inside.
  const [pointerRow, setPointerRow] = useState<string | null>(null);
  const [focusRow, setFocusRow] = useState<string | null>(null);
  const virtualizer = useVirtualizer({
    count: evidence.length,
    getScrollElement: useCallback(() => scrollElement, [scrollElement]),
    estimateSize: useCallback(() => rowHeight, [rowHeight]),
    getItemKey: useCallback((i: number) => evidence[i]?.id ?? i, [evidence]),
    overscan: OVERSCAN,
    // The rows start below the header, which stays in view over them.
    scrollMargin: p.headerHeight,
    scrollPaddingStart: p.headerHeight,
    // Before the scroll element is measured, render a screenful rather than nothing.
    initialRect: { width: 1200, height: 800 },
  });

  useImperativeHandle(
    p.ref,
    () => ({ scrollToRow: (row) => virtualizer.scrollToIndex(row, { align: "auto" }) }),
    [virtualizer],
  );

  // After every render: the cell keyboard navigation asked for may have just been rendered.
  useEffect(() => {
    const pos = pendingFocus.current;
    if (pos && focusRendered(pos)) pendingFocus.current = null;
  });

  const onClick = (e: MouseEvent<HTMLElement>): void => {
    const cell = cellOf(e.target);
    const ev = cell && evidence[cell.row];
    const h = cell && hypotheses[cell.col];
    if (cell && ev && h) handlers.onOpen(ev.id, h.id, cell.el);
  };
  const onFocus = (e: FocusEvent<HTMLElement>): void => {
    const cell = cellOf(e.target);
    if (cell) handlers.onFocusCell(cell.row, cell.col);
    setFocusRow(cell ? null : rowIdOf(e.target));
  };
  const onBlur = (e: FocusEvent<HTMLElement>): void => {
    if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget))) setFocusRow(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>): void => {
    const cell = cellOf(e.target);
    if (cell) handlers.onKey(e, cell.row, cell.col);
  };
  const onPointerOver = (e: PointerEvent<HTMLElement>): void => setPointerRow(rowIdOf(e.target));

  const items = virtualizer.getVirtualItems();
  const rows = evidence.length;
  return (
    <div
      className="grid-body"
      role="rowgroup"
      style={{ height: rows === 0 ? undefined : virtualizer.getTotalSize() }}
      onClick={onClick}
      onFocus={onFocus}
      onBlur={onBlur}
      onKeyDown={onKeyDown}
      onPointerOver={onPointerOver}
      onPointerLeave={() => setPointerRow(null)}
    >
      {items.map((item) => {
        const e = evidence[item.index];
        if (!e) return null;
        return (
          <GridRow
            key={e.id}
            evidence={e}
            row={item.index}
            code={p.codes.get(e.id) ?? ""}
            top={item.start - p.headerHeight}
            isLast={item.index === rows - 1}
            hypotheses={hypotheses}
            columns={p.columns}
            mode={p.mode}
            view={p.rowView(e)}
            activeCol={item.index === p.active.row ? p.active.col : -1}
            visitors={p.visitorsByRow.get(e.id)}
            isOpen={p.detailId === e.id}
            showActions={e.id === pointerRow || e.id === focusRow}
            draggable={p.draggable}
            readOnly={p.readOnly}
            handlers={handlers}
          />
        );
      })}
      {rows === 0 && (
        <div className="grid-row" role="row">
          <div role="gridcell" className="empty" data-testid="grid-empty">
            {p.emptyMessage}
          </div>
        </div>
      )}
    </div>
  );
}
