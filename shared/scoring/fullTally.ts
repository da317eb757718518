/**
 * The full build of a MatrixState: every member's codes read once, by cell key, straight into the
 * dense code array, then one cell-major pass over it fills every tally. Its sums are the ones the
 * incremental edits keep (MatrixState.applyRating…), so both agree exactly.
 */
import { cellKeysOf } from "./cellKeys";
import type { MatrixState } from "./matrixState";
import {
  cellKey,
  consensusCode,
  consistencyValue,
  EMPTY,
  INVALID,
  inconsistencyValue,
  NA,
} from "./ratingScale";
import type { RatingStore } from "./ratingStore";
import { BUCKETS } from "./weights";

/** Bulk load of every member's codes: one keyed read per (analyst, cell), straight into `codes`. */
export function loadCodes(state: MatrixState, store: RatingStore): void {
  const keys = cellKeysOf(state.rowInput, state.hypotheses);
  for (let a = 0; a < state.A; a++) {
    store.readCodes(state.analysts[a] ?? "", keys, state.codes, state.A, a);
  }
}

/** Every override of an active cell, by cell key. */
export function loadOverrides(state: MatrixState, overrides: ReadonlyMap<string, unknown>): void {
  const { H } = state;
  for (const slot of state.order) {
    const id = state.rowInput[slot]?.id ?? "";
    for (let h = 0; h < H; h++) {
      const raw = overrides.get(cellKey(id, state.hypotheses[h]?.id ?? ""));
      if (raw !== undefined) state.storeOverride(slot * H + h, raw);
    }
  }
}

/**
 * The hot loop of a full computation: one cell-major pass over `codes` fills the cell tallies,
 * consensus, column sums and diagnosticity, and counts each analyst's codes per (column, bucket)
 * in one histogram, which then gives their sums: one write per rating instead of four.
 */
export function tallyAll(state: MatrixState): void {
  const { H, A, codes, nNA, nRated, sum, sumSq, computed, effective, overrideCode } = state;
  const { inc, con, ratedRows, unrated, bucket } = state;
  const CODES = INVALID + 1;
  const counts = new Int32Array(A * H * BUCKETS * CODES);
  for (const slot of state.order) {
    const b = bucket[slot] ?? 4;
    for (let h = 0; h < H; h++) {
      const ci = slot * H + h;
      let cellNA = 0;
      let cellRated = 0;
      let cellSum = 0;
      let cellSumSq = 0;
      // Analyst a's bin of this column and bucket: ((a·H + h)·BUCKETS + b)·CODES + code.
      for (
        let a = 0, at = ci * A, bin = (h * BUCKETS + b) * CODES;
        a < A;
        a++, at++, bin += H * BUCKETS * CODES
      ) {
        const code = codes[at] ?? EMPTY;
        if (code === EMPTY) continue;
        counts[bin + code] = (counts[bin + code] ?? 0) + 1;
        if (code === NA) cellNA++;
        else if (code !== INVALID) {
          cellRated++;
          cellSum += code;
          cellSumSq += code * code;
        }
      }
      nNA[ci] = cellNA;
      nRated[ci] = cellRated;
      sum[ci] = cellSum;
      sumSq[ci] = cellSumSq;
      const code = consensusCode(cellNA, cellRated, cellSum);
      computed[ci] = code;
      const shown = overrideCode[ci] || code;
      effective[ci] = shown;
      // MatrixState.columnAdd(h, b, shown, 1), inline: this runs once per cell.
      if (shown === EMPTY) unrated[h] = (unrated[h] ?? 0) + 1;
      else if (shown !== NA) {
        ratedRows[h] = (ratedRows[h] ?? 0) + 1;
        inc[h * BUCKETS + b] = (inc[h * BUCKETS + b] ?? 0) + inconsistencyValue(shown);
        con[h * BUCKETS + b] = (con[h * BUCKETS + b] ?? 0) + consistencyValue(shown);
      }
    }
    state.recomputeDiagnosticity(slot);
  }
  for (let a = 0; a < A; a++) {
    for (let h = 0; h < H; h++) {
      for (let b = 0; b < BUCKETS; b++) {
        const bin = ((a * H + h) * BUCKETS + b) * CODES;
        for (let code = 1; code < CODES; code++) {
          const n = counts[bin + code] ?? 0;
          if (n > 0) state.analystAdd(a, h, b, code, n);
        }
      }
    }
  }
}
