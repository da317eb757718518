/**
 * The legend under the view bar: the rating codes, or the disagreement levels in that view. In my
 * own ratings it shows each code's key too (its letter, Shift for CC and II), and that `m` opens a
 * cell's comments.
 */
import { RATING_CODES, RATING_LABELS } from "../../../shared/schema/vocabulary";
import { RATING_SHORTCUT_NAMES, RATING_SHORTCUTS } from "../lib/ratingKeys";
import type { ViewMode } from "../lib/views";
import "./matrix/rating.css";

const SPREAD_LEGEND = [
  ["consensus", "=", "Agreement (sd < 0.5)"],
  ["mild", "~", "Mild (< 1.5)"],
  ["large", "≠", "Large (< 2)"],
  ["extreme", "‼", "Extreme"],
] as const;

export function Legend({ mode }: { readonly mode: ViewMode }) {
  if (mode === "disagreement") {
    return (
      <ul className="legend" aria-label="Disagreement levels">
        {SPREAD_LEGEND.map(([level, sign, text]) => (
          <li key={level}>
            <span className={`chip spread-${level}`}>{sign}</span> {text}
          </li>
        ))}
        <li>
          <span className="chip spread-none" aria-hidden="true" /> Fewer than two ratings
        </li>
      </ul>
    );
  }
  return (
    <ul className="legend" aria-label="Rating codes">
      {RATING_CODES.map((c) => (
        <li key={c}>
          <span className={`chip rating-${c}`}>{c}</span> {RATING_LABELS[c]}
          {mode === "mine" && <kbd aria-label={`key ${RATING_SHORTCUT_NAMES[c]}`}>{RATING_SHORTCUTS[c]}</kbd>}
        </li>
      ))}
      <li>
        <span className="chip rating-none" aria-hidden="true" /> Unrated
      </li>
      {mode === "mine" && (
        <li data-testid="cell-keys-hint">
          <kbd>m</kbd> a cell's details and comments
        </li>
      )}
    </ul>
  );
}
