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
import type { RatingCode } from "../../shared/schema/vocabulary";
import {
  clip,
  descendants,
  field,
  importerRatings,
  importWarnings,
  isoDate,
  lc,
  level,
  RATINGS,
  rowDetails,
} from "./achzFields";
import { isParcMatrix, parcMatrixToAnalysis } from "./parcMatrix";
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
      );
    }
    if (code === "Z_BUF_ERROR")
      throw new AppError("bad_request", "the .achz file is truncated (incomplete gzip data)");
    throw new AppError("bad_request", "the .achz file is not valid gzip data");
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
    throw new AppError("bad_request", `the file is not valid ${encoding.toUpperCase()} text`);
  }
}

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
    const date = isoDate(field(e, ["date", "datetime"]));
    if (date === null) {
      warnings.push(`evidence ${row}: date "${field(e, ["date", "datetime"])}" not understood; left empty`);
      notes.push(`PARC date: ${field(e, ["date", "datetime"])}`);
    }
    const details = rowDetails(
      row,
      {
        code: field(e, ["code"]),
        link: field(e, ["link", "url", "href"]),
        type: field(e, ["type", "evidencetype"]),
      },
      notes,
      warnings,
    );
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
      ...details,
      date: date ?? "",
      credibility: level(field(e, ["credibility"])) ?? "medium",
      relevance: level(field(e, ["relevance"])) ?? "medium",
      flagged: flag === "true" || flag === "1" || flag === "yes",
      notes: notes.join("\n"),
    };
  });
  warnings.push(...importWarnings(evEls.length, unknownRatings));
  const title = field(root, ["title", "name"]) || field(root, ["project"]) || "Imported PARC ACH matrix";
  const json: AnalysisJsonInput = {
    schemaVersion: 1,
    title: clip(title, Limits.titleMaxLength),
    question: clip(field(root, ["question", "focus", "description"]), Limits.questionMaxLength),
    hypotheses,
    evidence,
    ratings: importerRatings(cells, opts),
  };
  return { json, warnings };
}

/** Read a `.achz` file end to end. */
export async function readAchz(bytes: Uint8Array, opts: AchzOptions): Promise<AchzResult> {
  const xml = decodeXmlText(await gunzipCapped(bytes, opts.maxDecompressedBytes));
  const root = parseXml(xml);
  // PARC ACH 2.0.5's own layout (PROJECT-TITLE, MATRIX, VALUES); other layouts keep the lenient reader.
  return isParcMatrix(root) ? parcMatrixToAnalysis(root, opts) : achXmlToAnalysis(root, opts);
}
