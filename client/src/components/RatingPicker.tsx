/**
 * The menu of rating codes that opens next to a cell; arrow keys move, Escape closes, and the keys it
 * shows (the codes' letters, ⌫, M) act at once. It lives in a portal on the body: inside the grid (which has
 * `contain: content`) a fixed menu would be placed relative to the grid and focusing it would scroll
 * the grid. It follows its cell while the grid scrolls and closes when the cell leaves the page.
 */
import { type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { RATING_CODES, RATING_LABELS, type RatingCode } from "../../../shared/schema/vocabulary";
import { isCommentsKey, RATING_SHORTCUTS, ratingForKey } from "../lib/ratingKeys";
import "./matrix/rating.css";

interface Position {
  readonly left: number;
  readonly top: number;
}

const GAP = 4;

/** Below the cell when it fits, else above it; kept inside the window. */
function placeNextTo(cell: DOMRect, menu: { width: number; height: number }): Position {
  const left = Math.max(8, Math.min(cell.left, window.innerWidth - menu.width - 8));
  const below = cell.bottom + GAP;
  const top =
    below + menu.height <= window.innerHeight - 8 ? below : Math.max(8, cell.top - GAP - menu.height);
  return { left, top };
}

export interface RatingPickerProps {
  /** The cell the menu belongs to. */
  readonly anchor: HTMLElement;
  readonly current: RatingCode | null;
  readonly cellLabel: string;
  readonly onPick: (code: RatingCode | null) => void;
  readonly onClose: () => void;
  /** Opens the cell's comment thread. */
  readonly onComments?: () => void;
}

export function RatingPicker({ anchor, current, cellLabel, onPick, onClose, onComments }: RatingPickerProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<Position | null>(null);

  const place = useCallback(() => {
    const menu = ref.current;
    if (!menu) return;
    if (!anchor.isConnected) {
      onClose();
      return;
    }
    setPos(
      placeNextTo(anchor.getBoundingClientRect(), { width: menu.offsetWidth, height: menu.offsetHeight }),
    );
  }, [anchor, onClose]);

  useLayoutEffect(() => {
    place();
    window.addEventListener("scroll", place, true);
    window.addEventListener("resize", place);
    return () => {
      window.removeEventListener("scroll", place, true);
      window.removeEventListener("resize", place);
    };
  }, [place]);

  // Focus once placed: a hidden menu cannot take focus.
  const placed = pos !== null;
  useEffect(() => {
    if (!placed) return;
    const first =
      ref.current?.querySelector<HTMLButtonElement>('[aria-checked="true"]') ??
      ref.current?.querySelector<HTMLButtonElement>("button");
    first?.focus({ preventScroll: true });
    const onDown = (e: MouseEvent): void => {
      if (ref.current && e.target instanceof Node && !ref.current.contains(e.target)) onClose();
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [onClose, placed]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const rating = ratingForKey(e);
    if (rating) {
      e.preventDefault();
      onPick(rating.code);
    } else if (isCommentsKey(e.key) && onComments) {
      e.preventDefault();
      onComments();
    } else if (e.key === "Escape") {
      e.preventDefault();
      onClose();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = items[(i + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length];
      next?.focus({ preventScroll: true });
    } else if (e.key === "Tab") {
      onClose();
    }
  };

  return createPortal(
    <div
      ref={ref}
      role="menu"
      aria-label={`Rate ${cellLabel}`}
      className="picker"
      // Hidden for the one layout pass before its size is known.
      style={pos ? { left: pos.left, top: pos.top } : { left: 0, top: 0, visibility: "hidden" }}
      data-testid="rating-picker"
      onKeyDown={onKeyDown}
    >
      {RATING_CODES.map((code) => (
        <button
          key={code}
          type="button"
          role="menuitemradio"
          aria-checked={current === code}
          className="picker-item"
          data-testid={`pick-${code}`}
          onClick={() => onPick(code)}
        >
          <span className={`chip rating-${code}`}>{code}</span>
          <span className="picker-label">{RATING_LABELS[code]}</span>
          <kbd>{RATING_SHORTCUTS[code]}</kbd>
        </button>
      ))}
      <button
        type="button"
        role="menuitemradio"
        aria-checked={current === null}
        className="picker-item"
        data-testid="pick-clear"
        onClick={() => onPick(null)}
      >
        <span className="chip rating-none" aria-hidden="true" />
        <span className="picker-label">Clear (unrated)</span>
        <kbd>⌫</kbd>
      </button>
      {onComments && (
        <button
          type="button"
          role="menuitem"
          className="picker-item picker-comments"
          data-testid="pick-comments"
          onClick={onComments}
        >
          <span className="picker-label">Comments…</span>
          <kbd>M</kbd>
        </button>
      )}
    </div>,
    document.body,
  );
}
