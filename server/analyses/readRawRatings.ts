/**
 * Query: every rater's ratings exactly as stored, garbage included. The JSON view lists only valid
 * codes, but scoring must see the rest to ignore it *with a warning* (unknown codes from hostile
 * or outdated clients), so the scores section of the view is computed from these.
 */
import { parseDocumentName } from "../../shared/documentNames";
import { readRaterName, readRawRatings } from "../../shared/schema/ratingsDoc";
import type { AnalysisDocuments } from "./AnalysisDocuments";

export type RawRatings = Record<string, { readonly name: string; readonly cells: Record<string, string> }>;

/** userId → name and raw cells, for every ratings document the caller may read that holds any entry. */
export async function readRawAnalysisRatings(
  docs: AnalysisDocuments,
  analysisId: string,
): Promise<RawRatings> {
  const out: RawRatings = {};
  for (const docName of await docs.listDocuments(`${analysisId}/ratings/`)) {
    const parsed = parseDocumentName(docName);
    if (parsed.kind !== "ratings") continue;
    const doc = await docs.readDocument(docName);
    try {
      const cells = readRawRatings(doc);
      if (Object.keys(cells).length > 0) out[parsed.userId] = { name: readRaterName(doc), cells };
    } finally {
      doc.destroy();
    }
  }
  return out;
}
