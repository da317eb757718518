import { describe, expect, it } from "vitest";
import { SAMPLE_ANALYSIS } from "../../server/seed/khairkhaneSample";
import { buildAnalysisDocs, parseAnalysisJson, readAnalysisJson } from "../../shared/schema/analysisJson";

const actor = { userId: "importer", now: "2026-01-01T00:00:00.000Z" };

describe("analysis JSON view", () => {
  it("round-trips the sample analysis through Yjs documents unchanged", () => {
    const parsed = parseAnalysisJson(SAMPLE_ANALYSIS);
    const first = readAnalysisJson("a1", buildAnalysisDocs(parsed, actor));
    const second = readAnalysisJson("a1", buildAnalysisDocs(parseAnalysisJson(first), actor));
    expect(second).toEqual(first);
    expect(first.hypotheses.map((h) => h.title)).toEqual([
      "ISKP cell",
      "NRF (resistance) collaborators",
      "Retaliation after a checkpoint attack",
    ]);
    expect(first.evidence.length).toBeGreaterThanOrEqual(12);
    expect(Object.keys(first.ratings)).toHaveLength(2);
    expect(first.hypotheses[0]?.description.content?.[0]?.content?.[0]?.text).toMatch(/Islamic State/);
  });

  it("keeps rich text marks and plain-string notes", () => {
    const parsed = parseAnalysisJson({
      schemaVersion: 1,
      title: "T",
      hypotheses: [{ id: "h1", title: "H" }],
      evidence: [
        {
          id: "e1",
          claim: "C",
          notes: {
            type: "doc",
            content: [
              { type: "paragraph", content: [{ type: "text", text: "bold", marks: [{ type: "bold" }] }] },
            ],
          },
        },
        { id: "e2", claim: "D", notes: "line one\nline two" },
      ],
    });
    const json = readAnalysisJson("x", buildAnalysisDocs(parsed, actor));
    expect(json.evidence[0]?.notes.content?.[0]?.content?.[0]).toEqual({
      type: "text",
      text: "bold",
      marks: [{ type: "bold" }],
    });
    expect(json.evidence[1]?.notes.content).toHaveLength(2);
  });

  it("carries comment threads with their authors, times and resolution through a round trip", () => {
    const base = {
      schemaVersion: 1,
      title: "T",
      hypotheses: [{ id: "h1", title: "H" }],
      evidence: [{ id: "e1", claim: "C" }],
      comments: [
        {
          id: "c1",
          target: { kind: "cell", evidenceId: "e1", hypothesisId: "h1" },
          body: "Is this II or I?",
          author: "u1",
          authorName: "Ana",
          createdAt: "2026-01-02T00:00:00.000Z",
          resolved: true,
          resolvedBy: "u2",
          resolvedAt: "2026-01-03T00:00:00.000Z",
        },
        {
          id: "c2",
          target: { kind: "cell", evidenceId: "e1", hypothesisId: "h1" },
          body: "II",
          replyTo: "c1",
          createdAt: "2026-01-02T01:00:00.000Z",
        },
      ],
    };
    const first = readAnalysisJson("x", buildAnalysisDocs(parseAnalysisJson(base), actor));
    expect(first.comments.map((c) => [c.id, c.replyTo, c.resolved, c.authorName])).toEqual([
      ["c1", null, true, "Ana"],
      ["c2", "c1", false, ""],
    ]);
    const second = readAnalysisJson("x", buildAnalysisDocs(parseAnalysisJson(first), actor));
    expect(second.comments).toEqual(first.comments);
    expect(() =>
      parseAnalysisJson({ ...base, comments: [{ target: { kind: "evidence", id: "nope" }, body: "x" }] }),
    ).toThrow(/comments\.0\.target/);
  });

  it("rejects bad input with a message naming the field", () => {
    expect(() => parseAnalysisJson({ schemaVersion: 3, title: "T" })).toThrow(/schemaVersion/);
    expect(() => parseAnalysisJson({ schemaVersion: 1, title: "" })).toThrow(/title/);
    expect(() =>
      parseAnalysisJson({ schemaVersion: 1, title: "T", evidence: [{ claim: "x", credibility: "huge" }] }),
    ).toThrow(/evidence\.0\.credibility/);
    expect(() =>
      parseAnalysisJson({
        schemaVersion: 1,
        title: "T",
        hypotheses: [{ id: "h", title: "H" }],
        evidence: [{ id: "e", claim: "E" }],
        ratings: { u1: { cells: { "e:nope": "C" } } },
      }),
    ).toThrow(/e:nope/);
    expect(() =>
      parseAnalysisJson({
        schemaVersion: 1,
        title: "T",
        hypotheses: [
          { id: "h", title: "A" },
          { id: "h", title: "B" },
        ],
      }),
    ).toThrow(/duplicate/);
  });
});
