/**
 * The Sources appendix: each source with its kind, publisher, dates, links and Admiralty grade,
 * the passages the rows cite (with the rows' codes, E5, E12) and the files kept with it, each
 * named with its SHA-256 so a reader can check a copy against the original.
 */
import { SOURCE_KIND_LABELS } from "../../../shared/schema/vocabulary";
import type { ExportView } from "../exportView";
import { ACCENT, INK, MUTED, type PdfCanvas } from "./PdfCanvas";
import { sectionTitle } from "./pdfSummary";

/** Longest quote printed in full; longer passages are cut (the JSON export keeps them whole). */
const QUOTE_MAX = 600;

/** The appendix on a page of its own; an analysis without sources has none. */
export function drawSources(c: PdfCanvas, view: ExportView): void {
  if (view.sources.length === 0) return;
  c.newPage("portrait");
  sectionTitle(c, "Appendix — Sources");
  view.sources.forEach(({ source: s, passages, attachments }, i) => {
    c.ensure(50);
    c.paragraph(
      [
        { text: `S${i + 1}  `, style: "bold", color: ACCENT },
        { text: s.title, style: "bold" },
        ...(s.archived ? [{ text: "  (archived)", style: "italic" as const, color: MUTED }] : []),
      ],
      9,
      { gapAfter: 2, color: INK },
    );
    const facts = [
      SOURCE_KIND_LABELS[s.kind],
      ...(s.publisher ? [s.publisher] : []),
      s.publishedAt ? `published ${s.publishedAt}` : "publication date unknown",
      ...(s.retrievedAt ? [`retrieved ${s.retrievedAt}`] : []),
      ...(s.language ? [`language ${s.language}`] : []),
      `reliability ${s.reliability || "not graded"}`,
    ];
    const indent = { x: c.left + 18, gapAfter: 1 };
    c.paragraph([{ text: facts.join(" · "), style: "regular" }], 7.5, { ...indent, color: MUTED });
    for (const [label, url] of [
      ["Link: ", s.url],
      ["Archived copy: ", s.archiveUrl],
    ] as const) {
      if (url === "") continue;
      c.paragraph(
        [
          { text: label, style: "bold" },
          { text: url, style: "regular", link: url, color: ACCENT },
        ],
        8,
        indent,
      );
    }
    if (passages.length === 0) {
      c.paragraph([{ text: "No passage cited.", style: "italic" }], 8, { ...indent, color: MUTED });
    }
    for (const p of passages) {
      const quoted = p.exact.length > QUOTE_MAX ? `${p.exact.slice(0, QUOTE_MAX - 1)}…` : p.exact;
      c.paragraph(
        [
          { text: `${p.codes.join(", ")}  `, style: "bold", color: ACCENT },
          { text: `\u201C${quoted.replace(/\s+/g, " ")}\u201D`, style: "italic" },
        ],
        8,
        indent,
      );
    }
    for (const a of attachments) {
      c.paragraph(
        [
          { text: "Attachment: ", style: "bold" },
          { text: `${a.name} (${a.mediaType}, ${a.size} bytes) SHA-256 ${a.sha256}`, style: "regular" },
        ],
        7.5,
        indent,
      );
    }
    c.y += 5;
  });
}
