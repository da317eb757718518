import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cellKey,
  computeScores,
  computeSensitivity,
  createScoringEngine,
  type Level,
  type ScoreReport,
  type ScoringEvidence,
  type ScoringHypothesis,
  type ScoringInput,
} from "../../shared/scoring";

const SEED = 20240601;
const LEVELS: readonly Level[] = ["low", "medium", "high"];
const RAW_CODES = ["CC", "C", "N", "I", "II", "NA", "XX"] as const;
const RATED_CODES = ["CC", "C", "N", "I", "II", "NA"] as const;

const HYP_IDS = ["h0", "h1", "h2", "h3", "h4"];
const ROW_IDS = ["e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7"];
const USERS = ["u0", "u1", "u2", "u3"];

const levelArb = fc.constantFrom(...LEVELS);
const rowArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    credibility: levelArb,
    relevance: levelArb,
  }) as fc.Arbitrary<ScoringEvidence>;

/** A random analysis: up to 5 hypotheses, 8 rows, 3 members + 1 outsider, garbage codes included. */
const inputArb: fc.Arbitrary<ScoringInput> = fc
  .record({
    h: fc.integer({ min: 1, max: 5 }),
    r: fc.integer({ min: 0, max: 8 }),
    a: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ h, r, a }) => {
    const hypotheses = HYP_IDS.slice(0, h).map((id) => ({ id, title: id }));
    const rowIds = ROW_IDS.slice(0, r);
    const keys = rowIds.flatMap((e) => HYP_IDS.map((hyp) => cellKey(e, hyp)));
    const userRatings = fc.dictionary(fc.constantFrom(...keys, "x:h0"), fc.constantFrom(...RAW_CODES), {
      maxKeys: keys.length,
    });
    return fc.record({
      hypotheses: fc.constant(hypotheses),
      evidence: fc.tuple(...rowIds.map(rowArb)).map((rows) => rows as ScoringEvidence[]),
      analysts: fc.constant(USERS.slice(0, a)),
      ratings: fc.record({ u0: userRatings, u1: userRatings, u2: userRatings, u3: userRatings }),
      overrides: fc.dictionary(
        fc.constantFrom(...keys, "x:h0"),
        fc.record({ rating: fc.constantFrom(...RATED_CODES), reason: fc.constant("lead") }),
        { maxKeys: 3 },
      ),
    });
  });

/** Everything observable in a report, as plain data (cells included). */
function plain(report: ScoreReport, input: ScoringInput) {
  const cells = input.evidence.flatMap((e) => input.hypotheses.map((h) => report.cell(e.id, h.id)));
  return {
    weights: report.weights,
    hypotheses: report.hypotheses,
    ranking: report.ranking,
    rows: report.rows,
    analysts: report.analysts,
    warnings: report.warnings,
    cells,
  };
}

function shuffled<T>(items: readonly T[], order: readonly number[]): T[] {
  return [...items]
    .map((item, i) => ({ item, k: order[i] ?? 0 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.item);
}

describe("scoring invariants", () => {
  it("does not depend on the order of the rows", () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.array(fc.double({ noNaN: true }), { minLength: 8, maxLength: 8 }),
        (input, order) => {
          const a = computeScores(input);
          const b = computeScores({ ...input, evidence: shuffled(input.evidence, order) });
          expect(b.hypotheses).toEqual(a.hypotheses);
          const byId = (r: ScoreReport) =>
            Object.fromEntries(r.rows.map((row) => [row.evidenceId, [row.diagnosticity, row.nonDiagnostic]]));
          expect(byId(b)).toEqual(byId(a));
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("ranks every hypothesis not yet rated after every rated one, in the consensus and each analyst's ranking", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const report = computeScores(input);
        for (const scores of [report.hypotheses, ...report.analysts.map((a) => a.hypotheses)]) {
          const lastRated = Math.max(0, ...scores.filter((h) => h.rated).map((h) => h.rank));
          const firstUnrated = Math.min(Infinity, ...scores.filter((h) => !h.rated).map((h) => h.rank));
          expect(lastRated).toBeLessThan(firstUnrated);
          for (const h of scores) expect(h.rated).toBe(h.ratedRows > 0);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("gives each hypothesis the same scores whatever the column order", () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.array(fc.double({ noNaN: true }), { minLength: 5, maxLength: 5 }),
        (input, order) => {
          const a = computeScores(input);
          const b = computeScores({ ...input, hypotheses: shuffled(input.hypotheses, order) });
          const scores = (r: ScoreReport) =>
            Object.fromEntries(
              r.hypotheses.map((h) => [
                h.id,
                [h.inconsistency, h.weighted, h.consistency, h.ratedRows, h.unratedCells],
              ]),
            );
          expect(scores(b)).toEqual(scores(a));
          b.rows.forEach((row, i) => {
            const before = a.rows[i]?.diagnosticity ?? null;
            if (before === null) expect(row.diagnosticity).toBeNull();
            else expect(row.diagnosticity).toBeCloseTo(before, 9);
          });
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("changes no inconsistency score when a row every analyst rates consistent is added", () => {
    fc.assert(
      fc.property(
        inputArb,
        rowArb("extra"),
        fc.array(fc.constantFrom("C", "CC"), { minLength: 20, maxLength: 20 }),
        (input, extra, codes) => {
          const ratings: Record<string, Record<string, string>> = {};
          let k = 0;
          for (const user of USERS) {
            const own: Record<string, string> = { ...input.ratings[user] };
            for (const h of input.hypotheses) own[cellKey("extra", h.id)] = codes[k++ % codes.length] ?? "C";
            ratings[user] = own;
          }
          const before = computeScores(input);
          const after = computeScores({ ...input, evidence: [...input.evidence, extra], ratings });
          expect(after.hypotheses.map((h) => [h.inconsistency, h.weighted])).toEqual(
            before.hypotheses.map((h) => [h.inconsistency, h.weighted]),
          );
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("gives a row rated the same everywhere a diagnosticity of exactly 0", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.array(fc.constantFrom(...RATED_CODES), { minLength: 1, maxLength: 4 }),
        (h, perAnalyst) => {
          const hypotheses = HYP_IDS.slice(0, h).map((id) => ({ id, title: id }));
          const analysts = perAnalyst.map((_, i) => `a${i}`);
          const ratings = Object.fromEntries(
            perAnalyst.map((code, i) => [
              `a${i}`,
              Object.fromEntries(hypotheses.map((x) => [cellKey("e", x.id), code])),
            ]),
          );
          const report = computeScores({
            hypotheses,
            analysts,
            ratings,
            evidence: [{ id: "e", credibility: "high", relevance: "low" }],
          });
          expect(report.rows[0]).toMatchObject({ diagnosticity: 0, nonDiagnostic: true });
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});

type Edit =
  | { kind: "rating"; user: string; row: string; hyp: string; code: string | null }
  | { kind: "evidence"; row: ScoringEvidence; index: number | undefined }
  | { kind: "remove"; row: string }
  | { kind: "hypotheses"; ids: string[] }
  | { kind: "override"; row: string; hyp: string; rating: (typeof RATED_CODES)[number] | null }
  | { kind: "weights"; high: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant("rating" as const),
      user: fc.constantFrom(...USERS),
      row: fc.constantFrom(...ROW_IDS),
      hyp: fc.constantFrom(...HYP_IDS),
      code: fc.constantFrom<string | null>(...RAW_CODES, null),
    }),
    weight: 12,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("evidence" as const),
      row: fc.constantFrom(...ROW_IDS).chain(rowArb),
      index: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ kind: fc.constant("remove" as const), row: fc.constantFrom(...ROW_IDS) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("hypotheses" as const),
      ids: fc.shuffledSubarray(HYP_IDS, { minLength: 1 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("override" as const),
      row: fc.constantFrom(...ROW_IDS),
      hyp: fc.constantFrom(...HYP_IDS),
      rating: fc.constantFrom<(typeof RATED_CODES)[number] | null>(...RATED_CODES, null),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ kind: fc.constant("weights" as const), high: fc.constantFrom(0, 1.5, -1, 3) }),
    weight: 1,
  },
);

/** Applies an edit to a plain input the way the engine is told to apply it. */
function applyToModel(model: ScoringInput, edit: Edit): ScoringInput {
  switch (edit.kind) {
    case "rating": {
      const own = { ...model.ratings[edit.user] };
      const key = cellKey(edit.row, edit.hyp);
      if (edit.code === null) delete own[key];
      else own[key] = edit.code;
      return { ...model, ratings: { ...model.ratings, [edit.user]: own } };
    }
    case "evidence": {
      const evidence = [...model.evidence];
      const at = evidence.findIndex((e) => e.id === edit.row.id);
      if (at >= 0) {
        evidence[at] = edit.row;
        if (edit.index === undefined) return { ...model, evidence };
        evidence.splice(at, 1);
      }
      const index = edit.index ?? evidence.length;
      evidence.splice(Math.max(0, Math.min(index, evidence.length)), 0, edit.row);
      return { ...model, evidence };
    }
    case "remove":
      return { ...model, evidence: model.evidence.filter((e) => e.id !== edit.row) };
    case "hypotheses":
      return { ...model, hypotheses: edit.ids.map((id): ScoringHypothesis => ({ id, title: id })) };
    case "override": {
      const overrides = { ...model.overrides };
      const key = cellKey(edit.row, edit.hyp);
      if (edit.rating === null) delete overrides[key];
      else overrides[key] = { rating: edit.rating, reason: "lead" };
      return { ...model, overrides };
    }
    case "weights":
      return { ...model, weights: { low: Math.SQRT1_2, medium: 1, high: edit.high } };
  }
}

describe("incremental engine", () => {
  it("equals a full recomputation after any sequence of edits", () => {
    fc.assert(
      fc.property(inputArb, fc.array(editArb, { maxLength: 40 }), (input, edits) => {
        const engine = createScoringEngine(input);
        let model = input;
        for (const edit of edits) {
          model = applyToModel(model, edit);
          switch (edit.kind) {
            case "rating":
              engine.setRating(edit.user, edit.row, edit.hyp, edit.code);
              break;
            case "evidence":
              engine.setEvidence(edit.row, edit.index);
              break;
            case "remove":
              engine.removeEvidence(edit.row);
              break;
            case "hypotheses":
              engine.setHypotheses(model.hypotheses);
              break;
            case "override":
              engine.setOverride(
                edit.row,
                edit.hyp,
                edit.rating === null ? null : { rating: edit.rating, reason: "lead" },
              );
              break;
            case "weights":
              engine.setWeights(model.weights);
              break;
          }
        }
        expect(plain(engine.report(), model)).toEqual(plain(computeScores(model), model));
        expect(engine.sensitivity()).toEqual(computeSensitivity(model));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("keeps an earlier report unchanged when later edits arrive", () => {
    const engine = createScoringEngine({
      hypotheses: [{ id: "h0", title: "h0" }],
      evidence: [{ id: "e0", credibility: "medium", relevance: "medium" }],
      ratings: { u0: { "e0:h0": "II" } },
      analysts: ["u0"],
    });
    const before = engine.report();
    engine.setRating("u0", "e0", "h0", "CC");
    expect(before.cell("e0", "h0")?.consensus.rating).toBe("II");
    expect(before.hypotheses[0]?.inconsistency).toBe(2);
    expect(engine.report().cell("e0", "h0")?.consensus.rating).toBe("CC");
  });
});
