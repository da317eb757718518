/**
 * Move and archive buttons of one row or column of the matrix: the same controls for evidence
 * (moves up/down) and hypotheses (moves left/right), labelled with the item for screen readers.
 */
import { Icon } from "./Icon";

export interface ItemActionsProps {
  /** "evidence" or "hypothesis", named in the archive button's label. */
  readonly kind: "evidence" | "hypothesis";
  /** The item as readers know it (a claim, shortened, or a title). */
  readonly label: string;
  readonly axis: "rows" | "columns";
  readonly isFirst: boolean;
  readonly isLast: boolean;
  readonly archived: boolean;
  readonly onMove: (delta: -1 | 1) => void;
  readonly onArchive: (archived: boolean) => void;
}

export function ItemActions(p: ItemActionsProps) {
  const [back, forward] = p.axis === "rows" ? (["up", "down"] as const) : (["left", "right"] as const);
  return (
    <>
      <button
        type="button"
        className="icon-btn"
        aria-label={`Move "${p.label}" ${back}`}
        disabled={p.isFirst}
        onClick={() => p.onMove(-1)}
      >
        <Icon name={back} />
      </button>
      <button
        type="button"
        className="icon-btn"
        aria-label={`Move "${p.label}" ${forward}`}
        disabled={p.isLast}
        onClick={() => p.onMove(1)}
      >
        <Icon name={forward} />
      </button>
      <button
        type="button"
        className="icon-btn"
        aria-label={`${p.archived ? "Restore" : "Archive"} ${p.kind} "${p.label}"`}
        title={p.archived ? "Restore" : "Archive"}
        onClick={() => p.onArchive(!p.archived)}
      >
        <Icon name={p.archived ? "restore" : "archive"} />
      </button>
    </>
  );
}
