/** Cell keys of a full build, remembered for the next build of the same rows and columns. */
import { cellKey } from "./ratingScale";
import type { ScoringEvidence, ScoringHypothesis } from "./types";

let lastKeys: { rows: string[]; hypotheses: string[]; keys: string[] } | null = null;

/**
 * Cell keys of a fresh build, cell k = slot·H + h (slots are 0…R−1 then). The last list is kept:
 * callers rescore the same rows and columns again and again, and a key string already used as a
 * property name is looked up without hashing it again, which is most of the cost of a load.
 */
export function cellKeysOf(
  rowInput: readonly (ScoringEvidence | undefined)[],
  hypotheses: readonly ScoringHypothesis[],
): readonly string[] {
  const rows = rowInput.map((row) => row?.id ?? "");
  const hypothesisIds = hypotheses.map((h) => h.id);
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  if (lastKeys !== null && same(lastKeys.rows, rows) && same(lastKeys.hypotheses, hypothesisIds))
    return lastKeys.keys;
  const keys: string[] = new Array(rows.length * hypothesisIds.length);
  let k = 0;
  for (const row of rows) for (const h of hypothesisIds) keys[k++] = cellKey(row, h);
  lastKeys = { rows, hypotheses: hypothesisIds, keys };
  return keys;
}
