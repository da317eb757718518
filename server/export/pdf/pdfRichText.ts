/** Rich text (ProseMirror-style JSON from Tiptap) drawn as headings, paragraphs, lists, quotes and links. */
import { Limits } from "../../../shared/limits";
import type { RichMark, RichNode } from "../../../shared/schema/richText";
import { ACCENT, MUTED, type PdfCanvas, RULE } from "./PdfCanvas";
import type { FontStyle } from "./pdfFonts";
import type { Span } from "./textLayout";

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

function styleOf(marks: readonly RichMark[] | undefined): { style: FontStyle; link?: string } {
  const types = new Set((marks ?? []).map((m) => m.type));
  const bold = types.has("bold") || types.has("strong");
  const italic = types.has("italic") || types.has("em");
  const href = (marks ?? []).find((m) => m.type === "link")?.attrs?.href;
  const style: FontStyle = bold && italic ? "boldItalic" : bold ? "bold" : italic ? "italic" : "regular";
  return typeof href === "string" && SAFE_LINK.test(href) ? { style, link: href } : { style };
}

/** Inline content of a block as spans; a hard break becomes a newline. Nothing below the depth limit. */
function inlineSpans(node: RichNode, force?: FontStyle, depth = 0): Span[] {
  const out: Span[] = [];
  if (depth > Limits.richTextMaxDepth) return out;
  for (const child of node.content ?? []) {
    if (child.type === "text" && child.text) {
      const s = styleOf(child.marks);
      const style = force
        ? s.style === "italic" || s.style === "boldItalic"
          ? "boldItalic"
          : force
        : s.style;
      out.push({ text: child.text, style, ...(s.link ? { link: s.link, color: ACCENT } : {}) });
    } else if (child.type === "hardBreak") out.push({ text: "\n", style: "regular" });
    else out.push(...inlineSpans(child, force, depth + 1));
  }
  return out;
}

const HEADING_SIZES: Readonly<Record<number, number>> = { 1: 14, 2: 12.5, 3: 11 };

/** Draw a rich document at the cursor, flowing across pages; `x`/`width` set the column. */
export function drawRichText(c: PdfCanvas, doc: RichNode, x = c.left, width = c.contentWidth): void {
  const size = 9.5;
  // Depth-bounded like every rich-text reader: content nested beyond the limit is not drawn.
  const block = (node: RichNode, indent: number, depth: number): void => {
    if (depth > Limits.richTextMaxDepth) return;
    // Deep nesting stops indenting at half the column, so text always has room.
    const shift = Math.min(indent, width / 2);
    const bx = x + shift;
    const bw = width - shift;
    switch (node.type) {
      case "heading": {
        const level = Number(node.attrs?.level ?? 2);
        const hs = HEADING_SIZES[level] ?? 10.5;
        c.ensure(c.lineHeight(hs) * 2);
        c.y += 4;
        c.paragraph(inlineSpans(node, "bold"), hs, { x: bx, width: bw, color: ACCENT, gapAfter: 3 });
        return;
      }
      case "paragraph":
        c.paragraph(inlineSpans(node), size, { x: bx, width: bw, gapAfter: 5 });
        return;
      case "bulletList":
      case "orderedList": {
        const start = Number(node.attrs?.start ?? 1);
        (node.content ?? []).forEach((item, i) => {
          const marker = node.type === "bulletList" ? "•" : `${start + i}.`;
          c.ensure(c.lineHeight(size));
          c.doc.font("regular").fontSize(size).fillColor(MUTED);
          c.doc.text(marker, bx + 2, c.y, { lineBreak: false });
          for (const child of item.content ?? []) block(child, indent + 16, depth + 2);
        });
        c.y += 2;
        return;
      }
      case "blockquote": {
        const startY = c.y;
        for (const child of node.content ?? []) block(child, indent + 12, depth + 1);
        c.doc
          .save()
          .moveTo(bx + 3, startY)
          .lineTo(bx + 3, Math.max(startY, c.y - 5))
          .lineWidth(2)
          .strokeColor(RULE)
          .stroke()
          .restore();
        return;
      }
      case "codeBlock":
        c.paragraph(inlineSpans(node), size - 1, { x: bx + 6, width: bw - 6, color: MUTED, gapAfter: 5 });
        return;
      case "horizontalRule":
        c.ensure(10);
        c.doc
          .save()
          .moveTo(bx, c.y + 4)
          .lineTo(bx + bw, c.y + 4)
          .lineWidth(0.5)
          .strokeColor(RULE)
          .stroke()
          .restore();
        c.y += 10;
        return;
      default:
        if (node.content?.some((n) => n.type === "text"))
          c.paragraph(inlineSpans(node), size, { x: bx, width: bw, gapAfter: 5 });
        else for (const child of node.content ?? []) block(child, indent, depth + 1);
    }
  };
  for (const node of doc.content ?? []) block(node, 0, 1);
}
