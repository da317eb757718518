import { describe, expect, it } from "vitest";
import {
  cellKey,
  computeScores,
  computeSensitivity,
  DEFAULT_WEIGHTS,
  leadingHypothesis,
  type RatingCode,
  rowsByDiagnosticity,
  type ScoringEvidence,
  type ScoringInput,
  whatIf,
} from "../../shared/scoring";

const H = [
  { id: "H1", title: "Accident" },
  { id: "H2", title: "Sabotage" },
  { id: "H3", title: "Insider" },
];

/** One analyst's ratings written as { "e1:H1": "II", … }. */
function input(
  evidence: readonly ScoringEvidence[],
  ratings: Record<string, Record<string, string>>,
  extra: Partial<ScoringInput> = {},
): ScoringInput {
  return { hypotheses: H, evidence, ratings, analysts: Object.keys(ratings), ...extra };
}

/** Several analysts rating the same single cell e1:H1. */
function oneCell(codes: readonly RatingCode[]) {
  const ratings: Record<string, Record<string, string>> = {};
  codes.forEach((code, i) => {
    ratings[`a${i}`] = { "e1:H1": code };
  });
  const report = computeScores(input([{ id: "e1", credibility: "medium", relevance: "medium" }], ratings));
  const cell = report.cell("e1", "H1");
  if (cell === undefined) throw new Error("cell missing");
  return cell;
}

describe("PARC weighted inconsistency", () => {
  // e1 High×High (weight 2), e2 Low×Low (0.5), e3 Medium×Medium (1).
  const evidence: ScoringEvidence[] = [
    { id: "e1", credibility: "high", relevance: "high" },
    { id: "e2", credibility: "low", relevance: "low" },
    { id: "e3", credibility: "medium", relevance: "medium" },
  ];
  const ratings = {
    ann: {
      "e1:H1": "II", // 2 × 2 = 4
      "e2:H1": "I", //  1 × 0.5 = 0.5
      "e3:H1": "C", //  consistency 1 × 1
      "e1:H2": "N",
      "e2:H2": "II", // 2 × 0.5 = 1
      "e3:H2": "NA", // not a rated row
      "e1:H3": "CC", // consistency 2 × 2 = 4
      "e3:H3": "I", //  1 × 1 = 1; e2:H3 left unrated
    },
  };
  const report = computeScores(input(evidence, ratings));
  const [h1, h2, h3] = report.hypotheses;

  it("weighs II on High×High as 4 and I on Low×Low as 0.5", () => {
    expect(h1?.inconsistency).toBe(3);
    expect(h1?.weighted).toBeCloseTo(4.5, 12);
    expect(h1?.ratedRows).toBe(3);
    expect(h1?.normalized).toBeCloseTo(1.5, 12);
    expect(h1?.consistency).toBeCloseTo(1, 12);
  });

  it("leaves NA rows out of the normalising count and counts unrated cells apart", () => {
    expect(h2).toMatchObject({ inconsistency: 2, ratedRows: 2, unratedCells: 0 });
    expect(h2?.weighted).toBeCloseTo(1, 12);
    expect(h2?.normalized).toBeCloseTo(0.5, 12);
    expect(h3).toMatchObject({ inconsistency: 1, ratedRows: 2, unratedCells: 1 });
    expect(h3?.consistency).toBeCloseTo(4, 12);
  });

  it("ranks by weighted inconsistency and breaks the H2/H3 tie by weighted consistency", () => {
    expect(report.ranking).toEqual(["H3", "H2", "H1"]);
    expect(report.hypotheses.map((h) => h.rank)).toEqual([3, 2, 1]);
  });

  it("uses the lead's weights when given and keeps defaults for invalid entries with a warning", () => {
    const custom = computeScores(
      input(evidence, ratings, { weights: { low: Number.NaN, medium: 1, high: 3 } }),
    );
    expect(custom.weights).toEqual({ low: DEFAULT_WEIGHTS.low, medium: 1, high: 3 });
    expect(custom.hypotheses[0]?.weighted).toBeCloseTo(2 * 9 + 0.5, 12);
    expect(custom.warnings).toEqual([expect.objectContaining({ code: "bad_weight", count: 1 })]);
  });

  it("gives a hypothesis with no rated row a null normalised score", () => {
    const empty = computeScores(input(evidence, { ann: { "e1:H1": "NA" } }));
    expect(empty.hypotheses[0]).toMatchObject({ normalized: null, ratedRows: 0, unratedCells: 2 });
    expect(empty.hypotheses[1]).toMatchObject({ normalized: null, ratedRows: 0, unratedCells: 3 });
  });
});

describe("consensus of a cell (Open Synthesis)", () => {
  it.each([
    [["II", "I"], "I"], // 1.5 → toward N → 2
    [["I", "N"], "N"], // 2.5 → 3 (Python's round() would give 2)
    [["N", "C"], "N"], // 3.5 → 3 (Python's round() would give 4)
    [["C", "CC"], "C"], // 4.5 → 4
    [["II", "CC"], "N"], // exactly 3
    [["II", "II", "C"], "I"], // 2 exactly
    [["II", "I", "I"], "I"], // 1.67 → 2
  ] as const)("rounds the mean of %j to %s, ties toward N", (codes, expected) => {
    expect(oneCell(codes).consensus.rating).toBe(expected);
  });

  it("is NA when more analysts said NA than rated", () => {
    expect(oneCell(["NA", "NA", "C"]).consensus.rating).toBe("NA");
  });

  it("uses the rated analysts when NA votes only equal them", () => {
    expect(oneCell(["NA", "C"]).consensus.rating).toBe("C");
    expect(oneCell(["NA", "NA", "II", "C"]).consensus.rating).toBe("N");
  });

  it("lists each analyst's rating", () => {
    expect(oneCell(["NA", "C"]).consensus.ratingsByAnalyst).toEqual({ a0: "NA", a1: "C" });
  });
});

describe("disagreement of a cell", () => {
  it.each([
    [["C", "C"], 0, "consensus"],
    [["NA", "C"], Math.SQRT1_2, "mild"], // NA/rated indicator [0, 1]
    [["I", "N", "C"], 1, "mild"],
    [["II", "I", "C", "CC"], Math.sqrt(10 / 3), "large"],
    [["II", "N", "CC"], 2, "extreme"],
    [["II", "CC"], Math.sqrt(8), "extreme"],
  ] as const)("gives %j a sample sd of %d (%s)", (codes, sd, level) => {
    const { disagreement } = oneCell(codes);
    expect(disagreement.sd).toBeCloseTo(sd, 12);
    expect(disagreement.level).toBe(level);
  });

  it("takes the larger of the NA spread and the rating spread", () => {
    // indicators [0, 1, 1] → sd 0.577; ratings [1, 5] → sd 2.83
    expect(oneCell(["NA", "II", "CC"]).disagreement.sd).toBeCloseTo(Math.sqrt(8), 12);
  });

  it("is null with fewer than two ratings", () => {
    expect(oneCell(["C"]).disagreement).toEqual({ sd: null, level: null });
  });
});

describe("overrides, unrated cells and hostile input", () => {
  const evidence: ScoringEvidence[] = [
    { id: "e1", credibility: "high", relevance: "high" },
    { id: "e2", credibility: "medium", relevance: "medium" },
  ];

  it("lets a lead override win, flags it and keeps the analysts' own consensus", () => {
    const report = computeScores(
      input(
        evidence,
        { ann: { "e1:H1": "II" }, bob: { "e1:H1": "II" } },
        { overrides: { [cellKey("e1", "H1")]: { rating: "CC", reason: "source retracted" } } },
      ),
    );
    expect(report.cell("e1", "H1")?.consensus).toMatchObject({
      rating: "CC",
      overridden: true,
      computed: "II",
      reason: "source retracted",
    });
    expect(report.cell("e1", "H1")?.value).toBe(0);
    expect(report.hypotheses[0]).toMatchObject({ inconsistency: 0, weighted: 0, ratedRows: 1 });
  });

  it("keeps unrated distinct from N", () => {
    const report = computeScores(input(evidence, { ann: { "e1:H1": "N" } }));
    expect(report.cell("e1", "H1")?.consensus.rating).toBe("N");
    expect(report.cell("e2", "H1")?.consensus.rating).toBeNull();
    expect(report.hypotheses[0]).toMatchObject({ ratedRows: 1, unratedCells: 1 });
  });

  it("ignores hostile codes, non-members and unknown cells, with one warning each", () => {
    const report = computeScores({
      hypotheses: H,
      evidence,
      analysts: ["ann", "constructor"],
      ratings: {
        ann: { "e1:H1": "XX", "e1:H2": 5 as unknown as string, "e2:H1": "I", "zz:H1": "II", "e1:H9": "I" },
        mallory: { "e1:H1": "II", "e2:H1": "II" },
      },
      overrides: {
        "e1:H1": { rating: "BAD" as RatingCode, reason: "" },
        "nope:H1": { rating: "C", reason: "" },
      },
    });
    expect(report.hypotheses[0]).toMatchObject({ inconsistency: 1, ratedRows: 1 });
    expect(report.cell("e1", "H1")?.consensus).toMatchObject({ rating: null, overridden: false });
    expect(report.warnings.map((w) => [w.code, w.count])).toEqual([
      ["unknown_rating_code", 2],
      ["unknown_cell", 2],
      ["non_member_ratings", 2],
      ["bad_override", 2],
    ]);
  });

  it("weighs an unknown credibility as medium and warns", () => {
    const report = computeScores(
      input([{ id: "e1", credibility: "huge" as "high", relevance: "high" }], { ann: { "e1:H1": "I" } }),
    );
    expect(report.hypotheses[0]?.weighted).toBeCloseTo(Math.SQRT2, 12);
    expect(report.warnings.map((w) => w.code)).toEqual(["bad_level"]);
  });

  it("drops duplicate ids after their first occurrence", () => {
    const report = computeScores({
      hypotheses: [...H, { id: "H1", title: "again" }],
      evidence: [...evidence, { id: "e1", credibility: "low", relevance: "low" }],
      ratings: {},
      analysts: [],
    });
    expect(report.hypotheses).toHaveLength(3);
    expect(report.rows).toHaveLength(2);
    expect(report.warnings.map((w) => w.code)).toEqual(["duplicate_id", "duplicate_id"]);
  });
});

describe("diagnosticity of a row", () => {
  const evidence: ScoringEvidence[] = [
    { id: "flat", credibility: "medium", relevance: "medium" },
    { id: "sharp", credibility: "medium", relevance: "medium" },
    { id: "lonely", credibility: "medium", relevance: "medium" },
    { id: "mixed", credibility: "medium", relevance: "medium" },
  ];
  const report = computeScores(
    input(evidence, {
      ann: {
        "flat:H1": "N",
        "flat:H2": "N",
        "flat:H3": "N",
        "sharp:H1": "II",
        "sharp:H2": "CC",
        "lonely:H1": "I",
        "mixed:H1": "I",
        "mixed:H2": "NA",
        "mixed:H3": "CC",
      },
      bob: { "sharp:H1": "II", "sharp:H2": "CC", "mixed:H1": "C" },
    }),
  );
  const row = (id: string) => report.rows.find((r) => r.evidenceId === id);

  it("is 0 and flagged non-diagnostic when every hypothesis gets the same rating", () => {
    expect(row("flat")).toMatchObject({ diagnosticity: 0, nonDiagnostic: true, ratedHypotheses: 3 });
  });

  it("is the population sd of the per-hypothesis means", () => {
    expect(row("sharp")?.diagnosticity).toBeCloseTo(2, 12); // means [1, 5]
    // means [3 (I, C), 3 (NA as N), 5] → sd of [3, 3, 5] = √(8/9)
    expect(row("mixed")?.diagnosticity).toBeCloseTo(Math.sqrt(8 / 9), 12);
  });

  it("is null with fewer than two rated hypotheses", () => {
    expect(row("lonely")).toMatchObject({ diagnosticity: null, nonDiagnostic: false, ratedHypotheses: 1 });
  });

  it("sorts rows most diagnostic first, null last", () => {
    expect(rowsByDiagnosticity(report).map((r) => r.evidenceId)).toEqual([
      "sharp",
      "mixed",
      "flat",
      "lonely",
    ]);
  });
});

describe("per-analyst scores", () => {
  it("ranks each analyst's own matrix and counts what they left unrated", () => {
    const report = computeScores(
      input([{ id: "e1", credibility: "medium", relevance: "medium" }], {
        ann: { "e1:H1": "II", "e1:H2": "C", "e1:H3": "NA" },
        bob: { "e1:H2": "I" },
      }),
    );
    const [ann, bob] = report.analysts;
    expect(ann).toMatchObject({ userId: "ann", ratedCells: 3, unratedCells: 0, totalCells: 3 });
    // H3 is only NA for Ann: not rated, so it ranks after her rated H1.
    expect(ann?.ranking).toEqual(["H2", "H1", "H3"]);
    expect(bob).toMatchObject({ userId: "bob", ratedCells: 1, unratedCells: 2 });
    // Bob rated only H2: his unrated H1 and H3 come after it, not ahead with 0 inconsistency.
    expect(bob?.ranking).toEqual(["H2", "H1", "H3"]);
    expect(bob?.hypotheses.map((h) => h.rated)).toEqual([false, true, false]);
  });
});

describe("hypotheses nobody rated", () => {
  const rows: ScoringEvidence[] = [
    { id: "e1", credibility: "medium", relevance: "medium" },
    { id: "e2", credibility: "high", relevance: "high" },
  ];

  it("rank after every rated hypothesis, however inconsistent those are, and say they are not rated", () => {
    const report = computeScores(input(rows, { ann: { "e1:H2": "II", "e2:H2": "II", "e1:H3": "I" } }));
    expect(report.ranking).toEqual(["H3", "H2", "H1"]);
    const h1 = report.hypotheses.find((h) => h.id === "H1");
    expect(h1).toMatchObject({ rated: false, ratedRows: 0, rank: 3, normalized: null });
    expect(report.hypotheses.find((h) => h.id === "H2")).toMatchObject({ rated: true, ratedRows: 2 });
  });

  it("count as not rated when every rated cell is NA", () => {
    const report = computeScores(input(rows, { ann: { "e1:H1": "NA", "e1:H2": "I" } }));
    expect(report.ranking[0]).toBe("H2");
    expect(report.hypotheses[0]?.rated).toBe(false);
  });

  it("are never the leading hypothesis; the lead is flagged when it has fewer rated rows than another", () => {
    const sparse = computeScores(input(rows, { ann: { "e1:H2": "I", "e2:H2": "I", "e1:H3": "N" } }));
    expect(leadingHypothesis(sparse)).toEqual({ id: "H3", ratedRows: 1, fewerRatedRowsThanOthers: true });
    const even = computeScores(
      input(rows, { ann: { "e1:H2": "I", "e2:H2": "I", "e1:H3": "N", "e2:H3": "C" } }),
    );
    expect(leadingHypothesis(even)).toEqual({ id: "H3", ratedRows: 2, fewerRatedRowsThanOthers: false });
    expect(leadingHypothesis(computeScores(input(rows, { ann: {} })))).toBeNull();
  });

  it("stay last in the what-if ranking and in sensitivity when a row is removed", () => {
    const i = input(rows, { ann: { "e1:H1": "I", "e2:H2": "C" } });
    // Without e2, H2 has no rated row left: it must drop behind H1 rather than win with 0.
    expect(whatIf(i, { excludedRows: ["e2"] }).ranking).toEqual(["H1", "H2", "H3"]);
    const effect = computeSensitivity(i).linchpins.find((l) => l.evidenceId === "e2")?.effects[0];
    expect(effect?.kind).toBe("remove");
    expect(effect?.newTop).toBe("H1");
  });
});
