/** Query: an analysis's JSON view, read from the live documents (edits not yet compacted included). */

import type * as Y from "yjs";
import { contentDocName, leadDocName, parseDocumentName } from "../../shared/documentNames";
import { type AnalysisJson, readAnalysisJson } from "../../shared/schema/analysisJson";
import { readRaterName, readRawRatings } from "../../shared/schema/ratingsDoc";
import type { AnalysisDocuments } from "./AnalysisDocuments";

export type RawRatings = Record<string, { readonly name: string; readonly cells: Record<string, string> }>;

export interface AnalysisWithRawRatings {
  readonly json: AnalysisJson;
  /**
   * Every rater's ratings exactly as stored, garbage included. The view lists only valid codes,
   * but scoring must see the rest to ignore it *with a warning*.
   */
  readonly rawRatings: RawRatings;
}

/** The JSON view and the raw ratings, from one read of each document. */
export async function readAnalysisWithRawRatings(
  docs: AnalysisDocuments,
  id: string,
): Promise<AnalysisWithRawRatings> {
  const names = await docs.listDocuments(`${id}/ratings/`);
  const [content, lead, ...ratingDocs] = await Promise.all([
    docs.readDocument(contentDocName(id)),
    docs.readDocument(leadDocName(id)),
    ...names.map((n) => docs.readDocument(n)),
  ]);
  const ratings = new Map<string, Y.Doc>();
  const rawRatings: RawRatings = {};
  names.forEach((name, i) => {
    const parsed = parseDocumentName(name);
    const doc = ratingDocs[i];
    if (parsed.kind !== "ratings" || !doc) return;
    ratings.set(parsed.userId, doc);
    const cells = readRawRatings(doc);
    if (Object.keys(cells).length > 0) rawRatings[parsed.userId] = { name: readRaterName(doc), cells };
  });
  try {
    return {
      json: readAnalysisJson(id, { content: content as Y.Doc, lead: lead as Y.Doc, ratings }),
      rawRatings,
    };
  } finally {
    for (const d of [content, lead, ...ratingDocs]) d?.destroy();
  }
}

export async function readAnalysis(docs: AnalysisDocuments, id: string): Promise<AnalysisJson> {
  return (await readAnalysisWithRawRatings(docs, id)).json;
}
