/**
 * One evidence row of the matrix: its head (claim, actions, metadata) and one rating cell per
 * hypothesis. Memoised on plain props (the row's view of values, its index, the active column), so
 * rows already on screen do not render again while the grid scrolls or another row changes.
 */
import { type KeyboardEvent, memo } from "react";
import type { Evidence, Hypothesis } from "../../../../shared/schema/contentDoc";
import type { PresenceUser } from "../../hooks/usePresence";
import type { RowView } from "../../hooks/useRowViews";
import type { MetaColumn } from "../../lib/gridView";
import type { ViewMode } from "../../lib/views";
import { EvidenceRowHead } from "../EvidenceRowHead";
import { RatingCell } from "../RatingCell";

/** The grid's handlers, one stable object shared by every row (the cells' three by the body). */
export interface GridRowHandlers {
  readonly onUpdateClaim: (id: string, claim: string) => void;
  readonly onMove: (id: string, delta: -1 | 1) => void;
  readonly onArchive: (id: string, archived: boolean) => void;
  readonly onOpenDetail: (id: string) => void;
  readonly onDrop: (draggedId: string, targetId: string) => void;
  readonly onOpen: (evidenceId: string, hypothesisId: string, el: HTMLElement) => void;
  readonly onFocusCell: (row: number, col: number) => void;
  readonly onKey: (e: KeyboardEvent<HTMLElement>, row: number, col: number) => void;
}

export interface GridRowProps {
  readonly evidence: Evidence;
  /** Index among the shown rows (0-based). */
  readonly row: number;
  /** Its evidence code (shared/schema/evidenceCodes.ts), the same in every view and export. */
  readonly code: string;
  /** Offset of the row's top from the top of the body (px). */
  readonly top: number;
  readonly isLast: boolean;
  readonly hypotheses: readonly Hypothesis[];
  readonly columns: readonly MetaColumn[];
  readonly mode: ViewMode;
  readonly view: RowView;
  /** The column of the cell in the tab order when it is in this row, else -1. */
  readonly activeCol: number;
  /** Who has a cell of this row selected, by hypothesis id; undefined when nobody. */
  readonly visitors: ReadonlyMap<string, PresenceUser> | undefined;
  readonly isOpen: boolean;
  /** The pointer is over the row or focus is in its head: its move and archive buttons are shown. */
  readonly showActions: boolean;
  readonly draggable: boolean;
  readonly readOnly: boolean;
  readonly handlers: GridRowHandlers;
}

export const GridRow = memo(function GridRow(p: GridRowProps) {
  const e = p.evidence;
  const h = p.handlers;
  return (
    <div
      role="row"
      aria-rowindex={p.row + 2}
      // Named, not named from its contents (every cell's name run together).
      aria-label={p.code}
      className={`grid-row ev-row ${e.archived ? "is-archived" : ""} ${p.isOpen ? "is-open" : ""}`}
      data-testid={`ev-${e.id}`}
      style={{ top: p.top }}
    >
      <EvidenceRowHead
        evidence={e}
        code={p.code}
        isFirst={p.row === 0}
        isLast={p.isLast}
        columns={p.columns}
        comments={p.view.comments}
        showActions={p.showActions}
        draggable={p.draggable}
        readOnly={p.readOnly}
        diagnosticity={p.view.diagnosticity}
        onUpdateClaim={h.onUpdateClaim}
        onMove={h.onMove}
        onArchive={h.onArchive}
        onOpenDetail={h.onOpenDetail}
        onDrop={h.onDrop}
      />
      {p.hypotheses.map((hyp, col) => {
        const cell = p.view.cells[col];
        const visitor = p.visitors?.get(hyp.id);
        return (
          <RatingCell
            key={hyp.id}
            evidenceId={e.id}
            hypothesisId={hyp.id}
            row={p.row}
            evidenceCode={p.code}
            col={col}
            colIndex={p.columns.length + col + 2}
            mode={p.mode}
            code={cell?.code ?? null}
            codeB={cell?.codeB ?? null}
            level={cell?.level ?? null}
            overridden={cell?.overridden ?? false}
            others={cell?.others ?? ""}
            detail={cell?.detail ?? ""}
            tabbable={col === p.activeCol}
            dimmed={e.archived || hyp.archived}
            comments={cell?.comments ?? 0}
            visitorName={visitor?.name ?? null}
            visitorColor={visitor?.color ?? null}
          />
        );
      })}
      <div role="gridcell" className="add-col" aria-colindex={p.columns.length + p.hypotheses.length + 2} />
    </div>
  );
});
