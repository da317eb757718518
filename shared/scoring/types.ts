import type { Weights } from "../schema/fields";
import type { Level, RatingCode } from "../schema/vocabulary";

export type { Level, RatingCode, Weights };

/** An active hypothesis (column), in display order. */
export interface ScoringHypothesis {
  readonly id: string;
  readonly title: string;
}

/** An active evidence row. */
export interface ScoringEvidence {
  readonly id: string;
  readonly credibility: Level;
  readonly relevance: Level;
}

/** A lead's consensus override of one cell. */
export interface CellOverride {
  readonly rating: RatingCode;
  readonly reason: string;
}

/** Plain input of the scoring functions; the Yjs adapter builds it. */
export interface ScoringInput {
  readonly hypotheses: readonly ScoringHypothesis[];
  readonly evidence: readonly ScoringEvidence[];
  /**
   * userId → (cellKey → code). cellKey = `${evidenceId}:${hypothesisId}` (see cellKey()).
   * Values may be garbage (unknown codes) from hostile clients: ignored with a warning.
   */
  readonly ratings: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Analysts whose ratings count (members); others are ignored with a warning. */
  readonly analysts: readonly string[];
  /** Default 1/√2, 1, √2; NaN, infinite or negative values fall back to the default with a warning. */
  readonly weights?: Weights;
  /** Lead consensus override per cellKey. */
  readonly overrides?: Readonly<Record<string, CellOverride>>;
}

export type WarningCode =
  | "bad_weight"
  | "bad_level"
  | "duplicate_id"
  | "unknown_rating_code"
  | "non_member_ratings"
  | "unknown_cell"
  | "bad_override";

/** Something in the input was ignored or replaced; scoring went on without it. */
export interface ScoringWarning {
  readonly code: WarningCode;
  readonly message: string;
  /** How many input items the warning covers (ratings, rows…). */
  readonly count: number;
}

/** Scores of one hypothesis (column). Lower weighted inconsistency = more likely. */
export interface HypothesisScore {
  readonly id: string;
  readonly title: string;
  /** Position in display order. */
  readonly index: number;
  /** At least one row rated CC…II; a hypothesis that is not rated yet ranks after every rated one. */
  readonly rated: boolean;
  /** Σ consensus cell values, I = 1, II = 2. */
  readonly inconsistency: number;
  /** Σ value × w(credibility) × w(relevance) (PARC). */
  readonly weighted: number;
  /** weighted ÷ ratedRows; null when no row is rated. */
  readonly normalized: number | null;
  /** Tie-break: Σ (CC = 2, C = 1) × w(credibility) × w(relevance). Higher = better supported. */
  readonly consistency: number;
  /** Rows whose consensus is a rating other than NA. */
  readonly ratedRows: number;
  /** Rows with no consensus at all (no member rating, no override). */
  readonly unratedCells: number;
  /** 1 = least inconsistent; hypotheses not yet rated take the last ranks. */
  readonly rank: number;
}

export type DisagreementLevel = "consensus" | "mild" | "large" | "extreme";

export interface CellConsensus {
  /** Effective rating (the override if any); null = unrated. */
  readonly rating: RatingCode | null;
  readonly overridden: boolean;
  /** The analysts' own consensus, before any override. */
  readonly computed: RatingCode | null;
  /** Override reason, null when not overridden. */
  readonly reason: string | null;
  /** Valid ratings of member analysts who rated this cell. */
  readonly ratingsByAnalyst: Readonly<Record<string, RatingCode>>;
}

export interface CellDisagreement {
  /** Sample sd (see docs/SCORING.md); null with fewer than 2 ratings. */
  readonly sd: number | null;
  readonly level: DisagreementLevel | null;
}

export interface CellScore {
  readonly evidenceId: string;
  readonly hypothesisId: string;
  readonly consensus: CellConsensus;
  readonly disagreement: CellDisagreement;
  /** Inconsistency value of the effective rating: I = 1, II = 2, else 0. */
  readonly value: number;
}

export interface RowScore {
  readonly evidenceId: string;
  /** Position in display order. */
  readonly index: number;
  /** Population sd of the per-hypothesis mean ratings; null with < 2 rated hypotheses. */
  readonly diagnosticity: number | null;
  /** diagnosticity is 0: the row does not separate hypotheses (Heuer step 4). */
  readonly nonDiagnostic: boolean;
  /** Hypotheses with at least one rating (or an override) in this row. */
  readonly ratedHypotheses: number;
}

export interface AnalystScore {
  readonly userId: string;
  /** Scores from this analyst's ratings alone (no overrides), display order. */
  readonly hypotheses: readonly HypothesisScore[];
  /** Hypothesis ids, best first. */
  readonly ranking: readonly string[];
  /** Active cells this analyst has rated with a valid code (NA included). */
  readonly ratedCells: number;
  /** Active cells without a valid rating from this analyst (progress). */
  readonly unratedCells: number;
  readonly totalCells: number;
}

export interface ScoreReport {
  /** Effective weights (after fallback to defaults). */
  readonly weights: Weights;
  /** Display order. */
  readonly hypotheses: readonly HypothesisScore[];
  /** Hypothesis ids, best (least inconsistent) first. */
  readonly ranking: readonly string[];
  /** Display order. */
  readonly rows: readonly RowScore[];
  /** In the order of input.analysts. */
  readonly analysts: readonly AnalystScore[];
  readonly warnings: readonly ScoringWarning[];
  /** Score of one active cell, computed lazily (a virtualised grid asks only for visible cells). */
  cell(evidenceId: string, hypothesisId: string): CellScore | undefined;
}

export type SensitivityEffectKind = "remove" | "lowCredibility" | "flipDisputed";

export interface FlippedCell {
  readonly hypothesisId: string;
  readonly from: RatingCode | null;
  readonly to: RatingCode | null;
}

export interface SensitivityEffect {
  readonly kind: SensitivityEffectKind;
  /** Top hypothesis after the change. */
  readonly newTop: string | null;
  readonly newSecond: string | null;
  readonly changesTop: boolean;
  /** The ordered pair (first, second) differs. */
  readonly changesTopTwo: boolean;
  /** Only for "flipDisputed". */
  readonly flipped?: FlippedCell;
}

export interface Linchpin {
  readonly evidenceId: string;
  /** Only the effects that change the top or the top two. */
  readonly effects: readonly SensitivityEffect[];
}

export interface SensitivityReport {
  readonly top: string | null;
  readonly second: string | null;
  /** In row display order. */
  readonly linchpins: readonly Linchpin[];
  readonly rowsChecked: number;
}

export interface WhatIfOptions {
  readonly excludedRows: readonly string[];
}

export interface WhatIfResult {
  readonly hypotheses: readonly HypothesisScore[];
  readonly ranking: readonly string[];
  /** Excluded ids that matched an active row. */
  readonly excludedRows: readonly string[];
}
