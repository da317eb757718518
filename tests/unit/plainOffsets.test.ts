import { getSchema } from "@tiptap/core";
import { StarterKit } from "@tiptap/starter-kit";
import { yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { plainIndex, plainToPm, pmToPlain } from "../../client/src/editor/plainOffsets";
import { type RichNode, writeRichDoc } from "../../shared/schema/richText";
import { plainTextView } from "../../shared/sources/anchoring";

const schema = getSchema([StarterKit]);
const text = (t: string): RichNode => ({ type: "text", text: t });
const para = (...content: RichNode[]): RichNode => ({ type: "paragraph", content });

/** The same rich text as a Y fragment (what anchoring reads) and as the editor's document. */
function both(content: RichNode[]) {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment("text");
  doc.transact(() => writeRichDoc(fragment, { type: "doc", content }));
  return { fragment, pm: yXmlFragmentToProseMirrorRootNode(fragment, schema) };
}

describe("plain offsets in the captured-text editor", () => {
  const { fragment, pm } = both([
    { type: "heading", attrs: { level: 2 }, content: [text("Statement")] },
    para(text("The convoy "), { type: "text", text: "left", marks: [{ type: "bold" }] }, text(" at dawn.")),
    para(),
    {
      type: "bulletList",
      content: [
        { type: "listItem", content: [para(text("first point"))] },
        { type: "listItem", content: [para(text("second"), { type: "hardBreak" }, text("line"))] },
      ],
    },
    { type: "horizontalRule" },
    { type: "blockquote", content: [para(text("quoted words"))] },
  ]);
  const view = plainTextView(fragment);
  const index = plainIndex(pm);

  it("reads the same lines as the shared plain-text view of the fragment", () => {
    const lines = index.pmStarts.map((pmStart, i) =>
      pm.textBetween(pmStart, pmStart + (index.lengths[i] as number), "\n", "\n"),
    );
    expect(lines.join("\n")).toBe(view.text);
    expect(index.plainStarts.map((s, i) => view.text.slice(s, s + (index.lengths[i] as number)))).toEqual(
      lines,
    );
  });

  it("maps every plain offset to the editor position of the same character and back", () => {
    for (let offset = 0; offset <= view.text.length; offset++) {
      const pos = plainToPm(index, offset) as number;
      expect(pmToPlain(index, pos)).toBe(offset);
      const char = view.text[offset];
      if (char !== undefined && char !== "\n") expect(pm.textBetween(pos, pos + 1)).toBe(char);
    }
  });

  it("counts a position between blocks as the nearest line end", () => {
    const afterHeading = (index.pmStarts[0] as number) + (index.lengths[0] as number) + 1;
    expect(pmToPlain(index, afterHeading)).toBe("Statement".length);
  });

  it("answers null in an empty document", () => {
    const empty = plainIndex(both([]).pm);
    expect(plainToPm(empty, 0)).toBeNull();
    expect(pmToPlain(empty, 0)).toBeNull();
  });
});
