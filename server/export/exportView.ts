/**
 * What every export shows, computed once from the JSON view and the scores: the columns and rows
 * in display order with short codes (H1…, E1…), the cell codes of the chosen view, the ranking,
 * the approval status, disagreements and linchpins. CSV and PDF only lay this out.
 */

import type { AttachmentRecord } from "../../shared/attachments";
import type { AnalysisJson, EvidenceJson, HypothesisJson } from "../../shared/schema/analysisJson";
import { evidenceCode } from "../../shared/schema/evidenceCodes";
import type { Approval } from "../../shared/schema/leadDoc";
import type { SourceJson } from "../../shared/schema/sourcesJson";
import { isRatingCode } from "../../shared/schema/vocabulary";
import { computeScores, type AnalysisScores as ExportScores, scoringInputOf } from "../../shared/scoring";
import type {
  DisagreementLevel,
  HypothesisScore,
  RatingCode,
  ScoreReport,
  SensitivityEffect,
  Weights,
} from "../../shared/scoring/types";
import type { ExportOptions } from "./exportOptions";

export interface ExportColumn {
  readonly hypothesis: HypothesisJson;
  /** "H1", "H2"… in display order. */
  readonly code: string;
  /** Scores in the chosen view (consensus, or the analyst's own). */
  readonly score: HypothesisScore | null;
}

export interface ExportCell {
  readonly rating: RatingCode | null;
  readonly overridden: boolean;
  readonly disagreement: DisagreementLevel | null;
}

export interface ExportRow {
  readonly evidence: EvidenceJson;
  /** "E1", "E2"… in display order over all rows (archived ones keep their number). */
  readonly code: string;
  readonly cells: readonly ExportCell[];
  readonly diagnosticity: number | null;
  readonly nonDiagnostic: boolean;
}

export type ApprovalStatus =
  | { readonly kind: "none" }
  | { readonly kind: "approved"; readonly approval: Approval }
  | { readonly kind: "changed"; readonly approval: Approval };

export interface DisagreementItem {
  readonly row: ExportRow;
  readonly column: ExportColumn;
  readonly level: DisagreementLevel;
  readonly ratings: Readonly<Record<string, RatingCode>>;
}

export interface LinchpinItem {
  readonly row: ExportRow;
  readonly effects: readonly string[];
}

/** A passage of a source and the rows (by code) that cite it. */
export interface ExportPassage {
  readonly exact: string;
  readonly codes: readonly string[];
}

/** A source as the appendix shows it: cited passages, then the files kept with it. */
export interface ExportSource {
  readonly source: SourceJson;
  readonly passages: readonly ExportPassage[];
  readonly attachments: readonly AttachmentRecord[];
}

export interface ExportView {
  readonly json: AnalysisJson;
  readonly options: ExportOptions;
  /** "Consensus of 3 analysts" or "Ratings of <name>". */
  readonly viewLabel: string;
  readonly columns: readonly ExportColumn[];
  readonly rows: readonly ExportRow[];
  /** Columns best (least inconsistent) first; hypotheses not yet rated last. */
  readonly ranking: readonly ExportColumn[];
  /** The scores of the chosen view (consensus or the analyst's), for the headline. */
  readonly scoreRanking: Pick<ScoreReport, "hypotheses" | "ranking">;
  readonly approval: ApprovalStatus;
  readonly disagreements: readonly DisagreementItem[];
  readonly linchpins: readonly LinchpinItem[];
  readonly analystNames: Readonly<Record<string, string>>;
  /** The weights the scores were computed with (the lead's, or the defaults). */
  readonly weights: Weights;
  readonly warnings: readonly string[];
  /** The source library (archived sources only when cited), for the Sources appendix. */
  readonly sources: readonly ExportSource[];
}

export interface ExportContext {
  /** Changes since the latest approval (from the approval status); null or absent when unknown. */
  readonly changesSinceApproval?: number | null;
}

const DISAGREEMENT_ORDER: Readonly<Record<DisagreementLevel, number>> = {
  extreme: 0,
  large: 1,
  mild: 2,
  consensus: 3,
};

function approvalStatus(json: AnalysisJson, ctx: ExportContext): ApprovalStatus {
  const latest = [...json.lead.approvals].sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  if (!latest) return { kind: "none" };
  const changed = (ctx.changesSinceApproval ?? 0) > 0;
  return { kind: changed ? "changed" : "approved", approval: latest };
}

function describeEffect(e: SensitivityEffect, codeOf: (id: string | null) => string): string {
  const what =
    e.kind === "remove"
      ? "Without this row"
      : e.kind === "lowCredibility"
        ? "At low credibility"
        : `If the disputed ${codeOf(e.flipped?.hypothesisId ?? null)} cell read ${e.flipped?.to ?? "unrated"}`;
  return e.changesTop
    ? `${what}, ${codeOf(e.newTop)} would rank first.`
    : `${what}, the runner-up would become ${codeOf(e.newSecond)}.`;
}

/**
 * The sources with the passages the rows cite (rows in display order, by their E-code; archived
 * rows only when the export shows them) and their attachments.
 */
function exportSources(json: AnalysisJson, includeArchived: boolean): ExportSource[] {
  const passages = new Map<string, Map<string, string[]>>();
  json.evidence.forEach((e, i) => {
    if (e.archived && !includeArchived) return;
    for (const c of e.citations) {
      const bySource = passages.get(c.sourceId) ?? new Map<string, string[]>();
      passages.set(c.sourceId, bySource);
      const codes = bySource.get(c.quote.exact) ?? [];
      if (!codes.includes(evidenceCode(i))) codes.push(evidenceCode(i));
      bySource.set(c.quote.exact, codes);
    }
  });
  return json.sources
    .filter((s) => !s.archived || passages.has(s.id))
    .map((source) => ({
      source,
      passages: [...(passages.get(source.id) ?? [])].map(([exact, codes]) => ({ exact, codes })),
      attachments: json.attachments.filter((a) => a.owner.kind === "source" && a.owner.id === source.id),
    }));
}

/** Build the export model for one view of an analysis. */
export function buildExportView(
  json: AnalysisJson,
  scores: ExportScores,
  options: ExportOptions,
  ctx: ExportContext = {},
): ExportView {
  const { report, sensitivity } = scores;
  const analyst = options.view === "consensus" ? null : options.view;
  const analystScore = analyst ? report.analysts.find((a) => a.userId === analyst) : undefined;
  const scoreList = analyst ? (analystScore?.hypotheses ?? []) : report.hypotheses;
  const scoreRanking = analyst
    ? { hypotheses: scoreList, ranking: analystScore?.ranking ?? [] }
    : { hypotheses: report.hypotheses, ranking: report.ranking };
  const scoreById = new Map(scoreList.map((s) => [s.id, s]));
  const columns: ExportColumn[] = json.hypotheses
    .filter((h) => !h.archived)
    .map((h, i) => ({ hypothesis: h, code: `H${i + 1}`, score: scoreById.get(h.id) ?? null }));
  const codeById = new Map(columns.map((c) => [c.hypothesis.id, c.code]));
  const codeOf = (id: string | null): string => (id ? (codeById.get(id) ?? "?") : "none");

  const hasArchivedRows = options.includeArchived && json.evidence.some((e) => e.archived);
  // Archived rows never count in scores, but their cells are still shown when asked for, from the
  // same raters as the scores.
  const cellReport: ScoreReport = hasArchivedRows
    ? computeScores(scoringInputOf(json, { ...scores.options, includeArchivedRows: true }))
    : report;
  const rowScore = new Map(report.rows.map((r) => [r.evidenceId, r]));
  const ownCells = analyst ? (json.ratings[analyst]?.cells ?? {}) : {};

  const rows: ExportRow[] = [];
  json.evidence.forEach((e, i) => {
    if (e.archived && !options.includeArchived) return;
    const cells = columns.map((c): ExportCell => {
      const cell = cellReport.cell(e.id, c.hypothesis.id);
      if (analyst) {
        const own = ownCells[`${e.id}:${c.hypothesis.id}`];
        return { rating: isRatingCode(own) ? own : null, overridden: false, disagreement: null };
      }
      return {
        rating: cell?.consensus.rating ?? null,
        overridden: cell?.consensus.overridden ?? false,
        disagreement: cell?.disagreement.level ?? null,
      };
    });
    const rs = rowScore.get(e.id);
    rows.push({
      evidence: e,
      code: evidenceCode(i),
      cells,
      diagnosticity: rs?.diagnosticity ?? null,
      nonDiagnostic: rs?.nonDiagnostic ?? false,
    });
  });
  const rowById = new Map(rows.map((r) => [r.evidence.id, r]));

  const disagreements: DisagreementItem[] = [];
  for (const row of rows) {
    if (row.evidence.archived) continue;
    columns.forEach((column) => {
      const cell = report.cell(row.evidence.id, column.hypothesis.id);
      const level = cell?.disagreement.level;
      if (cell && level && level !== "consensus" && level !== "mild") {
        disagreements.push({ row, column, level, ratings: cell.consensus.ratingsByAnalyst });
      }
    });
  }
  disagreements.sort((a, b) => DISAGREEMENT_ORDER[a.level] - DISAGREEMENT_ORDER[b.level]);

  const linchpins: LinchpinItem[] = sensitivity.linchpins.flatMap((l) => {
    const row = rowById.get(l.evidenceId);
    return row ? [{ row, effects: l.effects.map((e) => describeEffect(e, codeOf)) }] : [];
  });

  const ranking = [...columns]
    .filter((c) => c.score !== null)
    .sort((a, b) => (a.score?.rank ?? 0) - (b.score?.rank ?? 0));
  const analystNames = Object.fromEntries(
    Object.entries(json.ratings).map(([id, r]) => [id, r.name.trim() || id]),
  );
  // The analysts whose ratings count and who rated something, not every ratings document.
  const analystCount = report.analysts.filter((a) => a.ratedCells > 0).length;
  const viewLabel = analyst
    ? `Ratings of ${analystNames[analyst] ?? analyst} only`
    : `Consensus of ${analystCount} analyst${analystCount === 1 ? "" : "s"}`;

  return {
    json,
    options,
    viewLabel,
    columns,
    rows,
    ranking,
    scoreRanking,
    approval: approvalStatus(json, ctx),
    disagreements,
    linchpins,
    analystNames,
    weights: report.weights,
    warnings: report.warnings.map((w) => w.message),
    sources: exportSources(json, options.includeArchived),
  };
}
