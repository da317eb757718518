/**
 * Keyboard shortcuts of a focused rating cell. A code's letter rates it: C, N, I, A (NA), and with
 * Shift the strong codes, Shift+C for CC and Shift+I for II (Shift, not the letter's case, so Caps
 * Lock does not turn C into CC). The digits 1–5 (CC…II) and 0 or x (NA) still work; Backspace or
 * Delete clears. M opens the cell's comments (C being Consistent).
 */
import type { RatingCode } from "../../../shared/schema/vocabulary";

export type RatingKeyAction = { readonly kind: "set"; readonly code: RatingCode | null } | null;

/** What a key press carries that decides the rating: the key, and Shift for the strong codes. */
export interface RatingKey {
  readonly key: string;
  readonly shiftKey: boolean;
}

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

/** The code's letter, lower case: plain, and with Shift. */
const BY_LETTER: Readonly<Record<string, readonly [RatingCode, RatingCode]>> = {
  c: ["C", "CC"],
  n: ["N", "N"],
  i: ["I", "II"],
  a: ["NA", "NA"],
};

export function ratingForKey({ key, shiftKey }: RatingKey): RatingKeyAction {
  const letter = key.length === 1 ? key.toLowerCase() : "";
  if (Object.hasOwn(BY_LETTER, letter)) {
    const [plain, strong] = BY_LETTER[letter] ?? [];
    return plain && strong ? { kind: "set", code: shiftKey ? strong : plain } : null;
  }
  return Object.hasOwn(BY_KEY, key) ? { kind: "set", code: BY_KEY[key] ?? null } : null;
}

/** The key opening a focused cell's comments. */
export const isCommentsKey = (key: string): boolean => key === "m" || key === "M";

/** The shortcut shown next to each code (legend, picker, row-by-row rating). */
export const RATING_SHORTCUTS: Readonly<Record<RatingCode, string>> = {
  CC: "⇧C",
  C: "C",
  N: "N",
  I: "I",
  II: "⇧I",
  NA: "A",
};

/** The same shortcuts as a screen reader should say them. */
export const RATING_SHORTCUT_NAMES: Readonly<Record<RatingCode, string>> = {
  CC: "Shift C",
  C: "C",
  N: "N",
  I: "I",
  II: "Shift I",
  NA: "A",
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
