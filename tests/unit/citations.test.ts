import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { SOURCE_TEXT_PART } from "../../shared/documentNames";
import { Limits } from "../../shared/limits";
import { addEvidence, evidenceMap, initContent } from "../../shared/schema/contentDoc";
import { plainTextToRichDoc, writeRichDoc } from "../../shared/schema/richText";
import { addSource, listSources, sourcesMap, updateSource } from "../../shared/schema/sources";
import { anchorAt, plainTextView, type TextAnchor } from "../../shared/sources/anchoring";
import {
  addCitation,
  citationsOfSource,
  listCitations,
  removeCitation,
} from "../../shared/sources/citations";
import {
  defineDocumentParts,
  type LimitViolation,
  validateDocument,
  validateTransaction,
} from "../../shared/validation/validateDocument";

const actor = { userId: "u1", now: "2026-01-01T00:00:00Z" };

function content(): Y.Doc {
  const doc = new Y.Doc();
  initContent(doc, { title: "Raid" }, actor);
  addEvidence(doc, { claim: "E1", id: "e1" }, actor);
  addSource(
    doc,
    { title: "Ministry statement", id: "s1", kind: "official_statement", reliability: "C" },
    actor,
  );
  return doc;
}

function passage(text: string, quote: string): TextAnchor {
  const doc = new Y.Doc();
  writeRichDoc(doc.getXmlFragment(SOURCE_TEXT_PART), plainTextToRichDoc(text));
  const view = plainTextView(doc.getXmlFragment(SOURCE_TEXT_PART));
  const at = view.text.indexOf(quote);
  return anchorAt(view, { start: at, end: at + quote.length }) as TextAnchor;
}

/** Applies `write` to a replica of `doc` in one transaction, as the sync admission step does. */
function judge(doc: Y.Doc, write: (doc: Y.Doc) => void): LimitViolation | null {
  const replica = new Y.Doc();
  defineDocumentParts("content", replica);
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  let found: LimitViolation | null = null;
  replica.transact((tr) => {
    write(replica);
    found = validateTransaction("content", replica, tr);
  });
  expect(found === null).toBe(validateDocument("content", replica) === null);
  return found;
}

describe("sources", () => {
  it("adds, reads and updates a source with validated fields", () => {
    const doc = content();
    updateSource(doc, "s1", { language: "uk", url: "https://example.org/a", publishedAt: "2024-03-02" });
    expect(listSources(doc)[0]).toMatchObject({
      id: "s1",
      title: "Ministry statement",
      kind: "official_statement",
      language: "uk",
      reliability: "C",
    });
    expect(() => updateSource(doc, "s1", { url: "javascript:alert(1)" })).toThrow(/http/);
    expect(() => updateSource(doc, "s1", { language: "not a tag" })).toThrow(/language/);
    expect(() => addSource(doc, { title: " " }, actor)).toThrow(/empty/);
  });

  it("refuses a source field written over sync that fails its schema", () => {
    const found = judge(content(), (d) => (sourcesMap(d).get("s1") as Y.Map<unknown>).set("kind", "rumour"));
    expect(found?.path).toBe("sources.s1.kind");
  });
});

describe("citations", () => {
  const anchor = passage("The ministry said the convoy was hit at dawn.", "convoy was hit at dawn");

  it("cites a passage on an evidence row and lists it by row and by source", () => {
    const doc = content();
    const id = addCitation(doc, "e1", { sourceId: "s1", anchor }, actor);
    expect(listCitations(doc, "e1")).toEqual([
      { id, evidenceId: "e1", sourceId: "s1", ...anchor, createdBy: "u1", createdAt: actor.now },
    ]);
    expect(citationsOfSource(doc, "s1").map((c) => c.id)).toEqual([id]);
    expect(validateDocument("content", doc)).toBeNull();
    removeCitation(doc, "e1", id);
    expect(listCitations(doc, "e1")).toEqual([]);
  });

  it("refuses a citation of a source the analysis does not hold, and too many citations", () => {
    const doc = content();
    expect(() => addCitation(doc, "e1", { sourceId: "nope", anchor }, actor)).toThrow(/not found/);
    for (let i = 0; i < Limits.maxCitationsPerEvidence; i++)
      addCitation(doc, "e1", { sourceId: "s1", anchor }, actor);
    expect(() => addCitation(doc, "e1", { sourceId: "s1", anchor }, actor)).toThrow(/at most/);
  });

  it("refuses over sync a citation naming no source, one missing its quote, and one nesting a type", () => {
    const doc = content();
    addCitation(doc, "e1", { sourceId: "s1", anchor, id: "c1" }, actor);
    const citations = (d: Y.Doc) =>
      (evidenceMap(d).get("e1") as Y.Map<unknown>).get("citations") as Y.Map<Y.Map<unknown>>;
    expect(judge(doc, (d) => citations(d).get("c1")?.set("sourceId", "ghost"))?.message).toMatch(/sources/);
    const bare = new Y.Map<unknown>();
    bare.set("sourceId", "s1");
    expect(judge(doc, (d) => citations(d).set("c2", bare))?.path).toBe("evidence.e1.citations.c2");
    expect(judge(doc, (d) => citations(d).get("c1")?.set("exact", new Y.Text("x")))?.message).toMatch(
      /plain/,
    );
    // A new row arriving with a citation of a missing source is refused as a whole.
    expect(
      judge(doc, (d) => {
        addEvidence(d, { claim: "E2", id: "e2" }, actor);
        const map = new Y.Map<Y.Map<unknown>>();
        (evidenceMap(d).get("e2") as Y.Map<unknown>).set("citations", map);
        const entry = new Y.Map<unknown>();
        map.set("c9", entry);
        for (const [k, v] of Object.entries({ ...anchor, sourceId: "ghost", createdBy: "u", createdAt: "t" }))
          entry.set(k, v);
      })?.path,
    ).toBe("evidence.e2.citations.c9.sourceId");
  });

  it("refuses over sync deleting a source a citation still names, and admits it with the citation", () => {
    const doc = content();
    addCitation(doc, "e1", { sourceId: "s1", anchor, id: "c1" }, actor);
    const found = judge(doc, (d) => sourcesMap(d).delete("s1"));
    expect(found?.path).toBe("sources.s1");
    expect(found?.message).toMatch(/still cited by evidence e1/);
    expect(
      judge(doc, (d) => {
        removeCitation(d, "e1", "c1");
        sourcesMap(d).delete("s1");
      }),
    ).toBeNull();
  });

  it("admits a citation of a source added in the same transaction", () => {
    const doc = content();
    expect(
      judge(doc, (d) => {
        addSource(d, { title: "Video post", id: "s2" }, actor);
        addCitation(d, "e1", { sourceId: "s2", anchor }, actor);
      }),
    ).toBeNull();
  });
});

describe("captured text documents", () => {
  it("accept rich text up to the source text limit, larger than a rich-text field's", () => {
    const doc = new Y.Doc();
    defineDocumentParts("source", doc);
    writeRichDoc(
      doc.getXmlFragment(SOURCE_TEXT_PART),
      plainTextToRichDoc("a".repeat(Limits.richTextMaxLength * 2)),
    );
    expect(validateDocument("source", doc)).toBeNull();
    writeRichDoc(
      doc.getXmlFragment(SOURCE_TEXT_PART),
      plainTextToRichDoc("a".repeat(Limits.sourceTextMaxLength + 1)),
    );
    expect(validateDocument("source", doc)?.message).toMatch(/longer than/);
    const other = new Y.Doc();
    other.getMap("other").set("x", 1);
    expect(validateDocument("source", other)?.path).toBe("other");
  });
});
