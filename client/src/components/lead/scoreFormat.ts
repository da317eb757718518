/** Number formatting of the lead's review: two decimals, a dash for "no value". */
export function fmt(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || Number.isNaN(value) ? "–" : value.toFixed(digits);
}

/** Hypothesis titles by id, for lists that hold ids. */
export function titleOf(titles: ReadonlyMap<string, string>, id: string | null): string {
  if (id === null) return "none";
  return titles.get(id) || "Untitled hypothesis";
}
