import { MatrixState } from "./matrixState";
import { RecordRatingStore } from "./ratingStore";
import { buildReport, overridesMap } from "./scoreReport";
import type { ScoreReport, ScoringInput } from "./types";

/** Builds the dense state of an input; shared by computeScores, sensitivity and what-if. */
export function stateOf(input: ScoringInput): {
  state: MatrixState;
  store: RecordRatingStore;
  overrides: Map<string, unknown>;
} {
  const store = new RecordRatingStore(input.ratings);
  const overrides = overridesMap(input.overrides);
  const state = MatrixState.build({
    hypotheses: input.hypotheses,
    evidence: input.evidence,
    analysts: input.analysts,
    store,
    overrides,
    weights: input.weights,
  });
  return { state, store, overrides };
}

/** Scores an analysis from scratch (ACH consensus, PARC weighting, Open Synthesis disagreement). */
export function computeScores(input: ScoringInput): ScoreReport {
  const { state, store, overrides } = stateOf(input);
  return buildReport(state, store, overrides, false);
}
