/** Command: create an analysis from validated JSON (blank, imported or the sample), stored as Yjs binary once. */
import * as Y from "yjs";
import {
  contentDocName,
  type DocumentKind,
  leadDocName,
  ratingsDocName,
  sourceDocName,
} from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import { allDocs, buildAnalysisDocs, type ParsedAnalysisJson } from "../../shared/schema/analysisJson";
import type { Actor } from "../../shared/schema/collection";
import { newId } from "../../shared/schema/ids";
import { type LimitViolation, validateDocument } from "../../shared/validation/validateDocument";
import type { AnalysisRecord, DocumentStore } from "../store/DocumentStore";

export interface CreateOptions {
  /** The analysis id (the sample's is fixed); a new random one by default. */
  readonly id?: string;
  /** Register `actor` as the analysis's lead in the same transaction (everything created over REST). */
  readonly creatorIsLead?: boolean;
}

export async function createAnalysis(
  store: DocumentStore,
  json: ParsedAnalysisJson,
  actor: Actor,
  { id = newId("a"), creatorIsLead = false }: CreateOptions = {},
): Promise<AnalysisRecord> {
  const docs = buildAnalysisDocs(json, actor);
  // The one validator of every write path: what import or REST built must fit the limits too.
  const each = (kind: DocumentKind, list: Iterable<Y.Doc>): LimitViolation | null => {
    for (const doc of list) {
      const found = validateDocument(kind, doc);
      if (found !== null) return found;
    }
    return null;
  };
  const found =
    validateDocument("content", docs.content) ??
    validateDocument("lead", docs.lead) ??
    each("ratings", docs.ratings.values()) ??
    each("source", docs.sources.values());
  if (found !== null) {
    for (const doc of allDocs(docs)) doc.destroy();
    throw new AppError("validation_failed", `${found.path}: ${found.message}`);
  }
  const documents = new Map<string, Uint8Array>([
    [contentDocName(id), Y.encodeStateAsUpdate(docs.content)],
    [leadDocName(id), Y.encodeStateAsUpdate(docs.lead)],
  ]);
  for (const [userId, doc] of docs.ratings)
    documents.set(ratingsDocName(id, userId), Y.encodeStateAsUpdate(doc));
  for (const [sourceId, doc] of docs.sources)
    documents.set(sourceDocName(id, sourceId), Y.encodeStateAsUpdate(doc));
  for (const doc of allDocs(docs)) doc.destroy();
  const record: AnalysisRecord = {
    id,
    title: json.title,
    createdAt: actor.now,
    updatedAt: actor.now,
    archived: false,
    createdBy: actor.userId,
  };
  const members = creatorIsLead ? [{ analysisId: id, userId: actor.userId, role: "lead" as const }] : [];
  await store.createAnalysis(record, documents, { userId: actor.userId }, members);
  return record;
}
