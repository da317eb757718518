/**
 * Scores of a whole analysis as plain JSON: the bridge from the JSON view (server routes, exports,
 * scripts) to the scoring engine. The browser scores live from its Yjs documents instead.
 */
import type { AnalysisJson } from "../schema/analysisJson";
import { stateOf } from "./computeScores";
import { buildReport } from "./scoreReport";
import { sensitivityOfState } from "./sensitivity";
import type {
  AnalystScore,
  CellScore,
  HypothesisScore,
  Linchpin,
  RowScore,
  ScoreReport,
  ScoringInput,
  ScoringWarning,
  SensitivityReport,
  Weights,
} from "./types";

export interface ScoringInputOptions {
  /** Score archived rows too (exports of "everything"); archived columns never count. */
  readonly includeArchivedRows?: boolean;
  /** Whose ratings count (the analysis's current members); default: everyone who has rated. */
  readonly analysts?: readonly string[];
  /** Score one analyst's ratings alone (exports of one view); default: the team consensus. */
  readonly onlyAnalyst?: string;
}

export function scoringInputOf(json: AnalysisJson, opts: ScoringInputOptions = {}): ScoringInput {
  const raters =
    opts.onlyAnalyst !== undefined ? [opts.onlyAnalyst] : (opts.analysts ?? Object.keys(json.ratings));
  return {
    hypotheses: json.hypotheses.filter((h) => !h.archived).map((h) => ({ id: h.id, title: h.title })),
    evidence: json.evidence
      .filter((e) => opts.includeArchivedRows === true || !e.archived)
      .map((e) => ({ id: e.id, credibility: e.credibility, relevance: e.relevance })),
    ratings: Object.fromEntries(
      Object.entries(json.ratings)
        .filter(([userId]) => opts.onlyAnalyst === undefined || userId === opts.onlyAnalyst)
        .map(([userId, r]) => [userId, r.cells]),
    ),
    analysts: raters,
    weights: json.lead.weights,
    // One analyst's own view is theirs alone: the lead's overrides belong to the consensus.
    ...(opts.onlyAnalyst === undefined ? { overrides: json.lead.overrides } : {}),
  };
}

export interface AnalysisScores {
  readonly report: ScoreReport;
  readonly sensitivity: SensitivityReport;
  /** Whose ratings counted: anything scored again for the same output (archived cells) reuses it. */
  readonly options: ScoringInputOptions;
}

/** Scores and sensitivity from one build of the dense state (sensitivity only reads it). */
export function scoreAnalysis(json: AnalysisJson, opts: ScoringInputOptions = {}): AnalysisScores {
  const { state, store, overrides } = stateOf(scoringInputOf(json, opts));
  return {
    report: buildReport(state, store, overrides, false),
    sensitivity: sensitivityOfState(state),
    options: opts,
  };
}

/** The `scores` section of the JSON view: everything a script needs, cells listed explicitly. */
export interface ScoresJson {
  readonly weights: Weights;
  readonly ranking: readonly string[];
  readonly hypotheses: readonly HypothesisScore[];
  readonly rows: readonly RowScore[];
  readonly cells: readonly CellScore[];
  readonly analysts: readonly AnalystScore[];
  readonly linchpins: readonly Linchpin[];
  readonly warnings: readonly ScoringWarning[];
}

export function scoresToJson({ report, sensitivity }: AnalysisScores): ScoresJson {
  const cells: CellScore[] = [];
  for (const row of report.rows) {
    for (const h of report.hypotheses) {
      const cell = report.cell(row.evidenceId, h.id);
      if (cell) cells.push(cell);
    }
  }
  return {
    weights: report.weights,
    ranking: report.ranking,
    hypotheses: report.hypotheses,
    rows: report.rows,
    cells,
    analysts: report.analysts,
    linchpins: sensitivity.linchpins,
    warnings: report.warnings,
  };
}
