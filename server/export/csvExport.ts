/**
 * CSV export: one row per evidence, metadata columns (the citations as `Source title: “quote”`,
 * separated by semicolons) then one column per hypothesis. RFC 4180
 * (CRLF, quoted where needed), UTF-8 with a BOM so spreadsheet apps detect the encoding, and
 * formula-injection-safe: a cell a spreadsheet would evaluate is prefixed with an apostrophe.
 */
import { richDocToPlainText } from "../../shared/schema/richText";
import { EVIDENCE_TYPE_LABELS } from "../../shared/schema/vocabulary";
import type { ExportView } from "./exportView";

export const CSV_BOM = "\uFEFF";

/**
 * Characters that make Excel, LibreOffice or Sheets treat a cell as a formula (OWASP list), their
 * full-width and small forms (which some apps fold to ASCII), and line breaks.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B]/;
/** What a spreadsheet may skip before it looks for a formula: white space, zero-width characters, BOM. */
const SKIPPED_PREFIX = /^[\s\u200B-\u200D\u2060\uFEFF]+/;

/** Drop NUL, neutralise a formula-looking value (also behind a skipped prefix), then quote it if RFC 4180 requires. */
export function csvCell(value: string): string {
  const text = value.replaceAll("\0", "");
  const formula = FORMULA_START.test(text) || FORMULA_START.test(text.replace(SKIPPED_PREFIX, ""));
  const safe = formula ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const levelLabel = (l: string): string => l.charAt(0).toUpperCase() + l.slice(1);

/** The whole CSV text, BOM included. */
export function renderCsv(view: ExportView): string {
  const header = [
    "Code",
    "Claim",
    "Source",
    "Date",
    "Type",
    "Credibility",
    "Relevance",
    "Source reliability",
    "Information credibility",
    "URL",
    "Flagged",
    "Archived",
    "Diagnosticity",
    "Notes",
    "Citations",
    ...view.columns.map((c) => `${c.code}: ${c.hypothesis.title}`),
  ];
  const lines = [header.map(csvCell).join(",")];
  const titleOf = new Map(view.json.sources.map((s) => [s.id, s.title]));
  for (const row of view.rows) {
    const e = row.evidence;
    const fields = [
      row.code,
      e.claim,
      e.source,
      e.date,
      EVIDENCE_TYPE_LABELS[e.type],
      levelLabel(e.credibility),
      levelLabel(e.relevance),
      e.reliability,
      e.infoCredibility,
      e.url,
      e.flagged ? "yes" : "no",
      e.archived ? "yes" : "no",
      row.diagnosticity === null ? "" : row.diagnosticity.toFixed(3),
      richDocToPlainText(e.notes),
      e.citations
        .map((c) => `${titleOf.get(c.sourceId) ?? c.sourceId}: \u201C${c.quote.exact}\u201D`)
        .join("; "),
      ...row.cells.map((c) => c.rating ?? ""),
    ];
    lines.push(fields.map(csvCell).join(","));
  }
  return `${CSV_BOM}${lines.join("\r\n")}\r\n`;
}
