/**
 * The matrix's rows, windowed by @tanstack/react-virtual: only the rows in view (plus a few either
 * side) are in the DOM, with a spacer row above and below standing in for the rest, so a table of
 * 1 000 rows scrolls like one of 30. The virtualizer lives here, not in the grid, so a scroll that
 * brings new rows in renders this body and the new rows only; rows already shown are memoised.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { type Ref, type RefObject, useCallback, useEffect, useImperativeHandle } from "react";
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
  /** Columns the spacer and empty rows span. */
  readonly span: number;
  readonly emptyMessage: string;
}

export function GridBody(p: GridBodyProps) {
  const { evidence, rowHeight, scrollElement, pendingFocus, focusRendered } = p;
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

  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const above = first ? first.start - p.headerHeight : 0;
  const below = last ? virtualizer.getTotalSize() - (last.end - p.headerHeight) : 0;
  const rows = evidence.length;
  return (
    <tbody>
      {above > 0 && (
        // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row standing in for rows not rendered; it holds nothing focusable.
        <tr className="spacer" aria-hidden="true" style={{ height: above }}>
          <td colSpan={p.span} />
        </tr>
      )}
      {items.map((item) => {
        const e = evidence[item.index];
        if (!e) return null;
        return (
          <GridRow
            key={e.id}
            evidence={e}
            row={item.index}
            isLast={item.index === rows - 1}
            hypotheses={p.hypotheses}
            columns={p.columns}
            mode={p.mode}
            view={p.rowView(e)}
            activeCol={item.index === p.active.row ? p.active.col : -1}
            visitors={p.visitorsByRow.get(e.id)}
            isOpen={p.detailId === e.id}
            draggable={p.draggable}
            readOnly={p.readOnly}
            handlers={p.handlers}
          />
        );
      })}
      {below > 0 && (
        // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row standing in for rows not rendered; it holds nothing focusable.
        <tr className="spacer" aria-hidden="true" style={{ height: below }}>
          <td colSpan={p.span} />
        </tr>
      )}
      {rows === 0 && (
        <tr>
          <td className="empty" colSpan={p.span} data-testid="grid-empty">
            {p.emptyMessage}
          </td>
        </tr>
      )}
    </tbody>
  );
}
