/** Page-one sections: title block with status and approval, the ranking table and the score chart. */
import { leadingHeadline, weightLabel } from "../../../shared/scoring";
import type { ExportView } from "../exportView";
import { ACCENT, INK, MUTED, type PdfCanvas, RULE } from "./PdfCanvas";
import { layoutSpans } from "./textLayout";

const fmt = (n: number | null | undefined, digits = 2): string =>
  n === null || n === undefined ? "–" : Number.isInteger(n) ? String(n) : n.toFixed(digits);

/** "Low 1/√2, Medium 1, High √2": the weights the scores were computed with. */
const weightsLine = ({ weights }: ExportView): string =>
  `Low ${weightLabel(weights.low)}, Medium ${weightLabel(weights.medium)}, High ${weightLabel(weights.high)}`;

/** "2026-11-25 19:41 UTC" from an ISO time (exports are read in several time zones). */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The approval line exactly as printed (tests look for it). */
export function approvalLine(view: ExportView): string {
  const a = view.approval;
  if (a.kind === "none") return "Not approved";
  const who = `${a.approval.byName || a.approval.by} on ${formatUtc(a.approval.at)}`;
  return a.kind === "changed" ? `Changed since approval by ${who}` : `Approved by ${who}`;
}

export function sectionTitle(c: PdfCanvas, text: string): void {
  c.ensure(40);
  c.y += 8;
  c.paragraph([{ text: text.toUpperCase(), style: "bold" }], 9, { color: ACCENT, gapAfter: 2 });
  c.doc.save().moveTo(c.left, c.y).lineTo(c.right, c.y).lineWidth(1).strokeColor(ACCENT).stroke().restore();
  c.y += 8;
}

export function drawTitleBlock(
  c: PdfCanvas,
  view: ExportView,
  meta: { generatedAt: string; version: string },
): void {
  const { json } = view;
  c.paragraph([{ text: "ANALYSIS OF COMPETING HYPOTHESES", style: "bold" }], 8, {
    color: MUTED,
    gapAfter: 4,
  });
  c.paragraph([{ text: json.title, style: "bold" }], 20, { color: INK, gapAfter: 6 });
  if (json.question.trim() !== "")
    c.paragraph([{ text: json.question, style: "italic" }], 11, { color: INK, gapAfter: 10 });

  const status = view.approval.kind;
  const statusColor = status === "approved" ? "#1d6b3a" : status === "changed" ? "#9a5b00" : MUTED;
  const rows: [string, string, string?][] = [
    ["Status", approvalLine(view), statusColor],
    ...(view.approval.kind !== "none" && view.approval.approval.note.trim() !== ""
      ? [["Approval note", view.approval.approval.note] as [string, string]]
      : []),
    ["View", view.viewLabel],
    [
      "Matrix",
      `${view.columns.length} hypotheses × ${view.rows.filter((r) => !r.evidence.archived).length} evidence rows` +
        (view.options.includeArchived
          ? ` (+ ${view.rows.filter((r) => r.evidence.archived).length} archived shown)`
          : ""),
    ],
    ["Generated", formatUtc(meta.generatedAt)],
    ["Version", meta.version],
  ];
  const labelW = 78;
  const boxTop = c.y;
  c.y += 7;
  for (const [label, value, color] of rows) {
    const lines = layoutSpans(
      c,
      [{ text: value, style: label === "Status" ? "bold" : "regular" }],
      9,
      c.contentWidth - labelW - 20,
    );
    c.drawLines(layoutSpans(c, [{ text: label, style: "regular" }], 8, labelW), c.left + 10, c.y + 0.8, 8, {
      color: MUTED,
    });
    c.y += c.drawLines(lines, c.left + 10 + labelW, c.y, 9, color ? { color } : {}) + 2;
  }
  c.y += 5;
  c.doc
    .save()
    .rect(c.left, boxTop, c.contentWidth, c.y - boxTop)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke()
    .restore();
  c.doc
    .save()
    .rect(c.left, boxTop, 3, c.y - boxTop)
    .fill(statusColor)
    .restore();
  c.y += 6;
}

/** Ranking table: best first, with the three scores. */
export function drawRankingTable(c: PdfCanvas, view: ExportView): void {
  sectionTitle(c, "Ranking — least inconsistent first");
  const titleOf = (id: string): string => {
    const col = view.columns.find((k) => k.hypothesis.id === id);
    return col ? `${col.code} ${col.hypothesis.title}` : id;
  };
  c.paragraph([{ text: leadingHeadline(view.scoreRanking, titleOf), style: "bold" }], 9, { gapAfter: 4 });
  const cols = [
    { title: "Rank", w: 34, align: "center" as const },
    { title: "Hypothesis", w: c.contentWidth - 34 - 3 * 74, align: "left" as const },
    { title: "Inconsistency", w: 74, align: "right" as const },
    { title: "Weighted", w: 74, align: "right" as const },
    { title: "Normalized", w: 74, align: "right" as const },
  ];
  const header = (): void => {
    let x = c.left;
    c.doc.save().rect(c.left, c.y, c.contentWidth, 16).fill("#e8edf3").restore();
    for (const col of cols) {
      c.drawLines(layoutSpans(c, [{ text: col.title, style: "bold" }], 8, col.w - 8, 1), x + 4, c.y + 4, 8, {
        align: col.align,
        width: col.w - 8,
        color: ACCENT,
      });
      x += col.w;
    }
    c.y += 16;
  };
  header();
  view.ranking.forEach((col, i) => {
    const s = col.score;
    const titleLines = layoutSpans(
      c,
      [
        { text: `${col.code}  `, style: "bold" },
        { text: col.hypothesis.title, style: i === 0 ? "bold" : "regular" },
      ],
      9,
      (cols[1]?.w ?? 100) - 8,
    );
    const h = titleLines.length * c.lineHeight(9) + 8;
    if (c.ensure(h)) header();
    if (i % 2 === 1) c.doc.save().rect(c.left, c.y, c.contentWidth, h).fill("#f6f8fa").restore();
    const cells =
      s?.rated === false
        ? ["–", "", "", "not yet rated", ""]
        : [String(s?.rank ?? "–"), "", fmt(s?.inconsistency), fmt(s?.weighted), fmt(s?.normalized)];
    let x = c.left;
    cols.forEach((col, k) => {
      if (k === 1) c.drawLines(titleLines, x + 4, c.y + 4, 9, { width: col.w - 8 });
      else
        c.drawLines(
          layoutSpans(c, [{ text: cells[k] ?? "", style: k === 0 ? "bold" : "regular" }], 9, col.w - 8, 1),
          x + 4,
          c.y + 4,
          9,
          {
            align: col.align,
            width: col.w - 8,
          },
        );
      x += col.w;
    });
    c.y += h;
    c.doc.save().moveTo(c.left, c.y).lineTo(c.right, c.y).lineWidth(0.3).strokeColor(RULE).stroke().restore();
  });
  c.y += 4;
  c.paragraph(
    [
      {
        text: `Inconsistency counts I = 1, II = 2 over active rows; weighted applies credibility × relevance (${weightsLine(view)}); normalized divides by rated rows.`,
        style: "italic",
      },
    ],
    7.5,
    { color: MUTED, gapAfter: 4 },
  );
}

/** Horizontal bar chart of weighted inconsistency, vector-drawn, with gridlines and value labels. */
export function drawScoreChart(c: PdfCanvas, view: ExportView): void {
  // A hypothesis not yet rated has no bar: its 0 would read as the best score.
  const data = view.ranking.filter((r) => r.score?.rated);
  if (data.length === 0) return;
  const barH = 13;
  const gap = 5;
  const labelW = 150;
  const height = 26 + data.length * (barH + gap) + 16;
  c.ensure(height);
  c.paragraph([{ text: "Weighted inconsistency (shorter bar = more likely)", style: "bold" }], 8.5, {
    color: INK,
    gapAfter: 6,
  });
  const max = Math.max(1, ...data.map((d) => d.score?.weighted ?? 0));
  const step = niceStep(max);
  const axisMax = Math.ceil(max / step) * step;
  const x0 = c.left + labelW;
  const plotW = c.contentWidth - labelW - 40;
  const top = c.y;
  const plotH = data.length * (barH + gap);
  for (let v = 0; v <= axisMax + 1e-9; v += step) {
    const gx = x0 + (v / axisMax) * plotW;
    c.doc
      .save()
      .moveTo(gx, top - 2)
      .lineTo(gx, top + plotH)
      .lineWidth(0.3)
      .strokeColor(RULE)
      .stroke()
      .restore();
    c.drawLines(
      layoutSpans(c, [{ text: fmt(v, 1), style: "regular" }], 7, 40, 1),
      gx - 20,
      top + plotH + 3,
      7,
      {
        align: "center",
        width: 40,
        color: MUTED,
      },
    );
  }
  data.forEach((d, i) => {
    const y = top + i * (barH + gap);
    const w = ((d.score?.weighted ?? 0) / axisMax) * plotW;
    const label = layoutSpans(
      c,
      [
        { text: `${d.code}  `, style: "bold" },
        { text: d.hypothesis.title, style: "regular" },
      ],
      8,
      labelW - 10,
      1,
    );
    c.drawLines(label, c.left, y + 2.5, 8, { width: labelW - 10 });
    c.doc
      .save()
      .rect(x0, y, Math.max(w, 0.8), barH)
      .fill(i === 0 ? "#2166ac" : "#8fa8c4")
      .restore();
    c.drawLines(
      layoutSpans(c, [{ text: fmt(d.score?.weighted), style: "bold" }], 7.5, 40, 1),
      x0 + w + 4,
      y + 3,
      7.5,
      { color: INK },
    );
  });
  c.y = top + plotH + 18;
}

function niceStep(max: number): number {
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
}
