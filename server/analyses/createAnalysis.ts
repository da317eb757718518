/** Command: create an analysis from validated JSON (blank, imported or the sample), stored as Yjs binary once. */
import * as Y from "yjs";
import { contentDocName, leadDocName, ratingsDocName } from "../../shared/documentNames";
import { buildAnalysisDocs, type ParsedAnalysisJson } from "../../shared/schema/analysisJson";
import type { Actor } from "../../shared/schema/collection";
import { newId } from "../../shared/schema/ids";
import type { AnalysisRecord, DocumentStore } from "../store/DocumentStore";

export async function createAnalysis(
  store: DocumentStore,
  json: ParsedAnalysisJson,
  actor: Actor,
  id: string = newId("a"),
): Promise<AnalysisRecord> {
  const docs = buildAnalysisDocs(json, actor);
  const documents = new Map<string, Uint8Array>([
    [contentDocName(id), Y.encodeStateAsUpdate(docs.content)],
    [leadDocName(id), Y.encodeStateAsUpdate(docs.lead)],
  ]);
  for (const [userId, doc] of docs.ratings)
    documents.set(ratingsDocName(id, userId), Y.encodeStateAsUpdate(doc));
  for (const doc of [docs.content, docs.lead, ...docs.ratings.values()]) doc.destroy();
  const record: AnalysisRecord = {
    id,
    title: json.title,
    createdAt: actor.now,
    updatedAt: actor.now,
    archived: false,
    createdBy: actor.userId,
  };
  await store.createAnalysis(record, documents, { userId: actor.userId });
  return record;
}
