/** The "least inconsistent" headline of a ranking: it names only a rated hypothesis, and says when it rests on fewer rows. */
import type { ScoreReport } from "./types";

export interface LeadingHypothesis {
  readonly id: string;
  readonly ratedRows: number;
  /** Another hypothesis has more rated rows: the lead's low score may only mean fewer ratings. */
  readonly fewerRatedRowsThanOthers: boolean;
}

type Ranked = Pick<ScoreReport, "hypotheses" | "ranking">;

/** The top-ranked hypothesis if it is rated; null when no hypothesis is rated yet. */
export function leadingHypothesis(scores: Ranked): LeadingHypothesis | null {
  const byId = new Map(scores.hypotheses.map((h) => [h.id, h]));
  const top = byId.get(scores.ranking[0] ?? "");
  if (!top?.rated) return null;
  const most = Math.max(0, ...scores.hypotheses.filter((h) => h.id !== top.id).map((h) => h.ratedRows));
  return { id: top.id, ratedRows: top.ratedRows, fewerRatedRowsThanOthers: top.ratedRows < most };
}

/** The headline as the lead page and the PDF print it; `titleOf` names a hypothesis id. */
export function leadingHeadline(scores: Ranked, titleOf: (id: string) => string): string {
  if (scores.hypotheses.length === 0) return "No hypotheses yet.";
  const lead = leadingHypothesis(scores);
  if (lead === null) return "No hypothesis is rated yet.";
  const rows = `${lead.ratedRows} row${lead.ratedRows === 1 ? "" : "s"}`;
  return `Least inconsistent: ${titleOf(lead.id)}${
    lead.fewerRatedRowsThanOthers ? ` (rated on only ${rows}, fewer than other hypotheses)` : ""
  }`;
}
