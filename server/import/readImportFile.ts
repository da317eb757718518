/**
 * Command: turn an uploaded file (our JSON export, or a PARC ACH `.achz`) into a validated
 * analysis plus a preview. Nothing is stored here; the route creates the analysis atomically.
 */

import { AppError } from "../../shared/errors";
import { type ParsedAnalysisJson, parseAnalysisJson } from "../../shared/schema/analysisJson";
import { ignoredFieldsWarning } from "../../shared/schema/ignoredFields";
import { assertJsonDepth } from "../http/jsonDepth";
import { readAchz } from "./achzImport";

export type ImportFormat = "json" | "achz";

export interface ImportPreview {
  readonly format: ImportFormat;
  readonly title: string;
  readonly question: string;
  readonly hypotheses: number;
  readonly evidence: number;
  readonly analysts: number;
  readonly warnings: readonly string[];
}

export interface ImportResult {
  readonly analysis: ParsedAnalysisJson;
  readonly preview: ImportPreview;
}

export interface ImportOptions {
  readonly maxDecompressedBytes: number;
  readonly userId: string;
  readonly userName: string;
}

const GZIP_MAGIC = [0x1f, 0x8b];

function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new AppError("bad_request", "the file is neither gzip (.achz) nor UTF-8 JSON");
  }
  if (text.trim() === "") throw new AppError("bad_request", "the file is empty");
  if (/^\s*</.test(text)) {
    throw new AppError("bad_request", "this looks like plain XML: PARC ACH files must be the gzipped .achz");
  }
  assertJsonDepth(text);
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : "";
    throw new AppError("bad_request", `the file is not valid JSON${detail}`);
  }
}

/** Names shown of the attachments an export lists (the rest are counted). */
const LISTED_NAMES = 5;

/**
 * The warning for the attachments a JSON export lists: it carries their names, owners and hashes,
 * never their files, so an import cannot bring them back (they are uploaded again by hand).
 */
function attachmentsWarning(input: object): string | null {
  const listed: unknown[] =
    "attachments" in input && Array.isArray(input.attachments) ? input.attachments : [];
  if (listed.length === 0) return null;
  const names = listed.slice(0, LISTED_NAMES).map((a) => {
    const name = typeof a === "object" && a !== null && "name" in a ? a.name : null;
    return typeof name === "string" ? name.slice(0, 80) : "unnamed";
  });
  const more = listed.length > LISTED_NAMES ? ", …" : "";
  const files = listed.length === 1 ? "attached file" : "attached files";
  const verb = listed.length === 1 ? "is" : "are";
  return `${listed.length} ${files} (${names.join(", ")}${more}) ${verb} not imported: an export lists attachments but does not carry their files; upload them again to the new analysis`;
}

/** Read, convert and validate an uploaded file; throws a 400 AppError saying what is wrong. */
export async function readImportFile(bytes: Uint8Array, opts: ImportOptions): Promise<ImportResult> {
  if (bytes.length === 0) throw new AppError("bad_request", "the file is empty");
  const isGzip = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  let input: unknown;
  let warnings: readonly string[] = [];
  const format: ImportFormat = isGzip ? "achz" : "json";
  if (isGzip) {
    const achz = await readAchz(bytes, opts);
    input = achz.json;
    warnings = achz.warnings;
  } else {
    input = parseJsonBytes(bytes);
    if (typeof input !== "object" || input === null || Array.isArray(input) || !("schemaVersion" in input)) {
      throw new AppError(
        "validation_failed",
        "schemaVersion: missing — this is not an ACH Workspace JSON export",
      );
    }
    const attachments = attachmentsWarning(input);
    if (attachments !== null) warnings = [attachments];
  }
  const analysis = parseAnalysisJson(input);
  // A .achz is converted by our own reader; a JSON file's unknown fields are the user's to know about.
  const ignored = isGzip ? null : ignoredFieldsWarning(input, analysis);
  if (ignored) warnings = [...warnings, ignored];
  const active = analysis.evidence.filter((e) => !e.archived).length;
  const archivedCount = analysis.evidence.length - active;
  return {
    analysis,
    preview: {
      format,
      title: analysis.title,
      question: analysis.question,
      hypotheses: analysis.hypotheses.length,
      evidence: analysis.evidence.length,
      analysts: Object.keys(analysis.ratings).length,
      warnings:
        archivedCount > 0
          ? [...warnings, `${archivedCount} archived evidence rows come along (still archived)`]
          : warnings,
    },
  };
}
