import { describe, expect, it } from "vitest";
import { SAMPLE_ANALYSIS } from "../../server/seed/khairkhaneSample";
import { SOURCE_TEXT_PART } from "../../shared/documentNames";
import {
  allDocs,
  buildAnalysisDocs,
  parseAnalysisJson,
  readAnalysisJson,
} from "../../shared/schema/analysisJson";
import { richDocToPlainText } from "../../shared/schema/richText";
import { plainTextView, resolveAnchor } from "../../shared/sources/anchoring";
import { listCitations } from "../../shared/sources/citations";
import { corroborationOf } from "../../shared/sources/corroboration";

const actor = { userId: "importer", now: "2026-01-01T00:00:00.000Z" };

describe("sources in the JSON view (schema version 2)", () => {
  it("gives the sample its sources, and every sample row cites a passage found in its source", () => {
    const docs = buildAnalysisDocs(parseAnalysisJson(SAMPLE_ANALYSIS), actor);
    try {
      const json = readAnalysisJson("sample", docs);
      expect(json.schemaVersion).toBe(2);
      expect(json.sources.map((s) => s.publisher)).toEqual(
        expect.arrayContaining(["Afghan Witness", "Amu TV", "RFI Farsi", "Natiq Malikzada"]),
      );
      expect(json.sources.length).toBeGreaterThanOrEqual(9);
      for (const row of json.evidence) {
        expect(row.citations, row.id).toHaveLength(1);
        const citation = row.citations[0];
        const source = json.sources.find((s) => s.id === citation?.sourceId);
        const text = richDocToPlainText(source?.text ?? { type: "doc" });
        expect(citation?.position, row.id).not.toBeNull();
        expect(text.slice(citation?.position?.start, citation?.position?.end)).toBe(citation?.quote.exact);
        // Anchored by relative positions in the built documents, not only findable by quote.
        const view = plainTextView(
          docs.sources.get(citation?.sourceId ?? "")?.getXmlFragment(SOURCE_TEXT_PART) as never,
        );
        const stored = listCitations(docs.content, row.id)[0];
        expect(stored && resolveAnchor(view, stored).status).toBe("anchored");
      }
      // Several sample rows rest on the report alone: the review warns, the scores do not change.
      expect(corroborationOf(docs.content).warnings.map((w) => w.kind)).toContain("single_source_rows");
    } finally {
      for (const doc of allDocs(docs)) doc.destroy();
    }
  });

  it("round-trips sources, captured text and citations, anchoring the citations afresh", () => {
    const first = readAnalysisJson("a1", buildAnalysisDocs(parseAnalysisJson(SAMPLE_ANALYSIS), actor));
    const rebuilt = buildAnalysisDocs(parseAnalysisJson(JSON.parse(JSON.stringify(first))), actor);
    const second = readAnalysisJson("a1", rebuilt);
    expect(second.sources).toEqual(first.sources);
    expect(second.evidence.map((e) => e.citations)).toEqual(first.evidence.map((e) => e.citations));
    const row = second.evidence[0];
    const view = plainTextView(
      rebuilt.sources.get(row?.citations[0]?.sourceId ?? "")?.getXmlFragment(SOURCE_TEXT_PART) as never,
    );
    expect(resolveAnchor(view, listCitations(rebuilt.content, row?.id ?? "")[0] as never).status).toBe(
      "anchored",
    );
  });

  it("still imports a version 1 file, as an analysis without sources", () => {
    const json = readAnalysisJson(
      "a1",
      buildAnalysisDocs(
        parseAnalysisJson({ schemaVersion: 1, title: "Old", evidence: [{ id: "e1", claim: "C" }] }),
        actor,
      ),
    );
    expect(json.sources).toEqual([]);
    expect(json.evidence[0]?.citations).toEqual([]);
    expect(json.attachments).toEqual([]);
  });

  it("refuses a citation naming no source, and keeps a quote no longer in the text as lost", () => {
    expect(() =>
      parseAnalysisJson({
        schemaVersion: 2,
        title: "T",
        evidence: [{ id: "e1", claim: "C", citations: [{ sourceId: "ghost", quote: { exact: "x" } }] }],
      }),
    ).toThrow(/evidence\.0\.citations\.0\.sourceId/);
    const json = readAnalysisJson(
      "a1",
      buildAnalysisDocs(
        parseAnalysisJson({
          schemaVersion: 2,
          title: "T",
          sources: [{ id: "s1", title: "Post", text: "Only these words." }],
          evidence: [
            {
              id: "e1",
              claim: "C",
              citations: [{ sourceId: "s1", quote: { exact: "words that vanished" } }],
            },
          ],
        }),
        actor,
      ),
    );
    expect(json.evidence[0]?.citations[0]).toMatchObject({
      quote: { exact: "words that vanished" },
      position: null,
    });
  });
});
