/**
 * The matrix's column widths: the evidence column and every hypothesis column, fitted to the
 * window (lib/columnWidths) unless the analyst resized them, which is remembered per analysis.
 */
import { useCallback, useRef, useState } from "react";
import {
  fittedHypothesisWidth,
  pinnedWidths,
  readWidths,
  type SavedWidths,
  writeWidths,
} from "../lib/columnWidths";

export interface ColumnWidths {
  readonly claim: number;
  readonly of: (hypothesisId: string) => number;
  /** The table's width: every column. */
  readonly total: number;
  readonly resizeClaim: (px: number) => void;
  readonly resizeHypothesis: (id: string, px: number) => void;
  /** Ends a resize: the widths are kept (and remembered). */
  readonly commit: () => void;
}

/** Evidence column before the analyst sets it: narrower on laptop screens. */
const defaultClaim = (available: number): number => (available >= 1400 ? 320 : 280);

export function useColumnWidths(input: {
  /** Where widths are remembered; null: not remembered. */
  readonly key: string | null;
  /** The grid's visible width. */
  readonly available: number;
  /** Width of the columns other than evidence and hypotheses. */
  readonly fixed: number;
  readonly hypothesisIds: readonly string[];
}): ColumnWidths {
  const { key, available, fixed, hypothesisIds } = input;
  const [saved, setSaved] = useState<SavedWidths>(() => (key ? readWidths(window.localStorage, key) : {}));
  // Widths while dragging, read synchronously by `commit` (a key press resizes and commits at once).
  const live = useRef<{ claim?: number; hypotheses: Record<string, number> }>({ hypotheses: {} });
  const [, rerender] = useState(0);

  const claim = live.current.claim ?? saved.claim ?? defaultClaim(available);
  const set = (id: string): number | undefined => live.current.hypotheses[id] ?? saved.hypotheses?.[id];
  const resized = hypothesisIds.flatMap((id) => {
    const w = set(id);
    return w === undefined ? [] : [w];
  });
  const fitted = fittedHypothesisWidth({
    available,
    fixed: fixed + claim,
    resized,
    free: hypothesisIds.length - resized.length,
  });
  const of = (id: string): number => set(id) ?? fitted;
  const total = claim + fixed + hypothesisIds.reduce((sum, id) => sum + of(id), 0);

  // A resize leaves the other columns at the width they are shown at (pinnedWidths).
  const shown = (): Record<string, number> =>
    pinnedWidths(hypothesisIds, { ...saved.hypotheses, ...live.current.hypotheses }, fitted);
  const resizeClaim = (px: number): void => {
    live.current = { claim: px, hypotheses: shown() };
    rerender((n) => n + 1);
  };
  const resizeHypothesis = (id: string, px: number): void => {
    live.current = { ...live.current, hypotheses: { ...shown(), [id]: px } };
    rerender((n) => n + 1);
  };
  const commit = useCallback(() => {
    const { claim: c, hypotheses } = live.current;
    live.current = { hypotheses: {} };
    setSaved((prev) => {
      const next: SavedWidths = {
        ...(c !== undefined ? { claim: c } : prev.claim !== undefined ? { claim: prev.claim } : {}),
        hypotheses: { ...prev.hypotheses, ...hypotheses },
      };
      if (key) writeWidths(window.localStorage, key, next);
      return next;
    });
  }, [key]);

  return { claim, of, total, resizeClaim, resizeHypothesis, commit };
}
