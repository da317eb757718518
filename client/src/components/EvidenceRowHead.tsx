/**
 * The left part of an evidence row: drag handle and key, flag, its citations (a chip opening the
 * cited passages), claim (two lines at most, full text in the tooltip), row actions, then the
 * metadata columns the user chose to show.
 */
import { type DragEvent, memo } from "react";
import type { Evidence } from "../../../shared/schema/contentDoc";
import { evidenceFieldsSchema } from "../../../shared/schema/fields";
import { EVIDENCE_TYPE_LABELS, type Level } from "../../../shared/schema/vocabulary";
import { printable } from "../lib/format";
import type { MetaColumn } from "../lib/gridView";
import { Icon } from "./Icon";
import { InlineText } from "./InlineText";
import { ItemActions } from "./ItemActions";
import { CitationChip } from "./sources/Citations";
import "./EvidenceRowHead.css";

const LEVEL_SHORT: Readonly<Record<Level, string>> = { low: "L", medium: "M", high: "H" };
const LEVEL_NAME: Readonly<Record<Level, string>> = { low: "Low", medium: "Medium", high: "High" };
const claimSchema = evidenceFieldsSchema.shape.claim;
const DRAG_TYPE = "application/x-ach-evidence";

export const short = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A level as a one-letter pill; the words are one hidden text node (rows mount on every scrolled frame). */
function LevelPill({ level, what }: { readonly level: Level; readonly what: string }) {
  const words = `${what}: ${LEVEL_NAME[level]}`;
  return (
    <>
      <span className={`pill level-${level}`} title={words} aria-hidden="true">
        {LEVEL_SHORT[level]}
      </span>
      <span className="visually-hidden">{words}</span>
    </>
  );
}

export interface EvidenceRowHeadProps {
  readonly evidence: Evidence;
  /** Its evidence code (E3), the same in every view and export. */
  readonly code: string;
  readonly isFirst: boolean;
  readonly isLast: boolean;
  readonly columns: readonly MetaColumn[];
  readonly comments: number;
  /** Render the move and archive buttons (only the hovered or focused row has them in the DOM). */
  readonly showActions: boolean;
  readonly draggable: boolean;
  readonly readOnly: boolean;
  readonly diagnosticity: number | null;
  readonly onUpdateClaim: (id: string, claim: string) => void;
  readonly onMove: (id: string, delta: -1 | 1) => void;
  readonly onArchive: (id: string, archived: boolean) => void;
  readonly onOpenDetail: (id: string) => void;
  readonly onDrop: (draggedId: string, targetId: string) => void;
}

export const EvidenceRowHead = memo(function EvidenceRowHead(p: EvidenceRowHeadProps) {
  const e = p.evidence;
  const onDragStart = (ev: DragEvent<HTMLElement>): void => {
    ev.dataTransfer.setData(DRAG_TYPE, e.id);
    ev.dataTransfer.effectAllowed = "move";
  };
  const onDragOver = (ev: DragEvent<HTMLElement>): void => {
    if (p.draggable && ev.dataTransfer.types.includes(DRAG_TYPE)) ev.preventDefault();
  };
  const onDrop = (ev: DragEvent<HTMLElement>): void => {
    const id = ev.dataTransfer.getData(DRAG_TYPE);
    if (id && id !== e.id) {
      ev.preventDefault();
      p.onDrop(id, e.id);
    }
  };
  return (
    <>
      <div
        role="rowheader"
        className="claim-cell"
        aria-colindex={1}
        // What a screen reader says on entering the row: its key and claim, not every control's name.
        aria-label={`${p.code}: ${short(e.claim, 120)}`}
        onDragOver={onDragOver}
        onDrop={onDrop}
      >
        <div className="claim-wrap">
          {/* biome-ignore lint/a11y/noStaticElementInteractions: dragging is a pointer shortcut; the move buttons are the keyboard path. */}
          <span
            className={`row-key ${p.draggable ? "drag-handle" : ""}`}
            draggable={p.draggable}
            onDragStart={onDragStart}
            title={p.draggable ? "Drag to reorder" : undefined}
            data-testid={`row-handle-${e.id}`}
          >
            {p.code}
          </span>
          {e.flagged && (
            <span className="flag" title="Flagged">
              <Icon name="flag" />
              <span className="visually-hidden">Flagged</span>
            </span>
          )}
          {p.diagnosticity === 0 && (
            <span className="nondiag" title="Non-diagnostic: rated alike for every hypothesis">
              ND
            </span>
          )}
          <CitationChip evidenceId={e.id} />
          {p.readOnly ? (
            <span className="claim-text clamp" title={e.claim}>
              {e.claim}
            </span>
          ) : (
            <InlineText
              value={e.claim}
              label="Evidence claim"
              schema={claimSchema}
              onCommit={(claim) => p.onUpdateClaim(e.id, claim)}
              className="claim-text clamp"
              testId={`claim-${e.id}`}
              tooltip={e.claim}
            />
          )}
        </div>
        <div className="item-actions row-actions">
          {p.showActions && !p.readOnly && (
            <ItemActions
              kind="evidence"
              label={short(e.claim, 40)}
              axis="rows"
              isFirst={p.isFirst}
              isLast={p.isLast}
              archived={e.archived}
              onMove={(delta) => p.onMove(e.id, delta)}
              onArchive={(archived) => p.onArchive(e.id, archived)}
            />
          )}
          <button
            type="button"
            className="icon-btn"
            aria-label={`Details of "${short(e.claim, 40)}"`}
            title="Details, notes and comments"
            data-testid={`details-${e.id}`}
            onClick={() => p.onOpenDetail(e.id)}
          >
            <Icon name="panel" />
            {p.comments > 0 && (
              <span className="badge" data-testid={`row-comments-${e.id}`}>
                {p.comments}
              </span>
            )}
          </button>
        </div>
      </div>
      {p.columns.map((c, i) => (
        <MetaCell key={c} column={c} colIndex={i + 2} evidence={e} />
      ))}
    </>
  );
});

function MetaCell({
  column,
  colIndex,
  evidence: e,
}: {
  readonly column: MetaColumn;
  /** Its aria-colindex: the claim is column 1, the metadata columns follow. */
  readonly colIndex: number;
  readonly evidence: Evidence;
}) {
  switch (column) {
    case "source":
      return (
        <div
          role="gridcell"
          aria-colindex={colIndex}
          className="meta meta-source truncate"
          title={printable(e.source)}
        >
          {printable(e.source)}
        </div>
      );
    case "date":
      return (
        <div role="gridcell" aria-colindex={colIndex} className="meta meta-date">
          {e.date}
        </div>
      );
    case "type":
      return (
        <div
          role="gridcell"
          aria-colindex={colIndex}
          className="meta meta-type truncate"
          title={EVIDENCE_TYPE_LABELS[e.type]}
        >
          {EVIDENCE_TYPE_LABELS[e.type]}
        </div>
      );
    case "credibility":
      return (
        <div role="gridcell" aria-colindex={colIndex} className="meta meta-level">
          <LevelPill level={e.credibility} what="Credibility" />
        </div>
      );
    case "relevance":
      return (
        <div role="gridcell" aria-colindex={colIndex} className="meta meta-level">
          <LevelPill level={e.relevance} what="Relevance" />
        </div>
      );
    case "admiralty":
      return (
        <div
          role="gridcell"
          aria-colindex={colIndex}
          className="meta meta-admiralty"
          title="Admiralty code: source reliability and information credibility"
        >
          {e.reliability || e.infoCredibility ? `${e.reliability || "–"}${e.infoCredibility || "–"}` : ""}
        </div>
      );
    case "flag":
      return (
        <div role="gridcell" aria-colindex={colIndex} className="meta meta-flag">
          {e.flagged ? "Flagged" : ""}
        </div>
      );
  }
}
