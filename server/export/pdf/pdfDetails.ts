/** Later sections: disagreements, linchpins, milestones and the evidence list with sources and links. */
import { richDocToPlainText } from "../../../shared/schema/richText";
import { EVIDENCE_TYPE_LABELS } from "../../../shared/schema/vocabulary";
import type { ExportView } from "../exportView";
import { ACCENT, INK, MUTED, type PdfCanvas, RULE } from "./PdfCanvas";
import { sectionTitle } from "./pdfSummary";
import type { Span } from "./textLayout";

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function drawDisagreements(c: PdfCanvas, view: ExportView): void {
  sectionTitle(c, "Where analysts disagree");
  if (view.options.view !== "consensus") {
    c.paragraph([{ text: "Shown for the consensus view only.", style: "italic" }], 8.5, {
      color: MUTED,
      gapAfter: 4,
    });
    return;
  }
  if (view.disagreements.length === 0) {
    c.paragraph([{ text: "No cell shows large or extreme disagreement.", style: "italic" }], 8.5, {
      color: MUTED,
      gapAfter: 4,
    });
    return;
  }
  const shown = view.disagreements.slice(0, 40);
  for (const d of shown) {
    const ratings = Object.entries(d.ratings)
      .map(([id, code]) => `${view.analystNames[id] ?? id} ${code}`)
      .join(", ");
    c.paragraph(
      [
        { text: `${d.row.code} × ${d.column.code}  `, style: "bold" },
        {
          text: `${cap(d.level)} disagreement — `,
          style: "bold",
          color: d.level === "extreme" ? "#8b1a1a" : "#9a5b00",
        },
        { text: `${ratings}. `, style: "regular" },
        { text: clip(d.row.evidence.claim, 160), style: "italic", color: MUTED },
      ],
      8.5,
      { gapAfter: 3 },
    );
  }
  if (view.disagreements.length > shown.length) {
    c.paragraph(
      [{ text: `… and ${view.disagreements.length - shown.length} more cells.`, style: "italic" }],
      8.5,
      { color: MUTED },
    );
  }
}

export function drawLinchpins(c: PdfCanvas, view: ExportView): void {
  sectionTitle(c, "Sensitivity — linchpin evidence");
  if (view.linchpins.length === 0) {
    c.paragraph(
      [{ text: "No single row changes which hypothesis ranks first or second.", style: "italic" }],
      8.5,
      {
        color: MUTED,
        gapAfter: 4,
      },
    );
    return;
  }
  for (const l of view.linchpins) {
    c.paragraph(
      [
        { text: `${l.row.code}  `, style: "bold" },
        { text: clip(l.row.evidence.claim, 240), style: "regular" },
      ],
      8.5,
      { gapAfter: 1 },
    );
    for (const effect of l.effects)
      c.paragraph([{ text: `→ ${effect}`, style: "italic" }], 8, { x: c.left + 16, color: MUTED });
    c.y += 4;
  }
}

export function drawMilestones(c: PdfCanvas, view: ExportView): void {
  const active = view.json.milestones.filter((m) => !m.archived);
  sectionTitle(c, "Milestones — indicators to watch");
  if (active.length === 0) {
    c.paragraph([{ text: "No milestones recorded.", style: "italic" }], 8.5, { color: MUTED, gapAfter: 4 });
    return;
  }
  for (const col of view.columns) {
    const items = active.filter((m) => m.hypothesisId === col.hypothesis.id);
    if (items.length === 0) continue;
    c.ensure(30);
    c.paragraph(
      [
        { text: `${col.code}  `, style: "bold", color: ACCENT },
        { text: col.hypothesis.title, style: "bold" },
      ],
      9,
      { gapAfter: 2 },
    );
    for (const m of items)
      c.paragraph([{ text: `•  ${m.text}`, style: "regular" }], 8.5, { x: c.left + 12, gapAfter: 1 });
    c.y += 4;
  }
}

/** Every evidence row in full: claim, source, date, type, credibility, Admiralty grade, link, notes. */
export function drawEvidenceList(c: PdfCanvas, view: ExportView): void {
  sectionTitle(c, "Evidence");
  for (const row of view.rows) {
    const e = row.evidence;
    c.ensure(44);
    const top = c.y;
    const head: Span[] = [
      { text: `${row.code}  `, style: "bold", color: ACCENT },
      { text: e.claim, style: "bold" },
    ];
    if (e.archived) head.push({ text: "  (archived)", style: "italic", color: MUTED });
    c.paragraph(head, 9, { gapAfter: 2, color: INK });
    const facts = [
      EVIDENCE_TYPE_LABELS[e.type],
      e.date ? `dated ${e.date}` : "undated",
      `credibility ${e.credibility}`,
      `relevance ${e.relevance}`,
      ...(e.reliability || e.infoCredibility
        ? [`Admiralty ${e.reliability || "–"}${e.infoCredibility || "–"}`]
        : []),
      ...(row.nonDiagnostic ? ["non-diagnostic"] : []),
      ...(e.flagged ? ["flagged"] : []),
    ];
    c.paragraph([{ text: facts.join(" · "), style: "regular" }], 7.5, {
      x: c.left + 18,
      color: MUTED,
      gapAfter: 1,
    });
    if (e.source.trim() !== "") {
      c.paragraph(
        [
          { text: "Source: ", style: "bold" },
          { text: e.source, style: "regular" },
        ],
        8,
        { x: c.left + 18, gapAfter: 1 },
      );
    }
    if (e.url !== "") {
      c.paragraph(
        [
          { text: "Link: ", style: "bold" },
          { text: e.url, style: "regular", link: e.url, color: ACCENT },
        ],
        8,
        {
          x: c.left + 18,
          gapAfter: 1,
        },
      );
    }
    const notes = richDocToPlainText(e.notes);
    if (notes.trim() !== "")
      c.paragraph([{ text: notes, style: "italic" }], 8, { x: c.left + 18, color: INK, gapAfter: 1 });
    if (c.y > top) {
      c.y += 3;
      c.doc
        .save()
        .moveTo(c.left, c.y)
        .lineTo(c.right, c.y)
        .lineWidth(0.3)
        .strokeColor(RULE)
        .stroke()
        .restore();
      c.y += 5;
    }
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
