/** Pure ACH scoring: consensus, PARC-weighted inconsistency, disagreement, diagnosticity, sensitivity. */

export { cellKey } from "../schema/ids";
export { isRatingCode } from "../schema/vocabulary";
export {
  type AnalysisScores,
  type ScoresJson,
  type ScoringInputOptions,
  scoreAnalysis,
  scoresToJson,
  scoringInputOf,
} from "./analysisScores";
export { computeScores } from "./computeScores";
export { type LeadingHypothesis, leadingHeadline, leadingHypothesis } from "./headline";
export { rowsByDiagnosticity } from "./scoreReport";
export { createScoringEngine, type ScoringEngine } from "./scoringEngine";
export { computeSensitivity, minorityView, whatIf } from "./sensitivity";
export type * from "./types";
export { DEFAULT_WEIGHTS, weightLabel } from "./weights";
