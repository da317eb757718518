/**
 * PARC ACH 2.0 `.achz` import: a gzip of an XML document (UTF-16 as PARC writes it; UTF-8 also
 * read) holding the hypotheses, the evidence (type, date, code, flag, credibility, relevance,
 * notes, link) and one rating per evidence × hypothesis. PARC never published a schema, so the
 * reader matches element and attribute names case-insensitively and accepts the field either as an
 * attribute or a child element; docs/EXPORT.md lists the mapping. Decompression is capped, so a
 * zip bomb stops at the cap instead of filling memory.
 */
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { AppError } from "../../shared/errors";
import { Limits } from "../../shared/limits";
import type { AnalysisJsonInput } from "../../shared/schema/analysisJson";
import type { EvidenceType, Level, RatingCode } from "../../shared/schema/vocabulary";
import { parseXml, type XmlElement } from "./xmlParser";

const gunzipAsync = promisify(gunzip);

export interface AchzResult {
  readonly json: AnalysisJsonInput;
  readonly warnings: readonly string[];
}

export interface AchzOptions {
  /** Largest decompressed size accepted. */
  readonly maxDecompressedBytes: number;
  /** The importer: the file's single rating row becomes this user's ratings. */
  readonly userId: string;
  readonly userName: string;
}

/** Decompress with a cap; truncated or corrupt data and bombs become 400s that say so. */
export async function gunzipCapped(bytes: Uint8Array, max: number): Promise<Buffer> {
  try {
    return await gunzipAsync(bytes, { maxOutputLength: max });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
      throw new AppError(
        "payload_too_large",
        `the file expands beyond ${Math.round(max / 1048576)} MiB when decompressed`,
        400,
      );
    }
    if (code === "Z_BUF_ERROR")
      throw new AppError("bad_request", "the .achz file is truncated (incomplete gzip data)", 400);
    throw new AppError("bad_request", "the .achz file is not valid gzip data", 400);
  }
}

/** UTF-16 (either byte order, BOM or not) or UTF-8 bytes to text. */
export function decodeXmlText(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  let encoding = "utf-8";
  if (b0 === 0xff && b1 === 0xfe) encoding = "utf-16le";
  else if (b0 === 0xfe && b1 === 0xff) encoding = "utf-16be";
  else if (b1 === 0 && b0 !== 0) encoding = "utf-16le";
  else if (b0 === 0 && b1 !== 0) encoding = "utf-16be";
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new AppError("bad_request", `the file is not valid ${encoding.toUpperCase()} text`, 400);
  }
}

const lc = (s: string): string => s.toLowerCase();

function descendants(el: XmlElement, names: readonly string[]): XmlElement[] {
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
function field(el: XmlElement, names: readonly string[]): string {
  for (const [k, v] of Object.entries(el.attrs)) if (names.includes(lc(k))) return v.trim();
  for (const c of el.children) if (names.includes(lc(c.name))) return c.text.trim();
  return "";
}

const RATINGS: Readonly<Record<string, RatingCode>> = {
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

function level(value: string): Level | null {
  const v = lc(value);
  if (v === "") return null;
  if (v.includes("high")) return "high";
  if (v.includes("low")) return "low";
  if (v.includes("medium") || v.includes("moderate")) return "medium";
  return null;
}

function evidenceType(value: string): EvidenceType {
  const v = lc(value);
  if (v.includes("assumption")) return "assumption";
  if (v.includes("absence")) return "absence_of_evidence";
  if (v.includes("imint") || v.includes("imagery") || v.includes("photo") || v.includes("video"))
    return "imagery_video";
  if (v.includes("humint") || v.includes("eyewitness") || v.includes("witness")) return "eyewitness";
  if (v.includes("official") || v.includes("statement")) return "official_statement";
  if (v.includes("media") || v.includes("press") || v.includes("osint") || v.includes("news"))
    return "media_report";
  if (v.includes("social")) return "social_media";
  if (v.includes("expert") || v.includes("analysis") || v.includes("deduction") || v.includes("argument"))
    return "expert_assessment";
  if (v.includes("precedent") || v.includes("histor")) return "historical_precedent";
  return "other";
}

function isoDate(value: string): string | null {
  if (value === "") return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
}

const clip = (s: string, max: number): string => (s.length > max ? s.slice(0, max) : s);

/** Map a PARC ACH XML document onto the JSON view. */
export function achXmlToAnalysis(
  root: XmlElement,
  opts: Pick<AchzOptions, "userId" | "userName">,
): AchzResult {
  const warnings: string[] = [];
  const hypEls = descendants(root, ["hypothesis"]);
  const evEls = descendants(root, ["evidence", "evidenceitem"]);
  if (hypEls.length === 0 && evEls.length === 0) {
    throw new AppError(
      "validation_failed",
      `not a PARC ACH file: <${root.name}> holds no <Hypothesis> or <Evidence> elements`,
      400,
    );
  }
  const hypIdByKey = new Map<string, string>();
  const hypotheses = hypEls.slice(0, Limits.maxHypotheses).map((h, i) => {
    const id = `h${i + 1}`;
    const key = field(h, ["id", "key", "guid"]);
    if (key) hypIdByKey.set(key, id);
    const title = field(h, ["name", "title", "text", "label"]) || `Hypothesis ${i + 1}`;
    return { id, title: clip(title, Limits.titleMaxLength), description: field(h, ["notes", "description"]) };
  });
  if (hypEls.length > Limits.maxHypotheses)
    warnings.push(`only the first ${Limits.maxHypotheses} hypotheses were imported`);
  const cells: Record<string, RatingCode> = {};
  let unknownRatings = 0;
  const evidence = evEls.slice(0, Limits.maxEvidence).map((e, i) => {
    const id = `e${i + 1}`;
    const row = i + 1;
    let claim = field(e, ["claim", "name", "description", "text", "title"]);
    if (claim === "") {
      claim = `Evidence ${row}`;
      warnings.push(`evidence ${row} has no text; named "${claim}"`);
    }
    if (claim.length > Limits.claimMaxLength)
      warnings.push(`evidence ${row}: text shortened to ${Limits.claimMaxLength} characters`);
    const notes: string[] = [];
    const rawNotes = field(e, ["notes", "note", "comments"]);
    if (rawNotes) notes.push(rawNotes);
    const code = field(e, ["code"]);
    const admiralty = /^([A-F])\s*([1-6])$/i.exec(code);
    if (code && !admiralty) notes.push(`PARC code: ${code}`);
    const date = isoDate(field(e, ["date", "datetime"]));
    if (date === null) {
      warnings.push(`evidence ${row}: date "${field(e, ["date", "datetime"])}" not understood; left empty`);
      notes.push(`PARC date: ${field(e, ["date", "datetime"])}`);
    }
    let url = field(e, ["link", "url", "href"]);
    if (
      url !== "" &&
      !(/^https?:\/\//i.test(url) && URL.canParse(url) && url.length <= Limits.urlMaxLength)
    ) {
      warnings.push(`evidence ${row}: link is not an http(s) URL; kept in the notes`);
      notes.push(`Link: ${url}`);
      url = "";
    }
    const typeText = field(e, ["type", "evidencetype"]);
    const type = evidenceType(typeText);
    if (typeText && type === "other") notes.push(`PARC type: ${typeText}`);
    const flag = lc(field(e, ["flag", "flagged"]));
    const ratingEls = descendants(e, ["rating", "consistency", "score", "cell"]);
    ratingEls.forEach((r, k) => {
      const ref = field(r, ["hypothesis", "hypothesisid", "ref", "hyp", "id"]);
      const hid = ref ? hypIdByKey.get(ref) : hypotheses[k]?.id;
      const raw = lc(r.attrs.value ?? r.attrs.rating ?? r.text).trim();
      if (raw === "" || !hid) return;
      const rating = RATINGS[raw];
      if (rating) cells[`${id}:${hid}`] = rating;
      else unknownRatings++;
    });
    return {
      id,
      claim: clip(claim, Limits.claimMaxLength),
      source: clip(field(e, ["source"]), Limits.sourceMaxLength),
      url,
      date: date ?? "",
      type,
      credibility: level(field(e, ["credibility"])) ?? "medium",
      relevance: level(field(e, ["relevance"])) ?? "medium",
      reliability: (admiralty?.[1]?.toUpperCase() ?? "") as "",
      infoCredibility: (admiralty?.[2] ?? "") as "",
      flagged: flag === "true" || flag === "1" || flag === "yes",
      notes: notes.join("\n"),
    };
  });
  if (evEls.length > Limits.maxEvidence)
    warnings.push(`only the first ${Limits.maxEvidence} evidence rows were imported`);
  if (unknownRatings > 0) warnings.push(`${unknownRatings} ratings with unknown codes were skipped`);
  const title = field(root, ["title", "name"]) || field(root, ["project"]) || "Imported PARC ACH matrix";
  const json: AnalysisJsonInput = {
    schemaVersion: 1,
    title: clip(title, Limits.titleMaxLength),
    question: clip(field(root, ["question", "focus", "description"]), Limits.questionMaxLength),
    hypotheses,
    evidence,
    ratings:
      Object.keys(cells).length > 0
        ? { [opts.userId]: { name: clip(opts.userName, Limits.displayNameMaxLength), cells } }
        : {},
  };
  return { json, warnings };
}

/** Read a `.achz` file end to end. */
export async function readAchz(bytes: Uint8Array, opts: AchzOptions): Promise<AchzResult> {
  const xml = decodeXmlText(await gunzipCapped(bytes, opts.maxDecompressedBytes));
  return achXmlToAnalysis(parseXml(xml), opts);
}
