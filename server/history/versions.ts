/**
 * Reading versions back for history: the 404 rule (unknown and other analyses' versions look the
 * same) and a version as live Y.Docs, which restore copies from. Taking a version and its JSON view
 * are in server/analyses/analysisVersions.ts. Versions are full state copies rather than gc-off
 * snapshots: see docs/HISTORY.md.
 */
import * as Y from "yjs";
import {
  contentDocName,
  leadDocName,
  parseDocumentName,
  ratingsDocPrefix,
  sourceDocPrefix,
} from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import { type AnalysisDocs, allDocs } from "../../shared/schema/analysisJson";
import { hasSource } from "../../shared/schema/sources";
import type { AnalysisDocuments } from "../analyses/AnalysisDocuments";
import type { StoredVersion, VersionStore } from "../store/VersionStore";

/**
 * Every document name of an analysis that has stored state: content, lead, each analyst's ratings
 * and the captured text of each source the content document holds (archived or not). Texts stored
 * under other names — a deleted source's (emptied once the deletion is committed), or one stored before sync refused names
 * no source has — are no part of the analysis: nothing that lists its documents (the documents
 * bundle, versions, exports, restore) reads them.
 */
export async function analysisDocumentNames(docs: AnalysisDocuments, analysisId: string): Promise<string[]> {
  const [ratings, stored] = await Promise.all([
    docs.listDocuments(ratingsDocPrefix(analysisId)),
    docs.listDocuments(sourceDocPrefix(analysisId)),
  ]);
  const sources =
    stored.length === 0
      ? []
      : await docs.inspect(contentDocName(analysisId), (content) =>
          stored.filter((name) => {
            const parsed = parseDocumentName(name);
            return parsed.kind === "source" && hasSource(content, parsed.sourceId);
          }),
        );
  return [contentDocName(analysisId), leadDocName(analysisId), ...ratings, ...sources];
}

/** The version, or 404 when it does not exist or belongs to another analysis (indistinguishable on purpose). */
export async function requireVersion(
  store: VersionStore,
  analysisId: string,
  versionId: string,
): Promise<StoredVersion> {
  const stored = /^[A-Za-z0-9_-]{1,64}$/.test(versionId) ? await store.getVersion(versionId) : null;
  if (stored === null || stored.record.analysisId !== analysisId) {
    throw new AppError("not_found", `version "${versionId.slice(0, 64)}" not found in this analysis`);
  }
  return stored;
}

/** Fresh Y.Docs holding a version's state; the caller destroys them (see `destroyDocs`). */
export function versionDocs(stored: StoredVersion): AnalysisDocs {
  const { analysisId } = stored.record;
  const load = (data: Uint8Array | undefined): Y.Doc => {
    const doc = new Y.Doc();
    if (data !== undefined) Y.applyUpdate(doc, data);
    return doc;
  };
  const ratings = new Map<string, Y.Doc>();
  const sources = new Map<string, Y.Doc>();
  for (const [name, data] of stored.documents) {
    const parsed = parseDocumentName(name);
    if (parsed.analysisId !== analysisId) continue;
    if (parsed.kind === "ratings") ratings.set(parsed.userId, load(data));
    if (parsed.kind === "source") sources.set(parsed.sourceId, load(data));
  }
  return {
    content: load(stored.documents.get(contentDocName(analysisId))),
    lead: load(stored.documents.get(leadDocName(analysisId))),
    ratings,
    sources,
  };
}

export function destroyDocs(docs: AnalysisDocs): void {
  for (const doc of allDocs(docs)) doc.destroy();
}
