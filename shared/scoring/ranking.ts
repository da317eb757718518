/**
 * Ranking from per-hypothesis bucket sums. Column totals are kept as integer sums per
 * credibility × relevance bucket, and a weighted score is always Σ bucketWeight × bucketSum in
 * bucket order, so a score rebuilt from scratch and one updated edit by edit are bit-identical.
 */
import type { HypothesisScore, ScoringHypothesis } from "./types";
import { BUCKETS } from "./weights";

/** Σ bucketWeight × bucketSum for the column whose buckets start at offset. */
export function weightedSum(buckets: Int32Array, offset: number, bucketWeight: Float64Array): number {
  let total = 0;
  for (let b = 0; b < BUCKETS; b++) total += (bucketWeight[b] ?? 0) * (buckets[offset + b] ?? 0);
  return total;
}

/** Unweighted Σ of a column's bucket sums. */
export function plainSum(buckets: Int32Array, offset: number): number {
  let total = 0;
  for (let b = 0; b < BUCKETS; b++) total += buckets[offset + b] ?? 0;
  return total;
}

/** Floating-point scores that differ only by rounding error count as tied. */
function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Per-hypothesis arrays the ranking compares, indexed by display position. */
export interface RankKeys {
  /** Rows rated CC…II; a hypothesis with none is "not yet rated". */
  readonly ratedRows: ArrayLike<number>;
  readonly weighted: ArrayLike<number>;
  readonly consistency: ArrayLike<number>;
  readonly inconsistency: ArrayLike<number>;
}

/**
 * Order: rated before not yet rated (0 inconsistency over 0 rows is no evidence of anything), then
 * weighted ascending, consistency descending, inconsistency ascending, display order.
 */
export function compareHypotheses(keys: RankKeys, a: number, b: number): number {
  const ra = (keys.ratedRows[a] ?? 0) > 0;
  const rb = (keys.ratedRows[b] ?? 0) > 0;
  if (ra !== rb) return ra ? -1 : 1;
  const wa = keys.weighted[a] ?? 0;
  const wb = keys.weighted[b] ?? 0;
  if (!nearlyEqual(wa, wb)) return wa - wb;
  const ca = keys.consistency[a] ?? 0;
  const cb = keys.consistency[b] ?? 0;
  if (!nearlyEqual(ca, cb)) return cb - ca;
  const ia = keys.inconsistency[a] ?? 0;
  const ib = keys.inconsistency[b] ?? 0;
  if (ia !== ib) return ia - ib;
  return a - b;
}

/** Indices of the first and second hypotheses (-1 when absent), in O(H). */
export function topTwo(keys: RankKeys, count: number): [number, number] {
  let first = -1;
  let second = -1;
  for (let h = 0; h < count; h++) {
    if (first < 0 || compareHypotheses(keys, h, first) < 0) {
      second = first;
      first = h;
    } else if (second < 0 || compareHypotheses(keys, h, second) < 0) {
      second = h;
    }
  }
  return [first, second];
}

/** Column sums of one scope (the consensus matrix, or one analyst's ratings). */
export interface ColumnSums {
  readonly inc: Int32Array;
  readonly con: Int32Array;
  readonly ratedRows: Int32Array;
  readonly unrated: Int32Array;
  /** Index of hypothesis 0 in ratedRows/unrated; buckets start at offset × BUCKETS. */
  readonly offset: number;
}

/** Hypothesis scores in display order plus the ranking (ids, best first). */
export function scoreHypotheses(
  hypotheses: readonly ScoringHypothesis[],
  sums: ColumnSums,
  bucketWeight: Float64Array,
): { scores: HypothesisScore[]; ranking: string[] } {
  const count = hypotheses.length;
  const weighted = new Float64Array(count);
  const consistency = new Float64Array(count);
  const inconsistency = new Int32Array(count);
  const ratedRows = sums.ratedRows.subarray(sums.offset, sums.offset + count);
  for (let h = 0; h < count; h++) {
    const at = (sums.offset + h) * BUCKETS;
    weighted[h] = weightedSum(sums.inc, at, bucketWeight);
    consistency[h] = weightedSum(sums.con, at, bucketWeight);
    inconsistency[h] = plainSum(sums.inc, at);
  }
  const keys: RankKeys = { ratedRows, weighted, consistency, inconsistency };
  const order = Array.from({ length: count }, (_, h) => h).sort((a, b) => compareHypotheses(keys, a, b));
  const rank = new Int32Array(count);
  order.forEach((h, position) => {
    rank[h] = position + 1;
  });
  const scores = hypotheses.map((hypothesis, h): HypothesisScore => {
    const rows = ratedRows[h] ?? 0;
    const w = weighted[h] ?? 0;
    return {
      id: hypothesis.id,
      title: hypothesis.title,
      index: h,
      rated: rows > 0,
      inconsistency: inconsistency[h] ?? 0,
      weighted: w,
      normalized: rows > 0 ? w / rows : null,
      consistency: consistency[h] ?? 0,
      ratedRows: rows,
      unratedCells: sums.unrated[sums.offset + h] ?? 0,
      rank: rank[h] ?? 0,
    };
  });
  return { scores, ranking: order.map((h) => hypotheses[h]?.id ?? "") };
}
