import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CellOverride,
  cellKey,
  computeScores,
  createScoringEngine,
  type Level,
  type ScoreReport,
  type ScoringEvidence,
  type ScoringInput,
} from "../../shared/scoring";

const SEED = 20261127;
const LEVELS: readonly (Level | "bogus")[] = ["low", "medium", "high", "bogus"];
const RAW_CODES = ["CC", "C", "N", "I", "II", "NA", "XX", "", 3] as const;
const ROW_IDS = Array.from({ length: 8 }, (_, i) => `e${i}`);
const HYP_IDS = Array.from({ length: 6 }, (_, i) => `h${i}`);
const USERS = Array.from({ length: 5 }, (_, i) => `u${i}`);

interface Rating {
  readonly user: string;
  readonly row: string;
  readonly hyp: string;
  readonly code: (typeof RAW_CODES)[number];
}

/** A random matrix as a list of ratings (some on rows that are not active, some by non-members). */
const matrixArb = fc
  .record({
    rows: fc.integer({ min: 0, max: ROW_IDS.length }),
    hyps: fc.integer({ min: 1, max: HYP_IDS.length }),
    members: fc.integer({ min: 1, max: USERS.length - 1 }),
  })
  .chain(({ rows, hyps, members }) =>
    fc.record({
      evidence: fc.tuple(
        ...ROW_IDS.slice(0, rows).map((id) =>
          fc.record({
            id: fc.constant(id),
            credibility: fc.constantFrom(...LEVELS),
            relevance: fc.constantFrom(...LEVELS),
          }),
        ),
      ),
      hypotheses: fc.constant(HYP_IDS.slice(0, hyps).map((id) => ({ id, title: id }))),
      analysts: fc.constant(USERS.slice(0, members)),
      ratings: fc.array(
        fc.record({
          user: fc.constantFrom(...USERS),
          row: fc.constantFrom(...ROW_IDS, "gone"),
          hyp: fc.constantFrom(...HYP_IDS),
          code: fc.constantFrom(...RAW_CODES),
        }),
        { maxLength: 200, size: "max" },
      ),
      overrides: fc.array(
        fc.record({
          row: fc.constantFrom(...ROW_IDS),
          hyp: fc.constantFrom(...HYP_IDS),
          rating: fc.constantFrom("CC", "C", "N", "I", "II", "NA", "XX"),
        }),
        { maxLength: 6 },
      ),
      nullPrototype: fc.boolean(),
    }),
  );

/** The per-user records computeScores reads; the last rating of a cell wins, as in the engine. */
function recordsOf(ratings: readonly Rating[], nullPrototype: boolean): ScoringInput["ratings"] {
  const records: Record<string, Record<string, string>> = {};
  for (const { user, row, hyp, code } of ratings) {
    records[user] ??= nullPrototype ? Object.create(null) : {};
    (records[user] as Record<string, unknown>)[cellKey(row, hyp)] = code;
  }
  return records;
}

function plain(report: ScoreReport, input: ScoringInput) {
  return {
    hypotheses: report.hypotheses,
    ranking: report.ranking,
    rows: report.rows,
    analysts: report.analysts,
    warnings: report.warnings,
    cells: input.evidence.flatMap((e) => input.hypotheses.map((h) => report.cell(e.id, h.id))),
  };
}

describe("full computation", () => {
  it("equals the engine fed the same ratings one edit at a time, on random matrices", () => {
    fc.assert(
      fc.property(matrixArb, ({ evidence, hypotheses, analysts, ratings, overrides, nullPrototype }) => {
        const input: ScoringInput = {
          evidence: evidence as ScoringEvidence[],
          hypotheses,
          analysts,
          ratings: recordsOf(ratings, nullPrototype),
          overrides: Object.fromEntries(
            overrides.map(({ row, hyp, rating }) => [
              cellKey(row, hyp),
              { rating, reason: "lead" } as CellOverride,
            ]),
          ),
        };
        // The reference builds an empty matrix and moves each rating's tallies one by one.
        const engine = createScoringEngine({ ...input, ratings: {}, overrides: {} });
        for (const { user, row, hyp, code } of ratings) engine.setRating(user, row, hyp, code as string);
        for (const { row, hyp, rating } of overrides) {
          engine.setOverride(row, hyp, { rating, reason: "lead" } as CellOverride);
        }
        expect(plain(computeScores(input), input)).toEqual(plain(engine.report(), input));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("gives the same report when the same rows and columns are scored again with other ratings", () => {
    const input = (code: string): ScoringInput => ({
      evidence: [{ id: "e0", credibility: "high", relevance: "high" }],
      hypotheses: [{ id: "h0", title: "h0" }],
      analysts: ["u0"],
      ratings: { u0: { "e0:h0": code } },
    });
    expect(computeScores(input("II")).hypotheses[0]?.weighted).toBeCloseTo(4, 12);
    expect(computeScores(input("I")).hypotheses[0]?.weighted).toBeCloseTo(2, 12);
    expect(
      computeScores({ ...input("I"), hypotheses: [{ id: "h1", title: "h1" }] }).hypotheses[0]?.weighted,
    ).toBe(0);
  });
});
