/**
 * The matrix: coloured cells with letter codes, the header row repeated on every page, landscape
 * when the columns do not fit portrait, and columns split into parts (evidence column repeated)
 * when there are too many hypotheses for one landscape page.
 */

import { EVIDENCE_TYPE_LABELS, RATING_CODES, RATING_LABELS } from "../../../shared/schema/vocabulary";
import type { ExportColumn, ExportRow, ExportView } from "../exportView";
import { ACCENT, INK, MUTED, type Orientation, type PdfCanvas, RULE } from "./PdfCanvas";
import { RATING_PALETTE, UNRATED_SWATCH } from "./ratingPalette";
import { layoutSpans } from "./textLayout";

const MIN_COL = 44;
const MAX_COL = 86;
const PAD = 4;
const HEADER_SIZE = 7;
const CLAIM_SIZE = 7.5;
const CLAIM_LINES = 4;

export interface MatrixPlan {
  readonly orientation: Orientation;
  readonly evidenceWidth: number;
  /** Column indexes of each part. */
  readonly parts: readonly (readonly number[])[];
}

/** Page geometry is fixed by paper size, so the plan is computed before any page is drawn. */
export function planMatrix(columns: number, paper: "a4" | "letter"): MatrixPlan {
  const [w, h] = paper === "letter" ? [612, 792] : [595.28, 841.89];
  const portraitW = w - 84;
  const landscapeW = h - 84;
  const portraitEvidence = 200;
  const landscapeEvidence = 230;
  const portraitCap = Math.floor((portraitW - portraitEvidence) / MIN_COL);
  if (columns <= portraitCap) {
    return { orientation: "portrait", evidenceWidth: portraitEvidence, parts: [range(0, columns)] };
  }
  const cap = Math.floor((landscapeW - landscapeEvidence) / MIN_COL);
  const count = Math.ceil(columns / cap);
  const per = Math.ceil(columns / count);
  const parts: number[][] = [];
  for (let i = 0; i < columns; i += per) parts.push(range(i, Math.min(columns, i + per)));
  return { orientation: "landscape", evidenceWidth: landscapeEvidence, parts };
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

function drawLegend(c: PdfCanvas): void {
  let x = c.left;
  const y = c.y;
  for (const code of RATING_CODES) {
    const sw = RATING_PALETTE[code];
    c.doc.save().rect(x, y, 18, 11).fill(sw.fill).restore();
    c.drawLines(layoutSpans(c, [{ text: code, style: "bold" }], 6.5, 18, 1), x, y + 2, 6.5, {
      align: "center",
      width: 18,
      color: sw.text,
    });
    const label = RATING_LABELS[code];
    c.drawLines(layoutSpans(c, [{ text: label, style: "regular" }], 7, 120, 1), x + 21, y + 2, 7, {
      color: MUTED,
    });
    x += 24 + c.widthOf(label, "regular", 7) + 8;
  }
  const extra =
    "–  unrated      *  lead override      ◤  analysts disagree (large, or black: extreme)      ND  non-diagnostic row";
  c.drawLines(layoutSpans(c, [{ text: extra, style: "regular" }], 7, c.contentWidth), c.left, y + 15, 7, {
    color: MUTED,
  });
  c.y += 30;
}

export function drawMatrix(c: PdfCanvas, view: ExportView): void {
  const plan = planMatrix(view.columns.length, view.options.paper);
  if (view.columns.length === 0) return;
  plan.parts.forEach((part, pi) => {
    const cols = part.map((i) => view.columns[i]).filter((x): x is ExportColumn => x !== undefined);
    drawPart(c, view, plan, cols, part, pi);
  });
}

function drawPart(
  c: PdfCanvas,
  view: ExportView,
  plan: MatrixPlan,
  cols: readonly ExportColumn[],
  indexes: readonly number[],
  partIndex: number,
): void {
  const partLabel =
    plan.parts.length > 1
      ? ` — ${cols[0]?.code}–${cols.at(-1)?.code} (part ${partIndex + 1} of ${plan.parts.length})`
      : "";
  c.newPage(plan.orientation);
  const colW = Math.min(MAX_COL, (c.contentWidth - plan.evidenceWidth) / cols.length);
  // Few columns: the evidence column takes the spare width, so the table always spans the page.
  const evW = c.contentWidth - colW * cols.length;
  const tableW = c.contentWidth;
  const headerLines = cols.map((col) =>
    layoutSpans(
      c,
      [
        { text: `${col.code} `, style: "bold" },
        { text: col.hypothesis.title, style: "regular" },
      ],
      HEADER_SIZE,
      colW - 2 * PAD,
      5,
    ),
  );
  const headerH = Math.max(...headerLines.map((l) => l.length)) * c.lineHeight(HEADER_SIZE) + 2 * PAD;

  const title = (continued: boolean): void => {
    c.paragraph([{ text: `MATRIX${partLabel}${continued ? " (continued)" : ""}`, style: "bold" }], 9, {
      color: ACCENT,
      gapAfter: 1,
    });
    c.paragraph([{ text: view.viewLabel, style: "italic" }], 7.5, { color: MUTED, gapAfter: 4 });
  };
  const header = (): void => {
    const y = c.y;
    c.doc.save().rect(c.left, y, tableW, headerH).fill("#1f3a5f").restore();
    c.drawLines(
      layoutSpans(c, [{ text: "Evidence", style: "bold" }], 8, evW - 2 * PAD, 1),
      c.left + PAD,
      y + PAD,
      8,
      { color: "#ffffff" },
    );
    cols.forEach((_, i) => {
      c.drawLines(headerLines[i] ?? [], c.left + evW + i * colW + PAD, y + PAD, HEADER_SIZE, {
        width: colW - 2 * PAD,
        align: "center",
        color: "#ffffff",
      });
    });
    c.y += headerH;
  };
  c.onNewPage = () => {
    title(true);
    header();
  };
  title(false);
  drawLegend(c);
  header();

  view.rows.forEach((row, ri) => {
    drawRow(c, row, ri, cols, indexes, evW, colW, tableW);
  });
  drawTotals(c, cols, evW, colW);
  c.onNewPage = null;
}

function drawRow(
  c: PdfCanvas,
  row: ExportRow,
  ri: number,
  cols: readonly ExportColumn[],
  indexes: readonly number[],
  evW: number,
  colW: number,
  tableW: number,
): void {
  const e = row.evidence;
  const archived = e.archived;
  const claim = layoutSpans(
    c,
    [
      { text: `${row.code}  `, style: "bold" },
      { text: e.claim, style: "regular" },
    ],
    CLAIM_SIZE,
    evW - 2 * PAD,
    CLAIM_LINES,
  );
  const meta = [EVIDENCE_TYPE_LABELS[e.type], `cred ${e.credibility}`, `rel ${e.relevance}`];
  if (row.nonDiagnostic) meta.push("ND");
  if (archived) meta.push("archived");
  const metaLines = layoutSpans(c, [{ text: meta.join(" · "), style: "italic" }], 6.5, evW - 2 * PAD, 1);
  const h = Math.max(22, claim.length * c.lineHeight(CLAIM_SIZE) + c.lineHeight(6.5) + 2 * PAD);
  c.ensure(h);
  const y = c.y;
  if (ri % 2 === 1) c.doc.save().rect(c.left, y, evW, h).fill("#f6f8fa").restore();
  const textColor = archived ? MUTED : INK;
  c.drawLines(claim, c.left + PAD, y + PAD, CLAIM_SIZE, { color: textColor });
  c.drawLines(metaLines, c.left + PAD, y + PAD + claim.length * c.lineHeight(CLAIM_SIZE), 6.5, {
    color: MUTED,
  });
  cols.forEach((_, i) => {
    const cell = row.cells[indexes[i] ?? -1];
    const x = c.left + evW + i * colW;
    const sw = cell?.rating ? RATING_PALETTE[cell.rating] : UNRATED_SWATCH;
    c.doc.save();
    if (archived) c.doc.fillOpacity(0.4);
    c.doc.rect(x + 1, y + 1, colW - 2, h - 2).fill(sw.fill);
    if (cell?.rating === "NA") {
      c.doc.rect(x + 1, y + 1, colW - 2, h - 2).clip();
      for (let d = -h; d < colW; d += 8) c.doc.moveTo(x + d, y + h).lineTo(x + d + h, y);
      c.doc.lineWidth(3).strokeColor("#ececec").stroke();
    } else if (!cell?.rating) {
      c.doc
        .rect(x + 3, y + 3, colW - 6, h - 6)
        .dash(2, { space: 2 })
        .lineWidth(0.6)
        .strokeColor("#c3c8d0")
        .stroke()
        .undash();
    }
    c.doc.restore();
    const label = cell?.rating ?? "–";
    c.drawLines(layoutSpans(c, [{ text: label, style: "bold" }], 9, colW, 1), x, y + h / 2 - 6, 9, {
      align: "center",
      width: colW,
      color: sw.text,
    });
    if (cell?.overridden) {
      c.drawLines(layoutSpans(c, [{ text: "*", style: "bold" }], 9, 10, 1), x + colW - 9, y + 2, 9, {
        color: sw.text,
      });
    }
    if (cell?.disagreement === "large" || cell?.disagreement === "extreme") {
      c.doc
        .save()
        .polygon([x + 2, y + 2], [x + 9, y + 2], [x + 2, y + 9])
        .fill(cell.disagreement === "extreme" ? "#000000" : "#4d4d4d")
        .restore();
    }
  });
  c.doc
    .save()
    .moveTo(c.left, y + h)
    .lineTo(c.left + tableW, y + h)
    .lineWidth(0.3)
    .strokeColor(RULE)
    .stroke()
    .restore();
  c.y += h;
}

function drawTotals(c: PdfCanvas, cols: readonly ExportColumn[], evW: number, colW: number): void {
  const h = 30;
  c.ensure(h);
  const y = c.y;
  c.doc
    .save()
    .rect(c.left, y, evW + colW * cols.length, h)
    .fill("#e8edf3")
    .restore();
  c.drawLines(
    layoutSpans(c, [{ text: "Weighted inconsistency (rank)", style: "bold" }], 7.5, evW - 2 * PAD, 2),
    c.left + PAD,
    y + PAD + 3,
    7.5,
    {
      color: ACCENT,
    },
  );
  cols.forEach((col, i) => {
    const s = col.score;
    const text = !s ? "–" : s.rated ? `${s.weighted.toFixed(2)}\n#${s.rank}` : "not yet\nrated";
    c.drawLines(
      layoutSpans(c, [{ text, style: "bold" }], 7.5, colW, 2),
      c.left + evW + i * colW,
      y + PAD,
      7.5,
      {
        align: "center",
        width: colW,
        color: ACCENT,
      },
    );
  });
  c.y += h + 6;
}
