/**
 * A hypothesis column header: inline-editable title (long titles truncate, full text in the tooltip),
 * its score, comment count, details, move left/right (or drag), archive or restore.
 */
import type { DragEvent, ReactNode } from "react";
import type { Hypothesis } from "../../../shared/schema/contentDoc";
import { titleSchema } from "../../../shared/schema/fields";
import type { HypothesisScore } from "../../../shared/scoring/types";
import type { MatrixActions } from "../hooks/useMatrix";
import { Tooltip } from "../ui/Tooltip";
import { Clamped } from "./Clamped";
import { Icon } from "./Icon";
import { InlineText } from "./InlineText";
import { ItemActions } from "./ItemActions";
import { HypothesisScoreLine } from "./matrix/HypothesisScoreLine";
import "./HypothesisHeader.css";

export interface HypothesisHeaderProps {
  readonly hypothesis: Hypothesis;
  readonly index: number;
  /** Its aria-colindex among all the grid's columns (claim and metadata columns come first). */
  readonly colIndex: number;
  readonly isFirst: boolean;
  readonly isLast: boolean;
  readonly actions: MatrixActions;
  readonly score: HypothesisScore | undefined;
  readonly comments: number;
  readonly readOnly: boolean;
  readonly onOpen: (hypothesisId: string) => void;
  readonly onMove: (hypothesisId: string, delta: -1 | 1) => void;
  readonly onDrop: (draggedId: string, targetId: string) => void;
  /** How many hypotheses are ranked ("rank 2 of 3"). */
  readonly rankedCount: number;
  /** The description as plain text ("" when there is none), for the tooltip. */
  readonly description: string;
  /** The column's resize grip. */
  readonly resizer?: ReactNode;
}

const DRAG_TYPE = "application/x-ach-hypothesis";

export function HypothesisHeader(p: HypothesisHeaderProps) {
  const { hypothesis: h, index, readOnly } = p;
  const onDragStart = (e: DragEvent<HTMLElement>): void => {
    e.dataTransfer.setData(DRAG_TYPE, h.id);
    e.dataTransfer.effectAllowed = "move";
  };
  const onDragOver = (e: DragEvent<HTMLElement>): void => {
    if (e.dataTransfer.types.includes(DRAG_TYPE)) e.preventDefault();
  };
  const onDrop = (e: DragEvent<HTMLElement>): void => {
    const id = e.dataTransfer.getData(DRAG_TYPE);
    if (id && id !== h.id) {
      e.preventDefault();
      p.onDrop(id, h.id);
    }
  };
  return (
    <div
      role="columnheader"
      // What a screen reader says on entering the column: its key and title, not every control's name.
      aria-label={`H${index + 1}: ${h.title || "Untitled hypothesis"}`}
      className={`hyp-head ${h.archived ? "is-archived" : ""}`}
      data-testid={`hyp-${h.id}`}
      aria-colindex={p.colIndex}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <Tooltip
        side="bottom"
        content={
          <>
            <strong>
              H{index + 1}. {h.title || "Untitled hypothesis"}
            </strong>
            <br />
            {p.description
              ? p.description.length > 320
                ? `${p.description.slice(0, 319)}…`
                : p.description
              : "No description yet: open the details to add one."}
          </>
        }
      >
        <div className="hyp-label" title={h.title}>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: dragging is a pointer shortcut; the move buttons are the keyboard path. */}
          <span
            className={`hyp-key ${readOnly ? "" : "drag-handle"}`}
            draggable={!readOnly}
            onDragStart={onDragStart}
            title={readOnly ? undefined : "Drag to reorder"}
            data-testid={`hyp-handle-${h.id}`}
          >
            H{index + 1}
          </span>
          {readOnly ? (
            <Clamped text={h.title} lines={3} className="hyp-title" />
          ) : (
            <InlineText
              value={h.title}
              label="Hypothesis title"
              schema={titleSchema}
              onCommit={(t) => p.actions.renameHypothesis(h.id, t)}
              className="hyp-title"
              testId={`hyp-title-${h.id}`}
            />
          )}
        </div>
      </Tooltip>
      {h.archived ? (
        <div className="hyp-score muted" data-testid={`hyp-score-${h.id}`}>
          archived
        </div>
      ) : (
        <HypothesisScoreLine score={p.score} of={p.rankedCount} testId={`hyp-score-${h.id}`} />
      )}
      <div className="item-actions">
        <button
          type="button"
          className="icon-btn"
          aria-label={`Details and comments of "${h.title}"`}
          title="Details and comments"
          data-testid={`hyp-details-${h.id}`}
          onClick={() => p.onOpen(h.id)}
        >
          <Icon name="panel" />
          {p.comments > 0 && <span className="badge">{p.comments}</span>}
        </button>
        {!readOnly && (
          <ItemActions
            kind="hypothesis"
            label={h.title}
            axis="columns"
            isFirst={p.isFirst}
            isLast={p.isLast}
            archived={h.archived}
            onMove={(delta) => p.onMove(h.id, delta)}
            onArchive={(archived) => p.actions.setHypothesisArchived(h.id, archived)}
          />
        )}
      </div>
      {p.resizer}
    </div>
  );
}
