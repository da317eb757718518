import { describe, expect, it } from "vitest";
import { computeScores, computeSensitivity, type ScoringInput, whatIf } from "../../shared/scoring";

const hypotheses = [
  { id: "H1", title: "Accident" },
  { id: "H2", title: "Sabotage" },
];

describe("sensitivity (linchpins)", () => {
  // H1 = 2 (I on High×High), H2 = 1 + 1/√2 (I on Medium×Medium, I on Low×Medium): H2 leads, H1 second.
  const input: ScoringInput = {
    hypotheses,
    evidence: [
      { id: "e1", credibility: "high", relevance: "high" },
      { id: "e2", credibility: "medium", relevance: "medium" },
      { id: "e3", credibility: "low", relevance: "medium" },
    ],
    analysts: ["ann"],
    ratings: { ann: { "e1:H1": "I", "e1:H2": "N", "e2:H1": "N", "e2:H2": "I", "e3:H1": "N", "e3:H2": "I" } },
  };

  it("finds the row whose removal or drop to Low credibility changes the top hypothesis", () => {
    const report = computeSensitivity(input);
    expect(report).toMatchObject({ top: "H2", second: "H1", rowsChecked: 3 });
    expect(report.linchpins).toEqual([
      {
        evidenceId: "e1",
        effects: [
          { kind: "remove", newTop: "H1", newSecond: "H2", changesTop: true, changesTopTwo: true },
          { kind: "lowCredibility", newTop: "H1", newSecond: "H2", changesTop: true, changesTopTwo: true },
        ],
      },
    ]);
  });

  it("agrees with rescoring the changed input from scratch", () => {
    const without = computeScores({ ...input, evidence: input.evidence.filter((e) => e.id !== "e1") });
    expect(without.ranking[0]).toBe("H1");
    const lowered = computeScores({
      ...input,
      evidence: input.evidence.map((e) => (e.id === "e1" ? { ...e, credibility: "low" as const } : e)),
    });
    expect(lowered.ranking[0]).toBe("H1");
  });

  it("flips the most disputed cell to the larger dissenting camp", () => {
    // e1:H1 rated [II, II, CC] → consensus I; dissenters: II ×2 (less consistent) beat CC ×1 → II.
    const disputed: ScoringInput = {
      hypotheses,
      evidence: [
        { id: "e1", credibility: "medium", relevance: "medium" },
        { id: "e2", credibility: "medium", relevance: "medium" },
      ],
      analysts: ["a", "b", "c"],
      ratings: {
        a: { "e1:H1": "II", "e1:H2": "N", "e2:H1": "N", "e2:H2": "I" },
        b: { "e1:H1": "II", "e1:H2": "N", "e2:H1": "N", "e2:H2": "I" },
        c: { "e1:H1": "CC", "e1:H2": "N", "e2:H1": "N", "e2:H2": "I" },
      },
    };
    const report = computeSensitivity(disputed);
    expect(report).toMatchObject({ top: "H1", second: "H2" });
    const e1 = report.linchpins.find((l) => l.evidenceId === "e1");
    expect(e1?.effects).toEqual([
      {
        kind: "flipDisputed",
        newTop: "H2",
        newSecond: "H1",
        changesTop: true,
        changesTopTwo: true,
        flipped: { hypothesisId: "H1", from: "I", to: "II" },
      },
    ]);
    expect(report.linchpins.find((l) => l.evidenceId === "e2")?.effects.map((e) => e.kind)).toEqual([
      "remove",
      "lowCredibility",
    ]);
  });

  it("treats an NA consensus as applicable when flipping", () => {
    const report = computeSensitivity({
      hypotheses,
      evidence: [{ id: "e1", credibility: "medium", relevance: "medium" }],
      analysts: ["a", "b", "c"],
      // H2 and H3 rated II: H1 (NA, so not rated) ranks last until its flip to II ties them.
      ratings: {
        a: { "e1:H1": "NA" },
        b: { "e1:H1": "NA" },
        c: { "e1:H1": "II", "e1:H2": "II", "e1:H3": "II" },
      },
    });
    const flip = report.linchpins[0]?.effects.find((e) => e.kind === "flipDisputed");
    expect(flip?.flipped).toEqual({ hypothesisId: "H1", from: "NA", to: "II" });
  });
});

describe("what-if panel", () => {
  it("ranks with rows toggled off, equal to rescoring without them", () => {
    const input: ScoringInput = {
      hypotheses,
      evidence: [
        { id: "e1", credibility: "high", relevance: "high" },
        { id: "e2", credibility: "medium", relevance: "medium" },
      ],
      analysts: ["ann"],
      ratings: { ann: { "e1:H1": "II", "e2:H2": "I", "e2:H1": "C" } },
    };
    const result = whatIf(input, { excludedRows: ["e2", "unknown", "e2"] });
    expect(result.excludedRows).toEqual(["e2"]);
    const rescored = computeScores({
      ...input,
      evidence: [input.evidence[0] ?? { id: "", credibility: "low", relevance: "low" }],
    });
    expect(result.ranking).toEqual(rescored.ranking);
    expect(result.hypotheses).toEqual(rescored.hypotheses);
  });
});
