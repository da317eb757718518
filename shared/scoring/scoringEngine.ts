/**
 * Incremental scoring: the engine owns a MatrixState and applies edits in place. A rating
 * change touches one cell's tallies, one column's bucket sums and one row's diagnosticity;
 * only hypothesis or analyst list changes rebuild. report() is cached until the next edit.
 */
import { MatrixState } from "./matrixState";
import { cellKey, parseCode } from "./ratingScale";
import { MapRatingStore } from "./ratingStore";
import { buildReport, overridesMap } from "./scoreReport";
import { sensitivityOfState, whatIfOfState } from "./sensitivity";
import type {
  CellOverride,
  ScoreReport,
  ScoringEvidence,
  ScoringHypothesis,
  ScoringInput,
  SensitivityReport,
  Weights,
  WhatIfOptions,
  WhatIfResult,
} from "./types";

export interface ScoringEngine {
  /** Sets (or clears with null) one user's rating; unknown codes are kept and warned about, like computeScores. */
  setRating(userId: string, evidenceId: string, hypothesisId: string, code: string | null): void;
  /** Adds a row (at index, default last) or updates its levels (and moves it when index is given). */
  setEvidence(row: ScoringEvidence, index?: number): void;
  removeEvidence(evidenceId: string): void;
  /** Replaces the active hypotheses (rebuilds). */
  setHypotheses(hypotheses: readonly ScoringHypothesis[]): void;
  /** Replaces the member analysts (rebuilds). */
  setAnalysts(analysts: readonly string[]): void;
  setOverride(evidenceId: string, hypothesisId: string, override: CellOverride | null): void;
  setWeights(weights: Weights | undefined): void;
  report(): ScoreReport;
  sensitivity(): SensitivityReport;
  whatIf(options: WhatIfOptions): WhatIfResult;
}

/** Creates an engine whose report() always equals computeScores() of the same edited input. */
export function createScoringEngine(input: ScoringInput): ScoringEngine {
  const store = MapRatingStore.from(input.ratings);
  const overrides = overridesMap(input.overrides);
  let hypotheses = input.hypotheses;
  let analysts = input.analysts;
  let weights = input.weights;
  let state = MatrixState.build({
    hypotheses,
    evidence: input.evidence,
    analysts,
    store,
    overrides,
    weights,
  });
  let cached: ScoreReport | null = null;

  const rebuild = () => {
    const evidence = state.order.flatMap((slot) => state.rowInput[slot] ?? []);
    state = MatrixState.build({ hypotheses, evidence, analysts, store, overrides, weights });
    cached = null;
  };

  return {
    setRating(userId, evidenceId, hypothesisId, code) {
      store.set(userId, cellKey(evidenceId, hypothesisId), code);
      cached = null;
      const a = state.analystIndex.get(userId);
      const slot = state.rowSlot.get(evidenceId);
      const h = state.hypIndex.get(hypothesisId);
      if (a === undefined || slot === undefined || h === undefined) return;
      state.applyRating(a, slot, h, parseCode(code));
    },
    setEvidence(row, index) {
      cached = null;
      const slot = state.rowSlot.get(row.id);
      if (slot === undefined) {
        state.insertRow(row, index ?? state.order.length, store, overrides);
        return;
      }
      state.updateRow(slot, row);
      if (index !== undefined) {
        state.order.splice(state.order.indexOf(slot), 1);
        state.order.splice(Math.max(0, Math.min(index, state.order.length)), 0, slot);
      }
    },
    removeEvidence(evidenceId) {
      const slot = state.rowSlot.get(evidenceId);
      if (slot === undefined) return;
      cached = null;
      state.removeRow(slot);
    },
    setHypotheses(next) {
      hypotheses = next;
      rebuild();
    },
    setAnalysts(next) {
      analysts = next;
      rebuild();
    },
    setOverride(evidenceId, hypothesisId, override) {
      const key = cellKey(evidenceId, hypothesisId);
      if (override === null) overrides.delete(key);
      else overrides.set(key, override);
      cached = null;
      const slot = state.rowSlot.get(evidenceId);
      const h = state.hypIndex.get(hypothesisId);
      if (slot !== undefined && h !== undefined) state.applyOverride(slot, h, override ?? undefined);
    },
    setWeights(next) {
      weights = next;
      state.setWeights(next);
      cached = null;
    },
    report() {
      cached ??= buildReport(state, store, overrides, true);
      return cached;
    },
    sensitivity() {
      return sensitivityOfState(state);
    },
    whatIf(options) {
      return whatIfOfState(state, options);
    },
  };
}
