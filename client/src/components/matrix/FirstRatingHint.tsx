/**
 * Shown in "My ratings" while I have rated nothing: what a cell is for and the two ways to start,
 * instead of a grid of empty boxes that says nothing.
 */
import { Button } from "../../ui/Button";
import "./FirstRatingHint.css";

export function FirstRatingHint({ onRateRows }: { readonly onRateRows: () => void }) {
  return (
    <div className="first-rating" role="note" data-testid="first-rating-hint">
      <p>
        <strong>Nothing rated yet.</strong> For each item, ask: if this hypothesis were true, how likely would
        I see this? Click a cell, or focus it and type <kbd>C</kbd> <kbd>N</kbd> <kbd>I</kbd> (with Shift: CC,
        II).
      </p>
      <Button variant="primary" size="sm" onClick={onRateRows}>
        Rate row by row
      </Button>
    </div>
  );
}
