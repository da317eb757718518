import { DEFAULT_WEIGHTS } from "../schema/fields";
import { LEVELS } from "../schema/vocabulary";
import type { Level, ScoringWarning, Weights } from "./types";

export { DEFAULT_WEIGHTS };

/** Number of credibility × relevance buckets. */
export const BUCKETS = 9;

/** Index of a level (low 0, medium 1, high 2); -1 when the value is not a level. */
export function levelIndex(value: unknown): number {
  return value === "low" ? 0 : value === "medium" ? 1 : value === "high" ? 2 : -1;
}

export function levelName(index: number): Level {
  return LEVELS[index] ?? "medium";
}

/** Effective weights: each NaN, infinite, negative or non-number entry falls back to its default. */
export function resolveWeights(weights: Weights | undefined): {
  weights: Weights;
  warnings: ScoringWarning[];
} {
  if (weights === undefined) return { weights: DEFAULT_WEIGHTS, warnings: [] };
  const warnings: ScoringWarning[] = [];
  const pick = (level: Level): number => {
    const value: unknown = (weights as unknown as Record<string, unknown>)[level];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
    warnings.push({
      code: "bad_weight",
      message: `Weight for ${level} is ${String(value)}; using the default ${DEFAULT_WEIGHTS[level]}.`,
      count: 1,
    });
    return DEFAULT_WEIGHTS[level];
  };
  return { weights: { low: pick("low"), medium: pick("medium"), high: pick("high") }, warnings };
}

/** Weight of each bucket (credibility × 3 + relevance) = w(credibility) × w(relevance). */
export function bucketWeights(weights: Weights): Float64Array {
  const w = [weights.low, weights.medium, weights.high];
  const out = new Float64Array(BUCKETS);
  for (let c = 0; c < 3; c++) for (let r = 0; r < 3; r++) out[c * 3 + r] = (w[c] ?? 1) * (w[r] ?? 1);
  return out;
}

/** A weight as people read it: "1/√2" and "√2" for the PARC defaults, else the number (≤ 3 decimals). */
export function weightLabel(value: number): string {
  if (Math.abs(value - Math.SQRT1_2) < 1e-9) return "1/√2";
  if (Math.abs(value - Math.SQRT2) < 1e-9) return "√2";
  return String(Number(value.toFixed(3)));
}
