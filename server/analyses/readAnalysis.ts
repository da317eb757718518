/** Query: an analysis's JSON view, read from the live documents (edits not yet compacted included). */

import type * as Y from "yjs";
import type { AttachmentRecord } from "../../shared/attachments";
import {
  contentDocName,
  leadDocName,
  parseDocumentName,
  ratingsDocPrefix,
  sourceDocPrefix,
} from "../../shared/documentNames";
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
  attachments: readonly AttachmentRecord[] = [],
): Promise<AnalysisWithRawRatings> {
  const names = [
    ...(await docs.listDocuments(ratingsDocPrefix(id))),
    ...(await docs.listDocuments(sourceDocPrefix(id))),
  ];
  const [content, lead, ...others] = await Promise.all([
    docs.readDocument(contentDocName(id)),
    docs.readDocument(leadDocName(id)),
    ...names.map((n) => docs.readDocument(n)),
  ]);
  const ratings = new Map<string, Y.Doc>();
  const sources = new Map<string, Y.Doc>();
  const rawRatings: RawRatings = {};
  names.forEach((name, i) => {
    const parsed = parseDocumentName(name);
    const doc = others[i];
    if (!doc) return;
    if (parsed.kind === "source") sources.set(parsed.sourceId, doc);
    if (parsed.kind !== "ratings") return;
    ratings.set(parsed.userId, doc);
    const cells = readRawRatings(doc);
    if (Object.keys(cells).length > 0) rawRatings[parsed.userId] = { name: readRaterName(doc), cells };
  });
  try {
    return {
      json: readAnalysisJson(
        id,
        { content: content as Y.Doc, lead: lead as Y.Doc, ratings, sources },
        attachments,
      ),
      rawRatings,
    };
  } finally {
    for (const d of [content, lead, ...others]) d?.destroy();
  }
}

/** The JSON view; `attachments` is the attachment metadata to carry (exports pass the store's). */
export async function readAnalysis(
  docs: AnalysisDocuments,
  id: string,
  attachments: readonly AttachmentRecord[] = [],
): Promise<AnalysisJson> {
  return (await readAnalysisWithRawRatings(docs, id, attachments)).json;
}
