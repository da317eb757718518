/**
 * Matrix column widths: hypothesis columns share the width the window leaves after the fixed
 * columns (so no empty band sits right of the grid), within readable bounds; a column the analyst
 * resized keeps its width, remembered per analysis in this browser.
 */
export const HYP_MIN = 112;
export const HYP_MAX = 320;
export const CLAIM_MIN = 200;
export const CLAIM_MAX = 640;

export interface SavedWidths {
  /** Evidence (claim) column, px. */
  readonly claim?: number;
  /** Hypothesis id → px. */
  readonly hypotheses?: Readonly<Record<string, number>>;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, Math.round(v)));

/**
 * Width of each hypothesis column the analyst has not resized: what is left of `available` after
 * the fixed columns and the resized ones, shared equally, kept within [HYP_MIN, HYP_MAX].
 */
export function fittedHypothesisWidth(input: {
  readonly available: number;
  readonly fixed: number;
  readonly resized: readonly number[];
  readonly free: number;
}): number {
  if (input.free <= 0) return HYP_MIN;
  const left = input.available - input.fixed - input.resized.reduce((a, b) => a + b, 0);
  return clamp(left / input.free, HYP_MIN, HYP_MAX);
}

/**
 * The widths to fix before one column is resized: every hypothesis column not yet resized keeps the
 * width it is shown at. Otherwise the fitted columns would share what the resized one gives or takes,
 * and widening one column would shrink its neighbours.
 */
export function pinnedWidths(
  hypothesisIds: readonly string[],
  resized: Readonly<Record<string, number>>,
  fitted: number,
): Record<string, number> {
  return Object.fromEntries(hypothesisIds.map((id) => [id, resized[id] ?? fitted]));
}

export const clampClaim = (px: number): number => clamp(px, CLAIM_MIN, CLAIM_MAX);
export const clampHypothesis = (px: number): number => clamp(px, HYP_MIN, HYP_MAX);

const storageKey = (analysisId: string): string => `ach.columns.widths.${analysisId}`;

/** Saved widths, ignoring anything malformed (another version of the app, a hand edit). */
export function readWidths(storage: Pick<Storage, "getItem">, analysisId: string): SavedWidths {
  try {
    const raw: unknown = JSON.parse(storage.getItem(storageKey(analysisId)) ?? "{}");
    if (typeof raw !== "object" || raw === null) return {};
    const { claim, hypotheses } = raw as { claim?: unknown; hypotheses?: unknown };
    const out: { claim?: number; hypotheses?: Record<string, number> } = {};
    if (typeof claim === "number" && Number.isFinite(claim)) out.claim = clampClaim(claim);
    if (typeof hypotheses === "object" && hypotheses !== null) {
      out.hypotheses = {};
      for (const [id, px] of Object.entries(hypotheses))
        if (typeof px === "number" && Number.isFinite(px)) out.hypotheses[id] = clampHypothesis(px);
    }
    return out;
  } catch {
    return {};
  }
}

export function writeWidths(
  storage: Pick<Storage, "setItem">,
  analysisId: string,
  widths: SavedWidths,
): void {
  try {
    storage.setItem(storageKey(analysisId), JSON.stringify(widths));
  } catch {
    // Storage full or disabled: widths simply are not remembered.
  }
}
