/**
 * The heavy halves of the history routes, run in a worker thread (server/workers/heavyTasks.ts):
 * a version as the JSON view with its scores then, and the diff of two states of an analysis.
 */
import { activityLabelsOf } from "../../shared/history/activity";
import { diffInWords } from "../../shared/history/describeChange";
import { diffAnalyses } from "../../shared/history/diffAnalyses";
import type { AnalysisJson } from "../../shared/schema/analysisJson";
import {
  computeScores,
  type ScoringInputOptions,
  scoreAnalysis,
  scoresToJson,
  scoringInputOf,
} from "../../shared/scoring";

/** Ranking and per-hypothesis scores: enough to say "H2 went from first to third". */
export function scoreSummary(json: AnalysisJson, team: ScoringInputOptions) {
  const report = computeScores(scoringInputOf(json, team));
  return {
    ranking: report.ranking,
    hypotheses: report.hypotheses.map((h) => ({
      id: h.id,
      title: h.title,
      inconsistency: h.inconsistency,
      weighted: h.weighted,
      normalized: h.normalized,
      rated: h.rated,
      rank: h.rank,
    })),
  };
}

/** A version's JSON view with its scores as they were then. */
export function versionAnalysisView(json: AnalysisJson, team: ScoringInputOptions) {
  return { ...json, scores: scoresToJson(scoreAnalysis(json, team)) };
}

/**
 * What changed from `a` to `b` (each change also in words, raters named by `accountNames`), with
 * row labels on both sides and the scores before and after.
 */
export function analysisDiff(
  a: AnalysisJson,
  b: AnalysisJson,
  team: ScoringInputOptions,
  accountNames: Readonly<Record<string, string>>,
) {
  const before = activityLabelsOf(a);
  const after = activityLabelsOf(b);
  return {
    diff: diffInWords(diffAnalyses(a, b), a, b, accountNames),
    labels: {
      before: Object.fromEntries(before.evidence),
      after: Object.fromEntries(after.evidence),
      hypotheses: Object.fromEntries([...before.hypotheses, ...after.hypotheses]),
    },
    scores: { before: scoreSummary(a, team), after: scoreSummary(b, team) },
  };
}
