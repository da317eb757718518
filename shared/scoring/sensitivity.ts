/**
 * Sensitivity (Heuer step 6) and the lead's what-if panel. Column totals are per-bucket integer
 * sums, so a counterfactual for one row only adjusts that row's bucket in each column: O(H) per
 * row and effect, and bit-identical to rescoring the changed input from scratch.
 */
import { stateOf } from "./computeScores";
import type { MatrixState } from "./matrixState";
import { plainSum, type RankKeys, scoreHypotheses, topTwo, weightedSum } from "./ranking";
import {
  codeName,
  consistencyValue,
  disagreementSd,
  EMPTY,
  inconsistencyValue,
  isScaled,
  NA,
  roundTowardNeutral,
} from "./ratingScale";
import type {
  FlippedCell,
  Linchpin,
  ScoringInput,
  SensitivityEffect,
  SensitivityEffectKind,
  SensitivityReport,
  WhatIfOptions,
  WhatIfResult,
} from "./types";
import { BUCKETS } from "./weights";

/** Smallest disagreement (the "mild" threshold) for a cell to count as disputed. */
const DISPUTED_SD = 0.5;

/** Σ bucketWeight × (bucketSum + delta) with the same operation order as weightedSum. */
function adjustedWeighted(
  buckets: Int32Array,
  h: number,
  weights: Float64Array,
  b1: number,
  d1: number,
  b2: number,
  d2: number,
): number {
  let total = 0;
  const at = h * BUCKETS;
  for (let b = 0; b < BUCKETS; b++) {
    let v = buckets[at + b] ?? 0;
    if (b === b1) v += d1;
    if (b === b2) v += d2;
    total += (weights[b] ?? 0) * v;
  }
  return total;
}

/**
 * The minority view of a disputed cell. Consensus NA → the rated analysts' rounded mean.
 * Otherwise the dissenters (rating ≠ consensus) form camps "less consistent", "more consistent"
 * and "NA"; the largest camp wins (ties in that order) and gives its rounded mean, or NA.
 */
export function minorityView(codes: Uint8Array, from: number, count: number, consensus: number): number {
  let lowN = 0;
  let lowSum = 0;
  let highN = 0;
  let highSum = 0;
  let naN = 0;
  let ratedN = 0;
  let ratedSum = 0;
  for (let a = from; a < from + count; a++) {
    const code = codes[a] ?? EMPTY;
    if (code === NA) naN++;
    else if (isScaled(code)) {
      ratedN++;
      ratedSum += code;
      if (code < consensus) {
        lowN++;
        lowSum += code;
      } else if (code > consensus && consensus !== NA) {
        highN++;
        highSum += code;
      }
    }
  }
  if (consensus === NA) return ratedN > 0 ? roundTowardNeutral(ratedSum, ratedN) : NA;
  if (lowN === 0 && highN === 0 && naN === 0) return consensus;
  if (lowN >= highN && lowN >= naN) return roundTowardNeutral(lowSum, lowN);
  if (highN >= naN) return roundTowardNeutral(highSum, highN);
  return NA;
}

/** The row's most disputed, non-overridden cell (largest sd ≥ 0.5, leftmost on ties), or -1. */
function mostDisputed(state: MatrixState, slot: number): number {
  let best = -1;
  let bestSd = DISPUTED_SD;
  for (let h = 0; h < state.H; h++) {
    const ci = slot * state.H + h;
    if (state.overrideCode[ci] !== EMPTY) continue;
    const sd = disagreementSd(
      state.nNA[ci] ?? 0,
      state.nRated[ci] ?? 0,
      state.sum[ci] ?? 0,
      state.sumSq[ci] ?? 0,
    );
    if (sd !== null && sd >= bestSd && (best < 0 || sd > bestSd)) {
      best = h;
      bestSd = sd;
    }
  }
  return best;
}

/** Sensitivity of the ranking to each active row of a built state. */
export function sensitivityOfState(state: MatrixState): SensitivityReport {
  const { H, A, inc, con, bucketWeight } = state;
  const weighted = new Float64Array(H);
  const consistency = new Float64Array(H);
  const inconsistency = new Int32Array(H);
  for (let h = 0; h < H; h++) {
    weighted[h] = weightedSum(inc, h * BUCKETS, bucketWeight);
    consistency[h] = weightedSum(con, h * BUCKETS, bucketWeight);
    inconsistency[h] = plainSum(inc, h * BUCKETS);
  }
  const ratedRows = state.ratedRows.subarray(0, H);
  const base: RankKeys = { ratedRows, weighted, consistency, inconsistency };
  const [top, second] = topTwo(base, H);
  const r = ratedRows.slice();
  const w = weighted.slice();
  const c = consistency.slice();
  const i = inconsistency.slice();
  const trial: RankKeys = { ratedRows: r, weighted: w, consistency: c, inconsistency: i };
  const idOf = (h: number) => (h < 0 ? null : (state.hypotheses[h]?.id ?? null));

  /** Moves one column's contribution (iv, cv) from bucket b1 (-1: none) to b2 (-1: none). */
  const shift = (h: number, iv: number, cv: number, b1: number, b2: number) => {
    w[h] = adjustedWeighted(inc, h, bucketWeight, b1, -iv, b2, iv);
    c[h] = adjustedWeighted(con, h, bucketWeight, b1, -cv, b2, cv);
    i[h] = (inconsistency[h] ?? 0) - (b1 >= 0 ? iv : 0) + (b2 >= 0 ? iv : 0);
  };
  const restore = (h: number) => {
    r[h] = ratedRows[h] ?? 0;
    w[h] = weighted[h] ?? 0;
    c[h] = consistency[h] ?? 0;
    i[h] = inconsistency[h] ?? 0;
  };
  const evaluate = (kind: SensitivityEffectKind, flipped?: FlippedCell): SensitivityEffect | null => {
    const [newTop, newSecond] = topTwo(trial, H);
    const changesTop = newTop !== top;
    const changesTopTwo = changesTop || newSecond !== second;
    if (!changesTopTwo) return null;
    const effect = { kind, newTop: idOf(newTop), newSecond: idOf(newSecond), changesTop, changesTopTwo };
    return flipped === undefined ? effect : { ...effect, flipped };
  };

  const linchpins: Linchpin[] = [];
  for (const slot of state.order) {
    const effects: SensitivityEffect[] = [];
    const b = state.bucket[slot] ?? 4;
    const push = (effect: SensitivityEffect | null) => {
      if (effect !== null) effects.push(effect);
    };
    const forEachScored = (fn: (h: number, iv: number, cv: number) => void) => {
      for (let h = 0; h < H; h++) {
        const code = state.effective[slot * H + h] ?? EMPTY;
        const iv = inconsistencyValue(code);
        const cv = consistencyValue(code);
        if (iv !== 0 || cv !== 0) fn(h, iv, cv);
      }
    };
    forEachScored((h, iv, cv) => shift(h, iv, cv, b, -1));
    // Without the row, a column may have no rated row left and fall behind every rated one.
    for (let h = 0; h < H; h++) if (isScaled(state.effective[slot * H + h] ?? EMPTY)) r[h] = (r[h] ?? 0) - 1;
    push(evaluate("remove"));
    for (let h = 0; h < H; h++) restore(h);

    const low = b % 3;
    if (b !== low) {
      forEachScored((h, iv, cv) => shift(h, iv, cv, b, low));
      push(evaluate("lowCredibility"));
      forEachScored((h) => restore(h));
    }

    const h = mostDisputed(state, slot);
    if (h >= 0) {
      const ci = slot * H + h;
      const from = state.effective[ci] ?? EMPTY;
      const to = minorityView(state.codes, ci * A, A, state.computed[ci] ?? EMPTY);
      if (to !== from) {
        const ivFrom = inconsistencyValue(from);
        const ivTo = inconsistencyValue(to);
        const cvFrom = consistencyValue(from);
        const cvTo = consistencyValue(to);
        w[h] = adjustedWeighted(inc, h, bucketWeight, b, ivTo - ivFrom, -1, 0);
        c[h] = adjustedWeighted(con, h, bucketWeight, b, cvTo - cvFrom, -1, 0);
        i[h] = (inconsistency[h] ?? 0) + ivTo - ivFrom;
        r[h] = (ratedRows[h] ?? 0) + Number(isScaled(to)) - Number(isScaled(from));
        const hypothesisId = state.hypotheses[h]?.id ?? "";
        push(evaluate("flipDisputed", { hypothesisId, from: codeName(from), to: codeName(to) }));
        restore(h);
      }
    }
    if (effects.length > 0) linchpins.push({ evidenceId: state.rowInput[slot]?.id ?? "", effects });
  }
  return { top: idOf(top), second: idOf(second), linchpins, rowsChecked: state.order.length };
}

/** Which rows decide the ranking: removing them, dropping them to Low credibility, or flipping their most disputed cell. */
export function computeSensitivity(input: ScoringInput): SensitivityReport {
  return sensitivityOfState(stateOf(input).state);
}

/** Ranking of a built state with some rows switched off (column sums minus those rows). */
export function whatIfOfState(state: MatrixState, options: WhatIfOptions): WhatIfResult {
  const { H } = state;
  const inc = state.inc.slice();
  const con = state.con.slice();
  const ratedRows = state.ratedRows.slice();
  const unrated = state.unrated.slice();
  const excluded: string[] = [];
  const seen = new Set<number>();
  for (const id of options.excludedRows) {
    const slot = state.rowSlot.get(id);
    if (slot === undefined || seen.has(slot)) continue;
    seen.add(slot);
    excluded.push(id);
    const b = state.bucket[slot] ?? 4;
    for (let h = 0; h < H; h++) {
      const code = state.effective[slot * H + h] ?? EMPTY;
      if (code === EMPTY) unrated[h] = (unrated[h] ?? 0) - 1;
      else if (code !== NA) {
        ratedRows[h] = (ratedRows[h] ?? 0) - 1;
        inc[h * BUCKETS + b] = (inc[h * BUCKETS + b] ?? 0) - inconsistencyValue(code);
        con[h * BUCKETS + b] = (con[h * BUCKETS + b] ?? 0) - consistencyValue(code);
      }
    }
  }
  const { scores, ranking } = scoreHypotheses(
    state.hypotheses,
    { inc, con, ratedRows, unrated, offset: 0 },
    state.bucketWeight,
  );
  return { hypotheses: scores, ranking, excludedRows: excluded };
}

/** The lead's what-if panel: the ranking with the given rows toggled off. */
export function whatIf(input: ScoringInput, options: WhatIfOptions): WhatIfResult {
  return whatIfOfState(stateOf(input).state, options);
}
