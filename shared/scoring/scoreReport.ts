/** Turns a MatrixState into the public ScoreReport (hypotheses, rows, analysts, warnings, lazy cells). */
import type { MatrixState } from "./matrixState";
import { scoreHypotheses } from "./ranking";
import {
  codeName,
  consensusCode,
  disagreementLevel,
  disagreementSd,
  EMPTY,
  INVALID,
  inconsistencyValue,
  isScaled,
  NA,
} from "./ratingScale";
import type { RatingStore } from "./ratingStore";
import type { AnalystScore, CellScore, RatingCode, RowScore, ScoreReport, ScoringWarning } from "./types";

/** Raw overrides as a map, skipping absent values (own properties only). */
export function overridesMap(overrides: Readonly<Record<string, unknown>> | undefined): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (typeof overrides !== "object" || overrides === null) return map;
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) map.set(key, value);
  return map;
}

function sample(ids: readonly string[]): string {
  return ids.length > 5 ? `${ids.slice(0, 5).join(", ")}…` : ids.join(", ");
}

/** Warnings in a stable order: weights, duplicates, levels, per member, non-members (sorted), overrides. */
export function collectWarnings(
  state: MatrixState,
  store: RatingStore,
  overrides: ReadonlyMap<string, unknown>,
): ScoringWarning[] {
  const warnings: ScoringWarning[] = [...state.weightWarnings, ...state.structuralWarnings];
  const badRows = state.order.filter((slot) => state.badLevel[slot] === 1);
  if (badRows.length > 0) {
    const ids = badRows.map((slot) => state.rowInput[slot]?.id ?? "");
    warnings.push({
      code: "bad_level",
      message: `Evidence with an unknown credibility or relevance is weighted as medium: ${sample(ids)}.`,
      count: badRows.length,
    });
  }
  const { H } = state;
  state.analysts.forEach((userId, a) => {
    const invalid = state.aInvalid[a] ?? 0;
    let matched = invalid;
    for (let h = 0; h < H; h++) matched += state.aFilled[a * H + h] ?? 0;
    if (invalid > 0) {
      warnings.push({
        code: "unknown_rating_code",
        message: `${invalid} rating(s) by ${userId} have an unknown code and were ignored.`,
        count: invalid,
      });
    }
    const unknown = store.size(userId) - matched;
    if (unknown > 0) {
      warnings.push({
        code: "unknown_cell",
        message: `${unknown} rating(s) by ${userId} name no active evidence × hypothesis cell and were ignored.`,
        count: unknown,
      });
    }
  });
  const outsiders = [...store.userIds()]
    .filter((userId) => !state.analystIndex.has(userId) && store.size(userId) > 0)
    .sort();
  for (const userId of outsiders) {
    const count = store.size(userId);
    warnings.push({
      code: "non_member_ratings",
      message: `${count} rating(s) by ${userId}, who is not an analyst of this analysis, were ignored.`,
      count,
    });
  }
  const badOverrides = overrides.size - state.overrideReason.size;
  if (badOverrides > 0) {
    warnings.push({
      code: "bad_override",
      message: `${badOverrides} override(s) name no active cell or carry an unknown code and were ignored.`,
      count: badOverrides,
    });
  }
  return warnings;
}

/** A cell reader over a frozen copy (snapshot) or the live arrays (one-shot computeScores). */
function cellReader(state: MatrixState, snapshot: boolean): ScoreReport["cell"] {
  const { H, A, analysts, hypIndex, hypotheses } = state;
  const codes = snapshot ? state.codes.slice() : state.codes;
  const overrideCode = snapshot ? state.overrideCode.slice() : state.overrideCode;
  const overrideReason = snapshot ? new Map(state.overrideReason) : state.overrideReason;
  const rowSlot = snapshot ? new Map(state.rowSlot) : state.rowSlot;
  const cache = new Map<number, CellScore>();
  return (evidenceId, hypothesisId) => {
    const slot = rowSlot.get(evidenceId);
    const h = hypIndex.get(hypothesisId);
    if (slot === undefined || h === undefined) return undefined;
    const ci = slot * H + h;
    const cached = cache.get(ci);
    if (cached !== undefined) return cached;
    const byAnalyst: [string, RatingCode][] = [];
    let nNA = 0;
    let nRated = 0;
    let sum = 0;
    let sumSq = 0;
    for (let a = 0; a < A; a++) {
      const code = codes[ci * A + a] ?? EMPTY;
      if (code === EMPTY || code === INVALID) continue;
      byAnalyst.push([analysts[a] ?? "", codeName(code) ?? "N"]);
      if (code === NA) nNA++;
      else if (isScaled(code)) {
        nRated++;
        sum += code;
        sumSq += code * code;
      }
    }
    const computed = consensusCode(nNA, nRated, sum);
    const override = overrideCode[ci] ?? EMPTY;
    const effective = override || computed;
    const sd = disagreementSd(nNA, nRated, sum, sumSq);
    const cell: CellScore = {
      evidenceId,
      hypothesisId: hypotheses[h]?.id ?? hypothesisId,
      consensus: {
        rating: codeName(effective),
        overridden: override !== EMPTY,
        computed: codeName(computed),
        reason: override !== EMPTY ? (overrideReason.get(ci) ?? "") : null,
        ratingsByAnalyst: Object.fromEntries(byAnalyst),
      },
      disagreement: { sd, level: disagreementLevel(sd) },
      value: inconsistencyValue(effective),
    };
    cache.set(ci, cell);
    return cell;
  };
}

/** Builds the report; snapshot copies the per-cell arrays so later edits cannot leak into it. */
export function buildReport(
  state: MatrixState,
  store: RatingStore,
  overrides: ReadonlyMap<string, unknown>,
  snapshot: boolean,
): ScoreReport {
  const { H, A } = state;
  const R = state.order.length;
  const consensus = scoreHypotheses(
    state.hypotheses,
    { inc: state.inc, con: state.con, ratedRows: state.ratedRows, unrated: state.unrated, offset: 0 },
    state.bucketWeight,
  );
  const analystUnrated = new Int32Array(A * H);
  for (let i = 0; i < A * H; i++) analystUnrated[i] = R - (state.aFilled[i] ?? 0);
  const analysts = state.analysts.map((userId, a): AnalystScore => {
    const own = scoreHypotheses(
      state.hypotheses,
      { inc: state.aInc, con: state.aCon, ratedRows: state.aRated, unrated: analystUnrated, offset: a * H },
      state.bucketWeight,
    );
    let ratedCells = 0;
    for (let h = 0; h < H; h++) ratedCells += state.aFilled[a * H + h] ?? 0;
    return {
      userId,
      hypotheses: own.scores,
      ranking: own.ranking,
      ratedCells,
      unratedCells: R * H - ratedCells,
      totalCells: R * H,
    };
  });
  const rows = state.order.map((slot, index): RowScore => {
    const d = state.diag[slot] ?? Number.NaN;
    return {
      evidenceId: state.rowInput[slot]?.id ?? "",
      index,
      diagnosticity: Number.isNaN(d) ? null : d,
      nonDiagnostic: d === 0,
      ratedHypotheses: state.diagCount[slot] ?? 0,
    };
  });
  // One-shot reports read warnings lazily: finding ratings of unknown cells means counting every
  // analyst's entries, and enumerating a large plain object costs more than the scoring itself.
  let warnings: ScoringWarning[] | null = snapshot ? collectWarnings(state, store, overrides) : null;
  return {
    weights: state.weights,
    hypotheses: consensus.scores,
    ranking: consensus.ranking,
    rows,
    analysts,
    get warnings() {
      warnings ??= collectWarnings(state, store, overrides);
      return warnings;
    },
    cell: cellReader(state, snapshot),
  };
}

/** Rows sorted by diagnosticity, most diagnostic first; null last; ties in display order. */
export function rowsByDiagnosticity(report: Pick<ScoreReport, "rows">): RowScore[] {
  return [...report.rows].sort((a, b) => {
    if (a.diagnosticity === null || b.diagnosticity === null) {
      if (a.diagnosticity !== b.diagnosticity) return a.diagnosticity === null ? 1 : -1;
      return a.index - b.index;
    }
    return b.diagnosticity - a.diagnosticity || a.index - b.index;
  });
}
