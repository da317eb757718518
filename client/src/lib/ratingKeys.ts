/** Keyboard shortcuts of a focused rating cell: 1–5 CC…II, 0 or x NA, Backspace/Delete clears. */
import type { RatingCode } from "../../../shared/schema/vocabulary";

export type RatingKeyAction = { readonly kind: "set"; readonly code: RatingCode | null } | null;

const BY_KEY: Readonly<Record<string, RatingCode | null>> = {
  "1": "CC",
  "2": "C",
  "3": "N",
  "4": "I",
  "5": "II",
  "0": "NA",
  x: "NA",
  X: "NA",
  Backspace: null,
  Delete: null,
};

export function ratingForKey(key: string): RatingKeyAction {
  return Object.hasOwn(BY_KEY, key) ? { kind: "set", code: BY_KEY[key] ?? null } : null;
}

/** The shortcut shown next to each code in the picker. */
export const RATING_SHORTCUTS: Readonly<Record<RatingCode, string>> = {
  CC: "1",
  C: "2",
  N: "3",
  I: "4",
  II: "5",
  NA: "0",
};

export interface GridPos {
  readonly row: number;
  readonly col: number;
}

/** The cell an arrow key moves to, clamped to the grid; null for other keys. */
export function moveInGrid(pos: GridPos, key: string, rows: number, cols: number): GridPos | null {
  const clamp = (v: number, n: number): number => Math.max(0, Math.min(n - 1, v));
  switch (key) {
    case "ArrowUp":
      return { row: clamp(pos.row - 1, rows), col: pos.col };
    case "ArrowDown":
      return { row: clamp(pos.row + 1, rows), col: pos.col };
    case "ArrowLeft":
      return { row: pos.row, col: clamp(pos.col - 1, cols) };
    case "ArrowRight":
      return { row: pos.row, col: clamp(pos.col + 1, cols) };
    case "Home":
      return { row: pos.row, col: 0 };
    case "End":
      return { row: pos.row, col: cols - 1 };
    default:
      return null;
  }
}
