import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { z } from "zod";
import type { DocumentKind } from "../../shared/documentNames";
import { Limits } from "../../shared/limits";
import {
  addEvidence,
  addHypothesis,
  descriptionFragment,
  evidenceMap,
  hypothesesMap,
  initContent,
  metaMap,
} from "../../shared/schema/contentDoc";
import { approvalsArray, overridesMap, settingsMap } from "../../shared/schema/leadDoc";
import { ratingsMap } from "../../shared/schema/ratingsDoc";
import { plainTextToRichDoc, writeRichDoc } from "../../shared/schema/richText";
import { check } from "../../shared/validation/documentRules";
import { jsonTextTooDeep, measureValue } from "../../shared/validation/measure";
import { checkRichDoc } from "../../shared/validation/richTextLimits";
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
  addHypothesis(doc, { title: "H1", id: "h1" }, actor);
  addEvidence(doc, { claim: "E1", id: "e1" }, actor);
  return doc;
}

/** Applies `write` to a replica of `doc` in one transaction and validates what it touched. */
function judge(kind: DocumentKind, doc: Y.Doc, write: (doc: Y.Doc) => void): LimitViolation | null {
  const replica = new Y.Doc();
  defineDocumentParts(kind, replica);
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  let found: LimitViolation | null = null;
  replica.transact((tr) => {
    write(replica);
    found = validateTransaction(kind, replica, tr);
  });
  // The incremental verdict agrees with a check of the whole result.
  expect(found === null).toBe(validateDocument(kind, replica) === null);
  return found;
}

/** Nests `depth` paragraphs inside each other without recursion. */
function nest(fragment: Y.XmlFragment, depth: number): void {
  let parent: Y.XmlFragment | Y.XmlElement = fragment;
  for (let i = 0; i < depth; i++) {
    const child = new Y.XmlElement("blockquote");
    parent.insert(0, [child]);
    parent = child;
  }
}

describe("the document validator", () => {
  it("accepts documents built through the schema accessors", () => {
    const doc = content();
    writeRichDoc(descriptionFragment(doc), plainTextToRichDoc("line one\nline two"));
    expect(validateDocument("content", doc)).toBeNull();
    expect(judge("content", doc, (d) => addEvidence(d, { claim: "E2" }, actor))).toBeNull();
  });

  it("refuses a title over the limit and names the field", () => {
    const found = judge("content", content(), (d) => metaMap(d).set("title", "x".repeat(5_000_000)));
    expect(found?.path).toBe("meta.title");
  });

  it("refuses an evidence field over its limit, on an existing row and on a new one", () => {
    const doc = content();
    const long = "s".repeat(Limits.sourceMaxLength + 1);
    expect(
      judge("content", doc, (d) => (evidenceMap(d).get("e1") as Y.Map<unknown>).set("source", long))?.path,
    ).toBe("evidence.e1.source");
    const fresh = judge("content", doc, (d) => {
      const item = new Y.Map<unknown>();
      evidenceMap(d).set("e2", item);
      item.set("claim", "ok");
      item.set("credibility", "enormous");
    });
    expect(fresh?.path).toBe("evidence.e2.credibility");
  });

  it("refuses more hypotheses than the limit, as the accessor does", () => {
    const doc = content();
    const found = judge("content", doc, (d) => {
      for (let i = 0; i < Limits.maxHypotheses; i++) {
        const item = new Y.Map<unknown>();
        hypothesesMap(d).set(`x${i}`, item);
        item.set("title", `H${i}`);
      }
    });
    expect(found).toEqual({ path: "hypotheses", message: `more than ${Limits.maxHypotheses} entries` });
    for (let i = 1; i < Limits.maxHypotheses; i++) addHypothesis(doc, { title: `H${i}` }, actor);
    expect(() => addHypothesis(doc, { title: "one too many" }, actor)).toThrow(/at most 100 hypotheses/);
  });

  it("counts only live entries against a limit, however many keys were deleted before", () => {
    const doc = content();
    const add = (d: Y.Doc, id: string) => {
      const item = new Y.Map<unknown>();
      hypothesesMap(d).set(id, item);
      item.set("title", id);
    };
    // More keys than the limit were ever set, but fewer remain.
    for (let i = 0; i < Limits.maxHypotheses; i++) add(doc, `old${i}`);
    for (let i = 0; i < Limits.maxHypotheses; i++) hypothesesMap(doc).delete(`old${i}`);
    expect(judge("content", doc, (d) => add(d, "fresh"))).toBeNull();
    for (let i = 2; i <= Limits.maxHypotheses; i++) add(doc, `h${i}`);
    expect(hypothesesMap(doc).size).toBe(Limits.maxHypotheses);
    expect(judge("content", doc, (d) => add(d, "one-too-many"))).toEqual({
      path: "hypotheses",
      message: `more than ${Limits.maxHypotheses} entries`,
    });
  });

  it("refuses rich text nested 10 000 levels deep, inside an existing field", () => {
    const doc = content();
    const found = judge("content", doc, (d) => nest(descriptionFragment(d), 10_000));
    expect(found?.message).toMatch(/nested deeper/);
    const notes = judge("content", doc, (d) => {
      const fragment = (evidenceMap(d).get("e1") as Y.Map<unknown>).get("notes") as Y.XmlFragment;
      nest(fragment, Limits.richTextMaxDepth + 1);
    });
    expect(notes?.path).toBe("evidence.e1.notes");
  });

  it("refuses rich text longer than the limit and accepts it at the limit's depth", () => {
    const doc = content();
    expect(judge("content", doc, (d) => nest(descriptionFragment(d), Limits.richTextMaxDepth))).toBeNull();
    const found = judge("content", doc, (d) =>
      writeRichDoc(descriptionFragment(d), plainTextToRichDoc("y".repeat(Limits.richTextMaxLength + 1))),
    );
    expect(found?.message).toMatch(/longer than/);
  });

  it("refuses Yjs types, unknown parts and large unknown fields where plain values belong", () => {
    const doc = content();
    expect(judge("content", doc, (d) => metaMap(d).set("title", new Y.Map()))?.message).toBe(
      "must be a plain value",
    );
    expect(judge("content", doc, (d) => d.getMap("other").set("x", 1))?.message).toBe(
      "unknown part of the document",
    );
    expect(judge("content", doc, (d) => metaMap(d).set("extra", "z".repeat(5_000)))?.path).toBe("meta.extra");
    expect(judge("content", doc, (d) => metaMap(d).set("note", "small"))).toBeNull();
  });

  it("refuses invalid rating codes and malformed cell keys in a ratings document", () => {
    const doc = new Y.Doc();
    expect(judge("ratings", doc, (d) => ratingsMap(d).set("e1:h1", "CC"))).toBeNull();
    expect(judge("ratings", doc, (d) => ratingsMap(d).set("e1:h1", "ZZ"))?.path).toBe("ratings.e1:h1");
    expect(judge("ratings", doc, (d) => ratingsMap(d).set("no key", "CC"))?.message).toBe("invalid key");
  });

  it("refuses oversized or malformed lead-document fields", () => {
    const doc = new Y.Doc();
    const weights = { low: 1, medium: 1, high: 1 };
    expect(judge("lead", doc, (d) => settingsMap(d).set("weights", weights))).toBeNull();
    expect(
      judge("lead", doc, (d) => settingsMap(d).set("weights", { ...weights, junk: "x" })),
    ).not.toBeNull();
    const override = {
      rating: "CC",
      reason: "r".repeat(Limits.overrideReasonMaxLength + 1),
      by: "u",
      at: "t",
    };
    expect(judge("lead", doc, (d) => overridesMap(d).set("e1:h1", override))?.path).toBe("overrides.e1:h1");
    const approval = { id: "a", by: "u", byName: "U", at: "t", versionId: "v", note: "n".repeat(10_000) };
    expect(judge("lead", doc, (d) => approvalsArray(d).push([approval]))?.path).toBe("approvals.0");
  });

  it("measures values and raw JSON text without recursing", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(measureValue(deep, 8, 1_000)).toBe("too_deep");
    expect(measureValue({ a: "x".repeat(20) }, 8, 10)).toBe("too_large");
    expect(measureValue({ a: [1, "two"] }, 8, 100)).toBeNull();
    expect(jsonTextTooDeep(`${"[".repeat(100_000)}${"]".repeat(100_000)}`, Limits.jsonMaxDepth)).toBe(true);
    expect(jsonTextTooDeep(`{"a":"${"[".repeat(1_000)}"}`, 3)).toBe(false);
    let node = { type: "paragraph" } as { type: string; content?: unknown[] };
    for (let i = 0; i < 10_000; i++) node = { type: "blockquote", content: [node] };
    expect(checkRichDoc({ type: "doc", content: [node] } as never)).toMatch(/nested deeper/);
  });
});

describe("refusal wording", () => {
  it("names the field and the limit in plain words, never zod's own wording", () => {
    const title = check(z.object({ title: z.string().max(300) }).strict());
    expect(title({ title: "x".repeat(301) })).toBe("title: can be at most 300 characters");
  });
});
