/** Cleaning a build's input: duplicate ids and override values from a possibly hostile client. */
import { EMPTY, INVALID, parseCode } from "./ratingScale";
import type { CellOverride, ScoringWarning } from "./types";

/** `items` without repeated ids (the first occurrence stays), warning about the rest. */
export function dedupe<T>(
  items: readonly T[],
  id: (item: T) => string,
  what: string,
  warnings: ScoringWarning[],
): T[] {
  const seen = new Set<string>();
  const kept: T[] = [];
  const dropped: string[] = [];
  for (const item of items) {
    const key = id(item);
    if (seen.has(key)) dropped.push(key);
    else {
      seen.add(key);
      kept.push(item);
    }
  }
  if (dropped.length > 0) {
    warnings.push({
      code: "duplicate_id",
      message: `Duplicate ${what} ids ignored after their first occurrence: ${dropped.slice(0, 5).join(", ")}.`,
      count: dropped.length,
    });
  }
  return kept;
}

/** The valid override code of a raw override value, or EMPTY. */
export function overrideCodeOf(raw: unknown): { code: number; reason: string } {
  if (typeof raw !== "object" || raw === null) return { code: EMPTY, reason: "" };
  const { rating, reason } = raw as Partial<CellOverride>;
  const code = parseCode(rating);
  if (code === EMPTY || code === INVALID) return { code: EMPTY, reason: "" };
  return { code, reason: typeof reason === "string" ? reason : "" };
}
