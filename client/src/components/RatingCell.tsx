/** One rating cell: my code as a coloured letter chip, others' selections as coloured outlines. */
import { type KeyboardEvent, memo } from "react";
import { RATING_LABELS, type RatingCode } from "../../../shared/schema/vocabulary";
import type { PresenceUser } from "../hooks/usePresence";

export interface OtherCellRating {
  readonly userId: string;
  readonly name: string;
  readonly code: RatingCode;
}

export interface RatingCellProps {
  readonly evidenceId: string;
  readonly hypothesisId: string;
  readonly row: number;
  readonly col: number;
  readonly code: RatingCode | null;
  readonly label: string;
  readonly tabbable: boolean;
  readonly dimmed: boolean;
  /** Other users whose selection is this cell. */
  readonly visitors: readonly PresenceUser[];
  /** Other analysts' ratings of this cell. */
  readonly othersRatings: readonly OtherCellRating[];
  readonly onOpen: (evidenceId: string, hypothesisId: string, el: HTMLElement) => void;
  readonly onFocusCell: (row: number, col: number) => void;
  readonly onKey: (e: KeyboardEvent<HTMLButtonElement>, row: number, col: number) => void;
}

export const RatingCell = memo(function RatingCell(p: RatingCellProps) {
  const first = p.visitors[0];
  const names = p.visitors.map((v) => v.name).join(", ");
  const othersText = p.othersRatings.map((o) => `${o.name} ${o.code}`).join(", ");
  return (
    <td className={`cell ${p.dimmed ? "is-archived" : ""}`}>
      <button
        type="button"
        className={`rating ${first ? "has-visitor" : ""}`}
        style={first ? { outlineColor: first.color } : undefined}
        tabIndex={p.tabbable ? 0 : -1}
        data-row={p.row}
        data-col={p.col}
        data-testid={`cell-${p.evidenceId}-${p.hypothesisId}`}
        data-rating={p.code ?? ""}
        aria-label={`${p.label}: ${p.code ? RATING_LABELS[p.code] : "unrated"}${othersText ? `; others: ${othersText}` : ""}`}
        aria-haspopup="menu"
        title={
          [names && `Selected by ${names}`, othersText && `Others: ${othersText}`]
            .filter(Boolean)
            .join("\n") || undefined
        }
        onClick={(e) => p.onOpen(p.evidenceId, p.hypothesisId, e.currentTarget)}
        onFocus={() => p.onFocusCell(p.row, p.col)}
        onKeyDown={(e) => p.onKey(e, p.row, p.col)}
      >
        <span className={`rating-face ${p.code ? `rating-${p.code}` : "rating-none"}`}>{p.code ?? ""}</span>
        {p.othersRatings.length > 0 && (
          <span className="others" aria-hidden="true">
            {p.othersRatings.map((o) => (
              <span
                key={o.userId}
                className={`other rating-${o.code}`}
                data-testid={`other-${o.userId}`}
                data-rating={o.code}
              />
            ))}
          </span>
        )}
        {first && (
          <span className="visitor-tag" style={{ background: first.color }} aria-hidden="true">
            {first.name.slice(0, 12)}
          </span>
        )}
      </button>
    </td>
  );
});
