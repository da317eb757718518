/**
 * Local adapter from the JSON view to shared/scoring, used until `server/analyses/scoreAnalysis.ts`
 * lands; swap `scoreForExport` for `scoreAnalysisJson` then (same inputs, same report).
 */
import type { AnalysisJson } from "../../shared/schema/analysisJson";
import { computeScores, computeSensitivity } from "../../shared/scoring";
import type { ScoreReport, ScoringInput, SensitivityReport } from "../../shared/scoring/types";

export interface ExportScores {
  readonly report: ScoreReport;
  readonly sensitivity: SensitivityReport;
}

/** Scoring input of an analysis: active columns; rows active unless `includeArchivedRows`. */
export function scoringInputOf(json: AnalysisJson, includeArchivedRows = false): ScoringInput {
  return {
    hypotheses: json.hypotheses.filter((h) => !h.archived).map((h) => ({ id: h.id, title: h.title })),
    evidence: json.evidence
      .filter((e) => includeArchivedRows || !e.archived)
      .map((e) => ({ id: e.id, credibility: e.credibility, relevance: e.relevance })),
    ratings: Object.fromEntries(Object.entries(json.ratings).map(([userId, r]) => [userId, r.cells])),
    analysts: Object.keys(json.ratings),
    weights: json.lead.weights,
    overrides: json.lead.overrides,
  };
}

/** Scores and sensitivity of the active matrix (archived rows never count). */
export function scoreForExport(json: AnalysisJson): ExportScores {
  const input = scoringInputOf(json);
  return { report: computeScores(input), sensitivity: computeSensitivity(input) };
}
