/**
 * The dense full computation against a straightforward reference written from docs/SCORING.md:
 * per cell, the member analysts' valid codes by cell key; per hypothesis, a plain sum over rows.
 * Inputs go through scoringInputOf, so archived rows and columns, whose ratings count (members,
 * one analyst's own view) and the lead's overrides and weights follow the server's rules.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AnalysisJson } from "../../shared/schema/analysisJson";
import {
  cellKey,
  computeScores,
  type ScoringInput,
  type ScoringInputOptions,
  scoringInputOf,
} from "../../shared/scoring";

const SEED = 20261128;
const SCALE: Readonly<Record<string, number>> = { II: 1, I: 2, N: 3, C: 4, CC: 5 };
const LEVEL_WEIGHT: Readonly<Record<string, number>> = { low: Math.SQRT1_2, medium: 1, high: Math.SQRT2 };
const ROW_IDS = Array.from({ length: 5 }, (_, i) => `e${i}`);
const HYP_IDS = Array.from({ length: 4 }, (_, i) => `h${i}`);
const USERS = ["u0", "u1", "u2", "u3"];

/** Consensus code of valid member ratings (NA included), null when nobody rated. */
function consensus(codes: readonly string[]): string | null {
  if (codes.length === 0) return null;
  const na = codes.filter((c) => c === "NA").length;
  const rated = codes.filter((c) => c !== "NA").map((c) => SCALE[c] ?? 0);
  if (na > rated.length) return "NA";
  const sum = rated.reduce((s, v) => s + v, 0);
  const mean = sum / rated.length;
  const floor = Math.floor(mean);
  const rounded =
    mean - floor > 0.5 ? floor + 1 : mean - floor < 0.5 ? floor : floor >= 3 ? floor : floor + 1;
  return Object.keys(SCALE).find((k) => SCALE[k] === rounded) ?? null;
}

const inconsistencyOf = (code: string | null) => (code === "II" ? 2 : code === "I" ? 1 : 0);
const consistencyOf = (code: string | null) => (code === "CC" ? 2 : code === "C" ? 1 : 0);
const weightOf = (level: unknown, weights: Readonly<Record<string, unknown>> | undefined) => {
  const name = level === "low" || level === "high" ? level : "medium";
  const w = weights?.[name];
  return typeof w === "number" && Number.isFinite(w) && w >= 0 ? w : (LEVEL_WEIGHT[name] ?? 1);
};

function reference(input: ScoringInput) {
  const members = [...new Set(input.analysts)];
  const validOf = (user: string, key: string): string | null => {
    const record = Object.hasOwn(input.ratings, user) ? input.ratings[user] : undefined;
    const value = record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
    return value === "NA" || (typeof value === "string" && value in SCALE) ? value : null;
  };
  const cells = new Map<string, { rating: string | null; computed: string | null; overridden: boolean }>();
  for (const e of input.evidence) {
    for (const h of input.hypotheses) {
      const key = cellKey(e.id, h.id);
      const codes = members.map((u) => validOf(u, key)).filter((c): c is string => c !== null);
      const computed = consensus(codes);
      const raw = input.overrides?.[key]?.rating;
      const override = raw === "NA" || (typeof raw === "string" && raw in SCALE) ? raw : null;
      cells.set(key, { rating: override ?? computed, computed, overridden: override !== null });
    }
  }
  const hypotheses = input.hypotheses.map((h, index) => {
    let inconsistency = 0;
    let weighted = 0;
    let consistency = 0;
    let ratedRows = 0;
    let unratedCells = 0;
    for (const e of input.evidence) {
      const rating = cells.get(cellKey(e.id, h.id))?.rating ?? null;
      const w = weightOf(e.credibility, input.weights) * weightOf(e.relevance, input.weights);
      if (rating === null) unratedCells++;
      else if (rating !== "NA") ratedRows++;
      inconsistency += inconsistencyOf(rating);
      weighted += inconsistencyOf(rating) * w;
      consistency += consistencyOf(rating) * w;
    }
    return { id: h.id, index, inconsistency, weighted, consistency, ratedRows, unratedCells };
  });
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  const ranking = [...hypotheses]
    .sort((a, b) => {
      if (a.ratedRows > 0 !== b.ratedRows > 0) return a.ratedRows > 0 ? -1 : 1;
      if (!near(a.weighted, b.weighted)) return a.weighted - b.weighted;
      if (!near(a.consistency, b.consistency)) return b.consistency - a.consistency;
      return a.inconsistency - b.inconsistency || a.index - b.index;
    })
    .map((h) => h.id);
  return { cells, hypotheses, ranking };
}

const codeArb = fc.constantFrom("CC", "C", "N", "I", "II", "NA", "XX", "", "cc");
const levelArb = fc.constantFrom("low", "medium", "high", "bogus");
const analysisArb = fc.record({
  evidence: fc.uniqueArray(
    fc.record({
      id: fc.constantFrom(...ROW_IDS),
      credibility: levelArb,
      relevance: levelArb,
      archived: fc.boolean(),
    }),
    { maxLength: 5, selector: (e) => e.id },
  ),
  hypotheses: fc.uniqueArray(fc.record({ id: fc.constantFrom(...HYP_IDS), archived: fc.boolean() }), {
    minLength: 1,
    maxLength: 4,
    selector: (h) => h.id,
  }),
  // Ratings of any cell, archived or unknown ones included ("gone" names no row).
  ratings: fc.array(
    fc.record({
      user: fc.constantFrom(...USERS),
      row: fc.constantFrom(...ROW_IDS, "gone"),
      hyp: fc.constantFrom(...HYP_IDS, "gone"),
      code: codeArb,
    }),
    { maxLength: 120, size: "max" },
  ),
  overrides: fc.array(
    fc.record({ row: fc.constantFrom(...ROW_IDS), hyp: fc.constantFrom(...HYP_IDS), rating: codeArb }),
    { maxLength: 5 },
  ),
  weights: fc.option(
    fc.record({
      low: fc.constantFrom(0.5, Math.SQRT1_2, Number.NaN, -1),
      medium: fc.constantFrom(1, 2),
      high: fc.constantFrom(Math.SQRT2, 3, Number.POSITIVE_INFINITY),
    }),
    { nil: undefined },
  ),
  scoring: fc.oneof(
    fc.constant<ScoringInputOptions>({}),
    fc.subarray(USERS).map((analysts): ScoringInputOptions => ({ analysts })),
    fc.constantFrom(...USERS).map((onlyAnalyst): ScoringInputOptions => ({ onlyAnalyst })),
    fc.constant<ScoringInputOptions>({ includeArchivedRows: true }),
  ),
});

type Drawn = typeof analysisArb extends fc.Arbitrary<infer T> ? T : never;

/** The parts of a JSON view scoringInputOf reads. */
function analysisOf(drawn: Drawn): AnalysisJson {
  const ratings: Record<string, { name: string; cells: Record<string, string> }> = {};
  for (const { user, row, hyp, code } of drawn.ratings) {
    ratings[user] ??= { name: user, cells: {} };
    (ratings[user] as { cells: Record<string, string> }).cells[cellKey(row, hyp)] = code;
  }
  const overrides = Object.fromEntries(
    drawn.overrides.map(({ row, hyp, rating }) => [cellKey(row, hyp), { rating, reason: "lead" }]),
  );
  return {
    hypotheses: drawn.hypotheses.map((h) => ({ ...h, title: h.id })),
    evidence: drawn.evidence,
    ratings,
    lead: { weights: drawn.weights, overrides },
  } as unknown as AnalysisJson;
}

describe("full computation against a reference", () => {
  it("agrees on cells, column scores and ranking on random analyses", () => {
    fc.assert(
      fc.property(analysisArb, (drawn) => {
        const input = scoringInputOf(analysisOf(drawn), drawn.scoring);
        const report = computeScores(input);
        const ref = reference(input);
        expect(report.ranking).toEqual(ref.ranking);
        for (const [i, h] of ref.hypotheses.entries()) {
          const got = report.hypotheses[i];
          expect(got?.id).toBe(h.id);
          expect(got?.inconsistency).toBe(h.inconsistency);
          expect(got?.ratedRows).toBe(h.ratedRows);
          expect(got?.unratedCells).toBe(h.unratedCells);
          expect(got?.rated).toBe(h.ratedRows > 0);
          expect(got?.weighted).toBeCloseTo(h.weighted, 12);
          expect(got?.consistency).toBeCloseTo(h.consistency, 12);
          expect(got?.normalized ?? null).toEqual(
            h.ratedRows > 0 ? expect.closeTo(h.weighted / h.ratedRows, 12) : null,
          );
        }
        for (const e of input.evidence) {
          for (const h of input.hypotheses) {
            const want = ref.cells.get(cellKey(e.id, h.id));
            const got = report.cell(e.id, h.id)?.consensus;
            expect({ rating: got?.rating, computed: got?.computed, overridden: got?.overridden }).toEqual(
              want,
            );
          }
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
