import { describe, expect, it } from "vitest";
import { SAMPLE_ANALYSIS } from "../../server/seed/khairkhaneSample";
import { buildAnalysisDocs, parseAnalysisJson, readAnalysisJson } from "../../shared/schema/analysisJson";
import { scoreAnalysis, scoresToJson } from "../../shared/scoring";

const sample = readAnalysisJson(
  "sample",
  buildAnalysisDocs(parseAnalysisJson(SAMPLE_ANALYSIS), { userId: "system", now: "2026-01-01T00:00:00Z" }),
);

describe("scores of the Khairkhane sample analysis (worked by hand)", () => {
  // Consensus per cell = rounded mean of the two analysts on II=1…CC=5, ties toward N.
  // ISKP:  e06 I+II → 1.5 → I (High×High = 2), e08 I+I → I (Medium×High = √2); other splits tie to N or C.
  // NRF:   e02 I+I → I (Low×High = 1).
  // Retaliation: e15 I+II → I (Medium×High = √2); e02 I+N and e13 N+I tie to N.
  const scores = scoresToJson(scoreAnalysis(sample));
  const byId = Object.fromEntries(scores.hypotheses.map((h) => [h.id, h]));

  it("counts inconsistency per hypothesis", () => {
    expect(byId["h-iskp"]?.inconsistency).toBe(2);
    expect(byId["h-nrf"]?.inconsistency).toBe(1);
    expect(byId["h-retaliation"]?.inconsistency).toBe(1);
  });

  it("weights by credibility and relevance and ranks NRF collaborators first", () => {
    expect(byId["h-iskp"]?.weighted).toBeCloseTo(2 + Math.SQRT2, 10);
    expect(byId["h-nrf"]?.weighted).toBeCloseTo(1, 10);
    expect(byId["h-retaliation"]?.weighted).toBeCloseTo(Math.SQRT2, 10);
    expect(scores.ranking).toEqual(["h-nrf", "h-retaliation", "h-iskp"]);
    expect(byId["h-nrf"]?.normalized).toBeCloseTo(1 / 15, 10);
  });

  it("flags the row every analyst rated alike as non-diagnostic", () => {
    const nonDiagnostic = scores.rows.filter((r) => r.nonDiagnostic).map((r) => r.evidenceId);
    expect(nonDiagnostic).toEqual(["e03"]);
  });

  it("reports disagreement where the two analysts split and no warnings", () => {
    const e02 = scores.cells.find((c) => c.evidenceId === "e02" && c.hypothesisId === "h-retaliation");
    expect(e02?.consensus.rating).toBe("N");
    expect(e02?.consensus.ratingsByAnalyst).toEqual({ "u-sample-mariam": "I", "u-sample-jonas": "N" });
    expect(e02?.disagreement.level).toBe("mild");
    expect(scores.warnings).toEqual([]);
  });

  it("names the rows that decide the ranking as linchpins", () => {
    expect(scores.linchpins.map((l) => l.evidenceId)).toEqual(["e06", "e15"]);
  });
});
