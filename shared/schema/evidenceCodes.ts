/**
 * Evidence codes (E1, E2, …): a row's place in the analysis's evidence order, archived rows
 * included. A code stays the row's own whatever a view sorts, filters or hides, so the matrix, the
 * exports, the activity feed and citations name a row alike (a briefing's "E7" is the screen's E7).
 */
export function evidenceCode(index: number): string {
  return `E${index + 1}`;
}

/** The code of every row of `evidence` (the whole list, archived rows included), by id. */
export function evidenceCodes(evidence: readonly { readonly id: string }[]): Map<string, string> {
  return new Map(evidence.map((e, i) => [e.id, evidenceCode(i)]));
}
