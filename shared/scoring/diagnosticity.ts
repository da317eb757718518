/** Diagnosticity of a row (Open Synthesis `diagnosticity`), from the dense per-cell tallies. */
import { EMPTY, NA, NEUTRAL } from "./ratingScale";

/** The per-cell arrays of a MatrixState that diagnosticity reads. */
export interface CellTallies {
  readonly H: number;
  readonly overrideCode: Uint8Array;
  readonly nNA: Int32Array;
  readonly nRated: Int32Array;
  readonly sum: Int32Array;
}

/**
 * Population sd of the row's per-hypothesis mean ratings (NA counted as N, as Open Synthesis does;
 * an override counts as its code): NaN with fewer than 2 such hypotheses, exactly 0 when all are
 * equal. Writes the means to `scratch` (length ≥ H); returns the sd and how many hypotheses counted.
 */
export function rowDiagnosticity(
  t: CellTallies,
  slot: number,
  scratch: Float64Array,
): { diag: number; count: number } {
  const { H } = t;
  let count = 0;
  for (let h = 0; h < H; h++) {
    const ci = slot * H + h;
    const override = t.overrideCode[ci] ?? EMPTY;
    if (override !== EMPTY) {
      scratch[count++] = override === NA ? NEUTRAL : override;
      continue;
    }
    const nNA = t.nNA[ci] ?? 0;
    const n = nNA + (t.nRated[ci] ?? 0);
    if (n > 0) scratch[count++] = ((t.sum[ci] ?? 0) + NEUTRAL * nNA) / n;
  }
  if (count < 2) return { diag: Number.NaN, count };
  let total = 0;
  let allEqual = true;
  for (let i = 0; i < count; i++) {
    total += scratch[i] ?? 0;
    if (scratch[i] !== scratch[0]) allEqual = false;
  }
  if (allEqual) return { diag: 0, count };
  const mean = total / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += ((scratch[i] ?? 0) - mean) ** 2;
  return { diag: Math.sqrt(squares / count), count };
}
