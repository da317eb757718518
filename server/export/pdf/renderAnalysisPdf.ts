/**
 * The PDF briefing product, a function of (analysis, scores, options): summary and ranking first
 * (bottom line up front), then the conclusion, the matrix, disagreements and linchpins, milestones
 * and the full evidence list, then the Sources appendix. Output streams to `out` page by page.
 */
import type { Writable } from "node:stream";
import type { ExportView } from "../exportView";
import { PdfCanvas } from "./PdfCanvas";
import { drawDisagreements, drawEvidenceList, drawLinchpins, drawMilestones } from "./pdfDetails";
import { drawMatrix } from "./pdfMatrix";
import { drawRichText } from "./pdfRichText";
import { drawSources } from "./pdfSources";
import { drawRankingTable, drawScoreChart, drawTitleBlock, formatUtc, sectionTitle } from "./pdfSummary";

export interface PdfMeta {
  /** ISO time printed as the generation time. */
  readonly generatedAt: string;
  /** Version label printed in the header block. */
  readonly version: string;
}

/** Render the PDF into `out`; resolves with the page count once the last byte is written. */
export function renderAnalysisPdf(view: ExportView, meta: PdfMeta, out: Writable): Promise<number> {
  const c = new PdfCanvas({
    paper: view.options.paper,
    title: view.json.title,
    classification: view.json.classification,
    generatedAt: formatUtc(meta.generatedAt),
  });
  const done = new Promise<number>((resolve, reject) => {
    out.on("finish", () => resolve(c.pages));
    out.on("error", reject);
    c.doc.on("error", reject);
  });
  c.doc.pipe(out);
  try {
    c.newPage("portrait");
    drawTitleBlock(c, view, meta);
    drawRankingTable(c, view);
    drawScoreChart(c, view);
    const conclusion = view.json.lead.conclusion;
    sectionTitle(c, "Conclusion");
    if ((conclusion.content ?? []).length === 0) {
      c.paragraph([{ text: "No conclusion written yet.", style: "italic" }], 9, { gapAfter: 4 });
    } else drawRichText(c, conclusion);
    drawMatrix(c, view);
    c.newPage("portrait");
    drawDisagreements(c, view);
    drawLinchpins(c, view);
    drawMilestones(c, view);
    drawEvidenceList(c, view);
    drawSources(c, view);
    c.finish();
  } catch (error) {
    c.doc.end();
    return Promise.reject(error);
  }
  return done;
}
