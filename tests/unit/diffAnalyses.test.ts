import { describe, expect, it } from "vitest";
import { diffAnalyses } from "../../shared/history/diffAnalyses";
import {
  type AnalysisJson,
  buildAnalysisDocs,
  parseAnalysisJson,
  readAnalysisJson,
} from "../../shared/schema/analysisJson";

const actor = { userId: "u1", now: "2026-01-01T00:00:00.000Z" };

function base(): AnalysisJson {
  const parsed = parseAnalysisJson({
    schemaVersion: 1,
    title: "Raid",
    question: "Who?",
    hypotheses: [
      { id: "h1", title: "ISKP" },
      { id: "h2", title: "NRF" },
    ],
    evidence: [
      { id: "e1", claim: "Night raid", credibility: "high" },
      { id: "e2", claim: "Leaflets" },
    ],
    milestones: [{ id: "m1", hypothesisId: "h1", text: "Claim of responsibility" }],
    ratings: {
      ana: { name: "Ana", cells: { "e1:h1": "C", "e1:h2": "I" } },
      bo: { name: "Bo", cells: { "e2:h1": "N" } },
    },
    lead: {
      overrides: { "e1:h2": { rating: "II", reason: "Source is solid", by: "u1", at: actor.now } },
      approvals: [],
    },
  });
  return readAnalysisJson("a1", buildAnalysisDocs(parsed, actor));
}

describe("diffAnalyses", () => {
  it("finds no change between an analysis and itself", () => {
    const json = base();
    const diff = diffAnalyses(json, base());
    expect(diff.changes).toEqual([]);
    expect(Object.values(diff.counts).every((n) => n === 0)).toBe(true);
  });

  it("counts each changed field of an item as one change and reports before and after", () => {
    const before = base();
    const after: AnalysisJson = {
      ...before,
      title: "Raid (revised)",
      hypotheses: before.hypotheses.map((h) =>
        h.id === "h2" ? { ...h, title: "NRF cell", archived: true } : h,
      ),
      evidence: before.evidence.map((e) => (e.id === "e2" ? { ...e, relevance: "low" as const } : e)),
    };
    const diff = diffAnalyses(before, after);
    expect(diff.counts).toMatchObject({ meta: 1, hypothesis: 2, evidence: 1 });
    expect(diff.changes).toContainEqual({
      area: "hypothesis",
      kind: "changed",
      id: "h2",
      field: "title",
      before: "NRF",
      after: "NRF cell",
    });
    expect(diff.changes).toContainEqual(
      expect.objectContaining({
        area: "evidence",
        id: "e2",
        field: "relevance",
        before: "medium",
        after: "low",
      }),
    );
  });

  it("reports added and removed hypotheses, evidence and milestones", () => {
    const before = base();
    const after: AnalysisJson = {
      ...before,
      hypotheses: [
        ...before.hypotheses,
        { ...(before.hypotheses[0] as AnalysisJson["hypotheses"][0]), id: "h3" },
      ],
      evidence: before.evidence.filter((e) => e.id !== "e1"),
      milestones: [],
    };
    const diff = diffAnalyses(before, after);
    expect(diff.changes.map((c) => `${c.area}:${c.kind}:${c.id}`).sort()).toEqual([
      "evidence:removed:e1",
      "hypothesis:added:h3",
      "milestone:removed:m1",
    ]);
  });

  it("lists rating changes per analyst and cell, including an analyst whose ratings were all cleared", () => {
    const before = base();
    const after: AnalysisJson = {
      ...before,
      ratings: { ana: { name: "Ana", cells: { "e1:h1": "CC", "e2:h2": "NA" } } },
    };
    const diff = diffAnalyses(before, after);
    expect(diff.counts.rating).toBe(4);
    expect(diff.changes.filter((c) => c.area === "rating")).toEqual([
      { area: "rating", kind: "removed", id: "e1:h2", analyst: "ana", before: "I" },
      { area: "rating", kind: "changed", id: "e1:h1", analyst: "ana", before: "C", after: "CC" },
      { area: "rating", kind: "added", id: "e2:h2", analyst: "ana", after: "NA" },
      { area: "rating", kind: "removed", id: "e2:h1", analyst: "bo", before: "N" },
    ]);
  });

  it("sees lead changes (weights, blind, conclusion, overrides) but never counts approvals", () => {
    const before = base();
    const after: AnalysisJson = {
      ...before,
      lead: {
        ...before.lead,
        blind: true,
        weights: { low: 0.5, medium: 1, high: 2 },
        conclusion: {
          type: "doc",
          content: [{ type: "paragraph", content: [{ type: "text", text: "ISKP" }] }],
        },
        overrides: {},
        approvals: [{ id: "ap1", by: "u1", byName: "Lead", at: actor.now, versionId: "v1", note: "" }],
      },
    };
    const diff = diffAnalyses(before, after);
    expect(diff.counts.lead).toBe(4);
    expect(diff.changes.map((c) => c.id).sort()).toEqual(["blind", "conclusion", "e1:h2", "weights"]);
    expect(diff.changes.find((c) => c.id === "e1:h2")).toMatchObject({ kind: "removed", field: "override" });
    const approvedOnly = diffAnalyses(before, {
      ...before,
      lead: { ...before.lead, approvals: after.lead.approvals },
    });
    expect(approvedOnly.changes).toEqual([]);
  });

  it("ignores key order inside rich text and records", () => {
    const before = base();
    const reordered: AnalysisJson = {
      ...before,
      description: { content: [], type: "doc" },
      ratings: {
        bo: before.ratings.bo as AnalysisJson["ratings"][string],
        ana: before.ratings.ana as AnalysisJson["ratings"][string],
      },
    };
    expect(diffAnalyses(before, reordered).changes).toEqual([]);
  });
});
