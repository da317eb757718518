/** The menu of rating codes that opens over a cell; arrow keys move, Escape closes. */
import { type KeyboardEvent, useEffect, useRef } from "react";
import { RATING_CODES, RATING_LABELS, type RatingCode } from "../../../shared/schema/vocabulary";
import { RATING_SHORTCUTS } from "../lib/ratingKeys";

export interface PickerAnchor {
  readonly left: number;
  readonly top: number;
}

export interface RatingPickerProps {
  readonly anchor: PickerAnchor;
  readonly current: RatingCode | null;
  readonly cellLabel: string;
  readonly onPick: (code: RatingCode | null) => void;
  readonly onClose: () => void;
  /** Opens the cell's comment thread. */
  readonly onComments?: () => void;
}

export function RatingPicker({ anchor, current, cellLabel, onPick, onClose, onComments }: RatingPickerProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const first =
      ref.current?.querySelector<HTMLButtonElement>('[aria-checked="true"]') ??
      ref.current?.querySelector<HTMLButtonElement>("button");
    first?.focus();
    const onDown = (e: MouseEvent): void => {
      if (ref.current && e.target instanceof Node && !ref.current.contains(e.target)) onClose();
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [onClose]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === "Escape") {
      e.preventDefault();
      onClose();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = items[(i + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length];
      next?.focus();
    } else if (e.key === "Tab") {
      onClose();
    }
  };

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={`Rate ${cellLabel}`}
      className="picker"
      style={{ left: anchor.left, top: anchor.top }}
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
          <kbd>C</kbd>
        </button>
      )}
    </div>
  );
}
