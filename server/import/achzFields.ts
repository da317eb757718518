/**
 * Field readers shared by the two `.achz` layouts: names matched case-insensitively, a field as an
 * attribute or a child element, and the mapping of PARC's words (levels, evidence types, rating
 * codes) onto ours.
 */
import { Limits } from "../../shared/limits";
import type { EvidenceType, Level, RatingCode } from "../../shared/schema/vocabulary";
import type { XmlElement } from "./xmlParser";

export const lc = (s: string): string => s.toLowerCase();

export function descendants(el: XmlElement, names: readonly string[]): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      // A container named like its items (<Evidence><Evidence/>…</Evidence>) is walked, not taken.
      const isContainer = c.children.some((k) => names.includes(lc(k.name)));
      if (names.includes(lc(c.name)) && !isContainer) out.push(c);
      else walk(c);
    }
  };
  walk(el);
  return out;
}

/** A field given as an attribute or as a child element's text. */
export function field(el: XmlElement, names: readonly string[]): string {
  for (const [k, v] of Object.entries(el.attrs)) if (names.includes(lc(k))) return v.trim();
  for (const c of el.children) if (names.includes(lc(c.name))) return c.text.trim();
  return "";
}

export const RATINGS: Readonly<Record<string, RatingCode>> = {
  cc: "CC",
  "++": "CC",
  "very consistent": "CC",
  c: "C",
  "+": "C",
  consistent: "C",
  n: "N",
  neutral: "N",
  i: "I",
  "-": "I",
  inconsistent: "I",
  ii: "II",
  "--": "II",
  "very inconsistent": "II",
  na: "NA",
  "n/a": "NA",
  "not applicable": "NA",
};

export function level(value: string): Level | null {
  const v = lc(value);
  if (v === "") return null;
  if (v.includes("high")) return "high";
  if (v.includes("low")) return "low";
  if (v.includes("medium") || v.includes("moderate")) return "medium";
  return null;
}

export function evidenceType(value: string): EvidenceType {
  const v = lc(value);
  if (v.startsWith("assu")) return "assumption";
  if (v.includes("absence")) return "absence_of_evidence";
  if (v.includes("imint") || v.includes("imagery") || v.includes("photo") || v.includes("video"))
    return "imagery_video";
  if (v.startsWith("hum") || v.includes("eyewitness") || v.includes("witness")) return "eyewitness";
  if (v.includes("official") || v.includes("statement")) return "official_statement";
  if (
    v.includes("media") ||
    v.includes("press") ||
    v.includes("osint") ||
    v.includes("open source") ||
    v.includes("news")
  )
    return "media_report";
  if (v.includes("social")) return "social_media";
  if (v.includes("expert") || v.includes("analysis") || v.includes("deduction") || v.includes("argument"))
    return "expert_assessment";
  if (v.includes("precedent") || v.includes("histor")) return "historical_precedent";
  return "other";
}

export function isoDate(value: string): string | null {
  if (value === "") return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
}

export const clip = (s: string, max: number): string => (s.length > max ? s.slice(0, max) : s);

/** The parts of a row both layouts read the same way: PARC code, link and type, with notes for what does not map. */
export function rowDetails(
  row: number,
  raw: { readonly code: string; readonly link: string; readonly type: string },
  notes: string[],
  warnings: string[],
) {
  const admiralty = /^([A-F])\s*([1-6])$/i.exec(raw.code);
  if (raw.code && !admiralty) notes.push(`PARC code: ${raw.code}`);
  let url = raw.link;
  if (url !== "" && !(/^https?:\/\//i.test(url) && URL.canParse(url) && url.length <= Limits.urlMaxLength)) {
    warnings.push(`evidence ${row}: link is not an http(s) URL; kept in the notes`);
    notes.push(`Link: ${url}`);
    url = "";
  }
  const type = evidenceType(raw.type);
  if (raw.type && type === "other") notes.push(`PARC type: ${raw.type}`);
  return {
    url,
    type,
    reliability: (admiralty?.[1]?.toUpperCase() ?? "") as "",
    infoCredibility: (admiralty?.[2] ?? "") as "",
  };
}

/** The importer's own ratings document, when the file rated anything. */
export function importerRatings(
  cells: Readonly<Record<string, RatingCode>>,
  importer: { readonly userId: string; readonly userName: string },
): Record<string, { name: string; cells: Readonly<Record<string, RatingCode>> }> {
  return Object.keys(cells).length > 0
    ? { [importer.userId]: { name: clip(importer.userName, Limits.displayNameMaxLength), cells } }
    : {};
}

/** What an import left out, in words for the preview. */
export function importWarnings(evidenceRows: number, unknownRatings: number): string[] {
  const warnings: string[] = [];
  if (evidenceRows > Limits.maxEvidence)
    warnings.push(`only the first ${Limits.maxEvidence} evidence rows were imported`);
  if (unknownRatings > 0) warnings.push(`${unknownRatings} ratings with unknown codes were skipped`);
  return warnings;
}
