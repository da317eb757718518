import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addEvidence, initContent } from "../../shared/schema/contentDoc";
import { addSource } from "../../shared/schema/sources";
import { addCitation } from "../../shared/sources/citations";
import { corroborate, corroborationOf } from "../../shared/sources/corroboration";

const actor = { userId: "u1", now: "2026-01-01T00:00:00Z" };
const anchor = { exact: "q", prefix: "", suffix: "", start: "AA==", end: "AA==" };

describe("corroboration", () => {
  it("counts distinct sources per row with their reliability", () => {
    const result = corroborate({
      evidence: [{ id: "e1", credibility: "medium" }],
      citations: new Map([["e1", [{ sourceId: "s1" }, { sourceId: "s2" }, { sourceId: "s1" }]]]),
      sources: [
        { id: "s1", reliability: "B" },
        { id: "s2", reliability: "" },
      ],
    });
    expect(result.rows).toEqual([{ evidenceId: "e1", sourceIds: ["s1", "s2"], reliabilities: ["B", ""] }]);
    expect(result.warnings).toEqual([]);
  });

  it("warns when a row rated High credibility rests only on sources graded E or F", () => {
    const result = corroborate({
      evidence: [
        { id: "weak", credibility: "high" },
        { id: "mixed", credibility: "high" },
        { id: "lowRated", credibility: "medium" },
        { id: "uncited", credibility: "high" },
      ],
      citations: new Map([
        ["weak", [{ sourceId: "e" }, { sourceId: "f" }]],
        ["mixed", [{ sourceId: "e" }, { sourceId: "a" }]],
        ["lowRated", [{ sourceId: "f" }, { sourceId: "e" }]],
      ]),
      sources: [
        { id: "a", reliability: "A" },
        { id: "e", reliability: "E" },
        { id: "f", reliability: "F" },
      ],
    });
    expect(result.warnings).toEqual([
      { kind: "high_credibility_weak_sources", evidenceId: "weak", sourceIds: ["e", "f"] },
    ]);
  });

  it("warns when several rows rest on one single source, and not when a row has another", () => {
    const result = corroborate({
      evidence: [
        { id: "e1", credibility: "medium" },
        { id: "e2", credibility: "low" },
        { id: "e3", credibility: "medium" },
        { id: "e4", credibility: "medium" },
      ],
      citations: new Map([
        ["e1", [{ sourceId: "s" }]],
        ["e2", [{ sourceId: "s" }, { sourceId: "s" }]],
        ["e3", [{ sourceId: "s" }, { sourceId: "t" }]],
        ["e4", [{ sourceId: "t" }]],
      ]),
      sources: [],
    });
    expect(result.warnings).toEqual([
      { kind: "single_source_rows", sourceId: "s", evidenceIds: ["e1", "e2"] },
    ]);
  });

  it("reads the content document and never changes a credibility", () => {
    const doc = new Y.Doc();
    initContent(doc, { title: "T" }, actor);
    addSource(doc, { title: "Post", id: "s1", reliability: "F" }, actor);
    addEvidence(doc, { claim: "A", id: "e1", credibility: "high" }, actor);
    addCitation(doc, "e1", { sourceId: "s1", anchor }, actor);
    const before = Y.encodeStateAsUpdate(doc);
    expect(corroborationOf(doc).warnings).toHaveLength(1);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
