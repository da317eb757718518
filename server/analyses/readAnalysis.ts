/** Query: an analysis's JSON view, read from the live documents (edits not yet compacted included). */

import type * as Y from "yjs";
import { contentDocName, leadDocName, parseDocumentName } from "../../shared/documentNames";
import { type AnalysisJson, readAnalysisJson } from "../../shared/schema/analysisJson";
import type { AnalysisDocuments } from "./AnalysisDocuments";

export async function readAnalysis(docs: AnalysisDocuments, id: string): Promise<AnalysisJson> {
  const names = await docs.listDocuments(`${id}/ratings/`);
  const [content, lead, ...ratingDocs] = await Promise.all([
    docs.readDocument(contentDocName(id)),
    docs.readDocument(leadDocName(id)),
    ...names.map((n) => docs.readDocument(n)),
  ]);
  const ratings = new Map<string, Y.Doc>();
  names.forEach((name, i) => {
    const parsed = parseDocumentName(name);
    const doc = ratingDocs[i];
    if (parsed.kind === "ratings" && doc) ratings.set(parsed.userId, doc);
  });
  try {
    return readAnalysisJson(id, { content: content as Y.Doc, lead: lead as Y.Doc, ratings });
  } finally {
    for (const d of [content, lead, ...ratingDocs]) d?.destroy();
  }
}
