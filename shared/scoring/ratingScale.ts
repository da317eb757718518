/**
 * The rating scale as small integers, so cells aggregate into integer sums and every derived
 * number is computed the same way whether it was built in one pass or updated edit by edit.
 * Scale (Open Synthesis `Eval`): II = 1, I = 2, N = 3, C = 4, CC = 5; NA, empty and invalid apart.
 */
import type { DisagreementLevel, RatingCode } from "./types";

export const EMPTY = 0;
export const NEUTRAL = 3;
export const NA = 6;
export const INVALID = 7;

const CODE_NAMES: readonly (RatingCode | null)[] = [null, "II", "I", "N", "C", "CC", "NA", null];

export { cellKey } from "../schema/ids";

/** Internal code of a raw value: EMPTY for null/undefined, INVALID for anything unknown. */
export function parseCode(value: unknown): number {
  if (typeof value !== "string") return value === null || value === undefined ? EMPTY : INVALID;
  // Character tests instead of string compares: this runs once per rating in a full computation.
  const first = value.charCodeAt(0);
  if (value.length === 1) return first === 73 ? 2 : first === 78 ? 3 : first === 67 ? 4 : INVALID; // I N C
  if (value.length !== 2) return INVALID;
  const second = value.charCodeAt(1);
  if (first === 73 && second === 73) return 1; // II
  if (first === 67 && second === 67) return 5; // CC
  if (first === 78 && second === 65) return NA; // NA
  return INVALID;
}

export function codeName(code: number): RatingCode | null {
  return CODE_NAMES[code] ?? null;
}

/** Inconsistency value of a code: II = 2, I = 1, everything else 0 (Heuer counts only inconsistency). */
export function inconsistencyValue(code: number): number {
  return code === 1 ? 2 : code === 2 ? 1 : 0;
}

/** Consistency value used only to break ties: CC = 2, C = 1. */
export function consistencyValue(code: number): number {
  return code === 5 ? 2 : code === 4 ? 1 : 0;
}

/** A real rating on the II…CC scale (not empty, NA or invalid). */
export function isScaled(code: number): boolean {
  return code >= 1 && code <= 5;
}

/**
 * Rounded mean sum/n on the 1…5 scale, an exact .5 going toward N (3).
 * Integer arithmetic, so the tie test is exact.
 */
export function roundTowardNeutral(sum: number, n: number): number {
  const floor = Math.floor(sum / n);
  const twiceRemainder = 2 * (sum - floor * n);
  if (twiceRemainder < n) return floor;
  if (twiceRemainder > n) return floor + 1;
  return floor >= NEUTRAL ? floor : floor + 1;
}

/** Open Synthesis consensus: NA if more NA than ratings, else rounded mean; EMPTY if nobody rated. */
export function consensusCode(nNA: number, nRated: number, sum: number): number {
  if (nNA === 0 && nRated === 0) return EMPTY;
  if (nNA > nRated) return NA;
  return roundTowardNeutral(sum, nRated);
}

/**
 * Open Synthesis disagreement: max of (sample sd of NA = 0 / rated = 1 indicators) and
 * (sample sd of the ratings on 1…5). Null with fewer than 2 ratings.
 */
export function disagreementSd(nNA: number, nRated: number, sum: number, sumSq: number): number | null {
  const n = nNA + nRated;
  if (n < 2) return null;
  const naSpread = Math.sqrt((nNA * nRated) / (n * (n - 1)));
  const ratedSpread =
    nRated > 1 ? Math.sqrt(Math.max(0, nRated * sumSq - sum * sum) / (nRated * (nRated - 1))) : 0;
  return Math.max(naSpread, ratedSpread);
}

/** Open Synthesis buckets: consensus < 0.5 ≤ mild < 1.5 ≤ large < 2.0 ≤ extreme. */
export function disagreementLevel(sd: number | null): DisagreementLevel | null {
  if (sd === null) return null;
  if (sd < 0.5) return "consensus";
  if (sd < 1.5) return "mild";
  if (sd < 2) return "large";
  return "extreme";
}
