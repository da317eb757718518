/**
 * A rating cell's accessible name: where it is and what it says, in a few words, e.g.
 * "Evidence 3 × H2: Consistent (you), team: 3 C, 1 I". The claim and the hypothesis title are not
 * repeated (a screen reader announces the row and column headers, and the panel shows them); who
 * rated what is the cell's description (its tooltip).
 */
import { RATING_CODES, RATING_LABELS, type RatingCode } from "../../../shared/schema/vocabulary";
import type { DisagreementLevel } from "../../../shared/scoring/types";
import { othersCodes } from "./otherMarks";
import type { ViewMode } from "./views";

export interface CellNameInput {
  /** The row's evidence code (E3): its place among all the analysis's evidence, archived included. */
  readonly evidenceCode: string;
  readonly col: number;
  readonly mode: ViewMode;
  /** Main code: mine, the consensus, or analyst A in compare. */
  readonly code: RatingCode | null;
  /** Analyst B's code in compare. */
  readonly codeB: RatingCode | null;
  readonly level: DisagreementLevel | null;
  readonly overridden: boolean;
  /** Others' ratings as `userId:code` joined by a space (mine view), so the prop stays a primitive. */
  readonly others: string;
  readonly comments: number;
  readonly visitorName: string | null;
}

const LEVEL_TEXT: Readonly<Record<DisagreementLevel, string>> = {
  consensus: "agreement",
  mild: "mild disagreement",
  large: "large disagreement",
  extreme: "extreme disagreement",
};

const label = (code: RatingCode | null): string => (code ? RATING_LABELS[code] : "unrated");

/** "3 C, 1 I": how many of the others gave each code, in the scale's order. */
function tally(others: string): string {
  const codes = othersCodes(others);
  return RATING_CODES.flatMap((c) => {
    const n = codes.filter((x) => x === c).length;
    return n > 0 ? [`${n} ${c}`] : [];
  }).join(", ");
}

function says(p: CellNameInput): string {
  switch (p.mode) {
    case "consensus":
      return `consensus ${label(p.code)}${p.overridden ? " (set by the lead)" : ""}`;
    case "disagreement":
      return p.level ? LEVEL_TEXT[p.level] : "fewer than two ratings";
    case "compare":
      return `${p.code ?? "unrated"} vs ${p.codeB ?? "unrated"}${p.code !== p.codeB ? ", they differ" : ""}`;
    default: {
      const team = tally(p.others);
      return `${label(p.code)} (you)${team ? `, team: ${team}` : ""}`;
    }
  }
}

export function cellName(p: CellNameInput): string {
  const comments = p.comments > 0 ? `; ${p.comments} comment${p.comments === 1 ? "" : "s"}` : "";
  const visitor = p.visitorName ? `; selected by ${p.visitorName}` : "";
  return `${p.evidenceCode} × H${p.col + 1}: ${says(p)}${comments}${visitor}`;
}
