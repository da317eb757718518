/** Query: an analysis's JSON view, read from the live documents (edits not yet compacted included). */

import * as Y from "yjs";
import type { AttachmentRecord } from "../../shared/attachments";
import { contentDocName, leadDocName, parseDocumentName } from "../../shared/documentNames";
import { type AnalysisJson, readAnalysisJson } from "../../shared/schema/analysisJson";
import { readRaterName, readRawRatings } from "../../shared/schema/ratingsDoc";
import { analysisDocumentNames } from "../history/versions";
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

/** Every document of an analysis, read once: content, lead, then each ratings and source document. */
async function readDocuments(docs: AnalysisDocuments, id: string): Promise<Map<string, Y.Doc>> {
  const names = await analysisDocumentNames(docs, id);
  const read = await Promise.all(names.map((n) => docs.readDocument(n)));
  return new Map(names.map((name, i) => [name, read[i] as Y.Doc]));
}

/** The analysis's ratings documents by user id. */
function ratingsDocuments(documents: ReadonlyMap<string, Y.Doc>): Map<string, Y.Doc> {
  const ratings = new Map<string, Y.Doc>();
  for (const [name, doc] of documents) {
    const parsed = parseDocumentName(name);
    if (parsed.kind === "ratings") ratings.set(parsed.userId, doc);
  }
  return ratings;
}

/**
 * The JSON view of documents already read (by name; a missing content or lead document reads as
 * empty). Destroys nothing, so a worker may keep the documents for the next task.
 */
export function analysisOfDocuments(
  id: string,
  documents: ReadonlyMap<string, Y.Doc>,
  attachments: readonly AttachmentRecord[] = [],
): AnalysisJson {
  const sources = new Map<string, Y.Doc>();
  for (const [name, doc] of documents) {
    const parsed = parseDocumentName(name);
    if (parsed.kind === "source") sources.set(parsed.sourceId, doc);
  }
  const content = documents.get(contentDocName(id)) ?? new Y.Doc();
  const lead = documents.get(leadDocName(id)) ?? new Y.Doc();
  return readAnalysisJson(id, { content, lead, ratings: ratingsDocuments(documents), sources }, attachments);
}

/** Every rater's ratings exactly as stored (see AnalysisWithRawRatings). */
export function rawRatingsOf(documents: ReadonlyMap<string, Y.Doc>): RawRatings {
  const rawRatings: RawRatings = {};
  for (const [userId, doc] of ratingsDocuments(documents)) {
    const cells = readRawRatings(doc);
    if (Object.keys(cells).length > 0) rawRatings[userId] = { name: readRaterName(doc), cells };
  }
  return rawRatings;
}

/** The JSON view and the raw ratings, from one read of each document. */
export async function readAnalysisWithRawRatings(
  docs: AnalysisDocuments,
  id: string,
  attachments: readonly AttachmentRecord[] = [],
): Promise<AnalysisWithRawRatings> {
  const documents = await readDocuments(docs, id);
  try {
    return { json: analysisOfDocuments(id, documents, attachments), rawRatings: rawRatingsOf(documents) };
  } finally {
    for (const doc of documents.values()) doc.destroy();
  }
}

/** The JSON view; `attachments` is the attachment metadata to carry (exports pass the store's). */
export async function readAnalysis(
  docs: AnalysisDocuments,
  id: string,
  attachments: readonly AttachmentRecord[] = [],
): Promise<AnalysisJson> {
  const documents = await readDocuments(docs, id);
  try {
    return analysisOfDocuments(id, documents, attachments);
  } finally {
    for (const doc of documents.values()) doc.destroy();
  }
}
