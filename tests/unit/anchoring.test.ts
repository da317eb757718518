import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { SOURCE_TEXT_PART } from "../../shared/documentNames";
import { plainTextToRichDoc, writeRichDoc } from "../../shared/schema/richText";
import {
  anchorAt,
  plainTextView,
  reanchor,
  resolveAnchor,
  type TextAnchor,
} from "../../shared/sources/anchoring";

const SEED = 20261127;

function sourceDoc(text: string, clientID?: number): Y.Doc {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  writeRichDoc(doc.getXmlFragment(SOURCE_TEXT_PART), plainTextToRichDoc(text));
  return doc;
}

const textOf = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(SOURCE_TEXT_PART);

function resolvedText(doc: Y.Doc, anchor: TextAnchor): string | null {
  const view = plainTextView(textOf(doc));
  const resolved = resolveAnchor(view, anchor);
  return resolved.range === null ? null : view.text.slice(resolved.range.start, resolved.range.end);
}

/** The XmlText of paragraph `index` (the sample texts are one run per paragraph). */
const paragraphText = (doc: Y.Doc, index: number): Y.XmlText =>
  (textOf(doc).get(index) as Y.XmlElement).get(0) as Y.XmlText;

describe("plain-text view of captured text", () => {
  it("joins textblocks with line breaks, reads list items and hard breaks, ignores formatting", () => {
    const doc = new Y.Doc();
    writeRichDoc(textOf(doc), {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Title" }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "bold", marks: [{ type: "bold" }] },
            { type: "text", text: " plain" },
            { type: "hardBreak" },
            { type: "text", text: "next" },
          ],
        },
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }] },
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "two" }] }] },
          ],
        },
        { type: "paragraph" },
        { type: "paragraph", content: [{ type: "text", text: "end" }] },
      ],
    });
    expect(plainTextView(textOf(doc)).text).toBe("Title\nbold plain\nnext\none\ntwo\n\nend");
  });

  it("anchors a passage spanning paragraphs and resolves it to the same text", () => {
    const doc = sourceDoc("First line here.\nSecond line there.\nThird.");
    const view = plainTextView(textOf(doc));
    const start = view.text.indexOf("here");
    const end = view.text.indexOf("there") + "there".length;
    const anchor = anchorAt(view, { start, end }) as TextAnchor;
    expect(anchor.exact).toBe("here.\nSecond line there");
    expect(anchor.prefix).toBe("First line ");
    expect(anchor.suffix).toBe(".\nThird.");
    expect(resolveAnchor(view, anchor)).toEqual({ status: "anchored", range: { start, end } });
  });

  it("keeps a passage that ends at a line break when the next paragraph is typed into", () => {
    const doc = sourceDoc("Alpha beta.\nGamma.");
    const view = plainTextView(textOf(doc));
    const anchor = anchorAt(view, { start: 0, end: 12 }) as TextAnchor; // "Alpha beta.\n"
    paragraphText(doc, 1).insert(0, "New ");
    paragraphText(doc, 0).insert(11, "!");
    expect(resolvedText(doc, anchor)).toBe("Alpha beta.!\n");
  });
});

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}

describe("citation anchoring under concurrent edits (property)", () => {
  const PARAGRAPHS = [
    "The ministry said the convoy was struck at dawn.",
    "Footage shows a crater.",
    "Witnesses heard two blasts near the market.",
  ];

  type Where = "before" | "inside" | "after";
  interface Edit {
    readonly replica: 0 | 1;
    readonly where: Where;
    readonly op: "insert" | "delete";
    readonly at: number;
    readonly length: number;
  }

  const editArb = (wheres: readonly Where[]): fc.Arbitrary<Edit> =>
    fc.record({
      replica: fc.constantFrom<0 | 1>(0, 1),
      where: fc.constantFrom(...wheres),
      op: fc.constantFrom<"insert" | "delete">("insert", "insert", "delete"),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 4 }),
    });

  /** What an edit types: a digit naming where it went (the sample text has no digits). */
  const MARK: Readonly<Record<Where, string>> = { before: "1", inside: "2", after: "3" };

  /**
   * Applies `edit` on its replica, positioned by that replica's own view of where the quote is
   * now (edits are local decisions). Inside edits stay strictly inside, so the quote's first and
   * last characters survive.
   */
  function apply(doc: Y.Doc, anchor: TextAnchor, edit: Edit): void {
    const view = plainTextView(textOf(doc));
    const range = resolveAnchor(view, anchor).range;
    if (range === null) throw new Error("lost");
    // Edits stay within the paragraphs' XmlTexts (the structure does not change here).
    const run = (offset: number) =>
      view.runs.find((r) => r.start <= offset && offset <= r.start + r.length) ?? view.runs[0];
    let lo: number;
    let hi: number;
    if (edit.where === "before") [lo, hi] = [0, range.start];
    else if (edit.where === "after") [lo, hi] = [range.end, view.text.length];
    else [lo, hi] = [range.start + 1, range.end - 1];
    if (hi < lo) return;
    const offset = lo + (edit.at % (hi - lo + 1));
    const target = run(offset);
    if (target === undefined) return;
    const index = offset - target.start;
    if (edit.op === "insert") {
      if (index < 0 || index > target.length) return;
      target.text.insert(index, MARK[edit.where].repeat(edit.length));
    } else {
      // Delete one character at `offset` if it is in this run and within the allowed span.
      if (offset >= hi || index >= target.length || (edit.where === "inside" && offset > range.end - 2))
        return;
      if (edit.where === "before" && offset >= range.start) return;
      target.text.delete(index, 1);
    }
  }

  /** Two replicas edit, then exchange updates in a random order (some mid-way). */
  function runScenario(
    edits: readonly Edit[],
    syncPoints: readonly boolean[],
    quoteStart: number,
    quoteLength: number,
  ) {
    const a = sourceDoc(PARAGRAPHS.join("\n"), 1);
    const b = new Y.Doc();
    b.clientID = 2;
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const view = plainTextView(textOf(a));
    const start = quoteStart % (view.text.length - 2);
    const end = Math.min(view.text.length, start + 2 + (quoteLength % 40));
    const anchor = anchorAt(view, { start, end }) as TextAnchor;
    const docs = [a, b] as const;
    const sync = () => {
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    };
    edits.forEach((edit, i) => {
      apply(docs[edit.replica], anchor, edit);
      if (syncPoints[i]) sync();
    });
    sync();
    return { a, b, anchor };
  }

  it("keeps the resolved text equal to the quote when edits fall before or after it", () => {
    fc.assert(
      fc.property(
        fc.array(editArb(["before", "after"]), { maxLength: 30 }),
        fc.array(fc.boolean(), { maxLength: 30 }),
        fc.nat(),
        fc.nat(),
        (edits, syncPoints, quoteStart, quoteLength) => {
          const { a, b, anchor } = runScenario(edits, syncPoints, quoteStart, quoteLength);
          expect(plainTextView(textOf(a)).text).toBe(plainTextView(textOf(b)).text);
          expect(resolvedText(a, anchor)).toBe(anchor.exact);
          expect(resolvedText(b, anchor)).toBe(anchor.exact);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  }, 60_000);

  it("keeps the range covering the edited quote when edits fall inside it too", () => {
    fc.assert(
      fc.property(
        fc.array(editArb(["before", "inside", "after"]), { maxLength: 30 }),
        fc.array(fc.boolean(), { maxLength: 30 }),
        fc.nat(),
        fc.nat(),
        (edits, syncPoints, quoteStart, quoteLength) => {
          const { a, b, anchor } = runScenario(edits, syncPoints, quoteStart, quoteLength);
          const inA = resolvedText(a, anchor) ?? "";
          expect(inA).toBe(resolvedText(b, anchor));
          // Every character typed inside is in the range and nothing typed before or after is.
          const typedInside = (plainTextView(textOf(a)).text.match(/2/g) ?? []).length;
          expect((inA.match(/2/g) ?? []).length).toBe(typedInside);
          expect(inA).not.toMatch(/[13]/);
          // The rest is the quote less some of its inner characters (its ends were never deleted).
          const kept = inA.replace(/2/g, "");
          expect(kept[0]).toBe(anchor.exact[0]);
          expect(kept.at(-1)).toBe(anchor.exact.at(-1));
          expect(isSubsequence(kept, anchor.exact)).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  }, 60_000);
});

describe("re-anchoring from the quote", () => {
  it("finds the passage again in a text rebuilt from plain text (an import) and anchors it there", () => {
    const original = sourceDoc("Intro.\nThe convoy was hit at 05:40 local time.\nOutro.");
    const view = plainTextView(textOf(original));
    const at = view.text.indexOf("hit at 05:40");
    const anchor = anchorAt(view, { start: at, end: at + "hit at 05:40".length }) as TextAnchor;

    const imported = sourceDoc(view.text);
    const importedView = plainTextView(textOf(imported));
    expect(resolveAnchor(importedView, anchor).status).toBe("reanchored");
    const fresh = reanchor(importedView, anchor) as TextAnchor;
    expect(fresh.exact).toBe("hit at 05:40");
    expect(resolveAnchor(importedView, fresh).status).toBe("anchored");
    // The fresh positions now follow edits in the imported text.
    paragraphText(imported, 1).insert(0, "Reportedly, ");
    expect(resolvedText(imported, fresh)).toBe("hit at 05:40");
  });

  it("re-anchors a passage whose text was deleted and pasted again", () => {
    const doc = sourceDoc("One two three four.");
    const view = plainTextView(textOf(doc));
    const anchor = anchorAt(view, { start: 4, end: 13 }) as TextAnchor; // "two three"
    const run = paragraphText(doc, 0);
    run.delete(0, run.length);
    run.insert(0, "One two three four.");
    const resolved = resolveAnchor(plainTextView(textOf(doc)), anchor);
    expect(resolved).toEqual({ status: "reanchored", range: { start: 4, end: 13 } });
  });

  it("reports a passage whose words are gone as lost", () => {
    const anchor = anchorAt(plainTextView(textOf(sourceDoc("Alpha beta gamma."))), {
      start: 6,
      end: 10,
    }) as TextAnchor;
    const other = sourceDoc("Entirely different words.");
    expect(resolveAnchor(plainTextView(textOf(other)), anchor)).toEqual({ status: "lost", range: null });
    expect(reanchor(plainTextView(textOf(other)), anchor)).toBeNull();
  });
});
