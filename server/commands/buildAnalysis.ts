/**
 * The pure half of creating an analysis: validated JSON becomes each document's Yjs state, checked
 * by the one validator of every write path. No store, no rooms: it runs in a worker thread for
 * imports and JSON creates (server/workers/createTasks.ts) and inline for small bodies and the seed.
 */
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
import { type LimitViolation, validateDocument } from "../../shared/validation/validateDocument";

/** Every document of a new analysis `id` holding `json`, by name; throws `validation_failed` over a limit. */
export function buildAnalysis(json: ParsedAnalysisJson, actor: Actor, id: string): Map<string, Uint8Array> {
  const docs = buildAnalysisDocs(json, actor);
  try {
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
    if (found !== null) throw new AppError("validation_failed", `${found.path}: ${found.message}`);
    const documents = new Map<string, Uint8Array>([
      [contentDocName(id), Y.encodeStateAsUpdate(docs.content)],
      [leadDocName(id), Y.encodeStateAsUpdate(docs.lead)],
    ]);
    for (const [userId, doc] of docs.ratings)
      documents.set(ratingsDocName(id, userId), Y.encodeStateAsUpdate(doc));
    for (const [sourceId, doc] of docs.sources)
      documents.set(sourceDocName(id, sourceId), Y.encodeStateAsUpdate(doc));
    return documents;
  } finally {
    for (const doc of allDocs(docs)) doc.destroy();
  }
}
