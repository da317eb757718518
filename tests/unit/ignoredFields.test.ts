import { describe, expect, it } from "vitest";
import { SAMPLE_ANALYSIS } from "../../server/seed/khairkhaneSample";
import { buildAnalysisDocs, parseAnalysisJson, readAnalysisJson } from "../../shared/schema/analysisJson";
import { ignoredFields, ignoredFieldsWarning } from "../../shared/schema/ignoredFields";

const actor = { userId: "importer", now: "2026-01-01T00:00:00.000Z" };

describe("ignored import fields", () => {
  it("names the unknown keys of a JSON analysis by path, at any depth", () => {
    const input = {
      schemaVersion: 2,
      title: "T",
      colour: "red",
      hypotheses: [{ id: "h1", title: "H", weight: 2 }],
      evidence: [
        { id: "e1", claim: "C", notes: "plain text notes" },
        { id: "e2", claim: "D", credibilty: "high" },
      ],
      ratings: { u1: { name: "Ann", cells: { "e1:h1": "C" }, role: "lead" } },
      lead: { blind: false, extra: true },
    };
    expect(ignoredFields(input, parseAnalysisJson(input))).toEqual([
      "colour",
      "hypotheses.0.weight",
      "evidence.1.credibilty",
      "ratings.u1.role",
      "lead.extra",
    ]);
  });

  it("finds nothing to report in the app's own export (attachments are known, not imported)", () => {
    const exported = readAnalysisJson("a1", buildAnalysisDocs(parseAnalysisJson(SAMPLE_ANALYSIS), actor), [
      {
        id: "att1",
        owner: "evidence:e1",
        name: "photo.png",
        mime: "image/png",
        size: 10,
        sha256: "0".repeat(64),
        createdAt: actor.now,
        createdBy: "importer",
      } as never,
    ]);
    const json = JSON.parse(JSON.stringify(exported)) as unknown;
    expect(ignoredFields(json, parseAnalysisJson(json))).toEqual([]);
    expect(ignoredFieldsWarning(json, parseAnalysisJson(json))).toBeNull();
  });

  it("words one warning, naming the first 20 fields and counting the rest", () => {
    const input: Record<string, unknown> = { schemaVersion: 1, title: "T" };
    for (let i = 0; i < 25; i++) input[`x${i}`] = i;
    const warning = ignoredFieldsWarning(input, parseAnalysisJson(input)) ?? "";
    expect(warning).toMatch(/^25 unknown fields ignored \(not imported\): x0, x1, /);
    expect(warning).toMatch(/x19 and 5 more$/);
  });
});
