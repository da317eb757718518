/**
 * One rating cell. What it shows depends on the view: my code (with others' codes as small marks),
 * the team consensus (overrides marked), the disagreement level, or two analysts side by side.
 * Every prop is a primitive, so a change repaints only the cells it touches. The cell is light on
 * purpose (cell, button, face, and one element for all others' marks): rows mount on every scrolled
 * frame. Clicks, focus and keys are handled once for the whole grid body (GridBody), which reads
 * the button's `data-row` / `data-col`.
 */
import { memo, type ReactNode } from "react";
import type { RatingCode } from "../../../shared/schema/vocabulary";
import type { DisagreementLevel } from "../../../shared/scoring/types";
import { type CellNameInput, cellName } from "../lib/cellName";
import { inkOn } from "../lib/contrast";
import { otherMarksStyle, othersCodes } from "../lib/otherMarks";
import "./matrix/rating.css";

/** A cell's props: what its accessible name says (CellNameInput, the one list of those), and more. */
export interface RatingCellProps extends CellNameInput {
  readonly evidenceId: string;
  readonly hypothesisId: string;
  readonly row: number;
  /** Its aria-colindex among all the grid's columns (claim and metadata columns come first). */
  readonly colIndex: number;
  /** Tooltip detail, e.g. each analyst's rating in the disagreement view: the cell's description. */
  readonly detail: string;
  readonly tabbable: boolean;
  readonly dimmed: boolean;
  readonly visitorColor: string | null;
}

const LEVEL_CODE: Readonly<Record<DisagreementLevel, string>> = {
  consensus: "=",
  mild: "~",
  large: "≠",
  extreme: "‼",
};

const face = (code: RatingCode | null): string => (code ? `rating-${code}` : "rating-none");

export const RatingCell = memo(function RatingCell(p: RatingCellProps) {
  let body: ReactNode;
  switch (p.mode) {
    case "consensus":
      body = (
        <span className={`rating-face ${face(p.code)} ${p.overridden ? "is-overridden" : ""}`}>
          {p.code ?? ""}
          {p.overridden && (
            <span className="override-mark" aria-hidden="true">
              *
            </span>
          )}
        </span>
      );
      break;
    case "disagreement":
      body = (
        <span className={`rating-face spread spread-${p.level ?? "none"}`} data-level={p.level ?? ""}>
          {p.level ? LEVEL_CODE[p.level] : ""}
        </span>
      );
      break;
    case "compare": {
      const differs = p.code !== p.codeB;
      body = (
        <span className={`compare ${differs ? "is-different" : ""}`} data-differs={differs}>
          <span className={`half ${face(p.code)}`} data-side="a">
            {p.code ?? "·"}
          </span>
          <span className={`half ${face(p.codeB)}`} data-side="b">
            {p.codeB ?? "·"}
          </span>
        </span>
      );
      break;
    }
    default:
      body = (
        <>
          <span className={`rating-face ${face(p.code)}`}>{p.code ?? ""}</span>
          {p.others && (
            <span className="others" aria-hidden="true" style={otherMarksStyle(othersCodes(p.others))} />
          )}
        </>
      );
  }
  const tooltip = [p.visitorName && `Selected by ${p.visitorName}`, p.detail].filter(Boolean).join("\n");
  return (
    <div
      role="gridcell"
      className={`cell ${p.dimmed ? "is-archived" : ""} ${p.comments > 0 || p.visitorColor ? "has-badge" : ""}`}
      aria-colindex={p.colIndex}
    >
      <button
        type="button"
        className={`rating ${p.visitorColor ? "has-visitor" : ""}`}
        style={p.visitorColor ? { outlineColor: p.visitorColor } : undefined}
        tabIndex={p.tabbable ? 0 : -1}
        data-row={p.row}
        data-col={p.col}
        data-testid={`cell-${p.evidenceId}-${p.hypothesisId}`}
        data-rating={p.mode === "mine" ? (p.code ?? "") : undefined}
        data-others={p.others || undefined}
        data-shown={p.code ?? ""}
        aria-label={cellName(p)}
        aria-haspopup={p.mode === "mine" ? "menu" : undefined}
        title={tooltip || undefined}
      >
        {body}
      </button>
      {/* Outside the button: its name says the count; its tooltip (description) says who rated what. */}
      {p.comments > 0 && (
        <span className="comment-dot" aria-hidden="true" data-testid="cell-comments">
          {p.comments}
        </span>
      )}
      {p.visitorName && p.visitorColor && (
        <span
          className="visitor-tag"
          style={{ background: p.visitorColor, color: inkOn(p.visitorColor) }}
          aria-hidden="true"
        >
          {p.visitorName.slice(0, 12)}
        </span>
      )}
    </div>
  );
});
