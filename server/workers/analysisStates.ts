/**
 * What the main thread hands a worker about an analysis: each document's state as one Yjs update,
 * gathered without building a Y.Doc here (see AnalysisDocuments.readState). Blind rating applies
 * here: `docs` lists and reads only the documents the caller may see.
 */
import * as Y from "yjs";
import { ratingsDocName } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import { type AnalysisDocuments, inspectCopy } from "../analyses/AnalysisDocuments";
import { analysisDocumentNames, requireVersion } from "../history/versions";
import type { StoredVersion, VersionStore } from "../store/VersionStore";

/** An analysis's documents, each as the Yjs updates that make its state (one for a version). */
export interface AnalysisStates {
  readonly analysisId: string;
  readonly documents: readonly (readonly [name: string, updates: readonly Uint8Array[]])[];
  /** Set for a stored version: its documents never change, so what is read from them may be kept. */
  readonly versionId?: string;
}

/** The live analysis: content, lead and every ratings document `docs` lists. */
export async function liveStates(docs: AnalysisDocuments, analysisId: string): Promise<AnalysisStates> {
  const names = await analysisDocumentNames(docs, analysisId);
  const documents = await Promise.all(
    names.map(async (name) => [name, await docs.readUpdates(name)] as const),
  );
  return { analysisId, documents };
}

/**
 * A version's documents as the caller may see them: ratings only of the analysts whose ratings
 * documents `visibleDocs` lists for the caller now (blind rating applies to the past too).
 */
export async function visibleVersionStates(
  store: VersionStore,
  visibleDocs: AnalysisDocuments,
  analysisId: string,
  versionId: string,
): Promise<AnalysisStates> {
  const stored = await requireVersion(store, analysisId, versionId);
  return versionStates(stored, new Set(await visibleDocs.listDocuments(`${analysisId}/ratings/`)));
}

/**
 * A stored version, keeping only the ratings documents `visible` names (blind rating applies to
 * the past too); null keeps them all.
 */
export function versionStates(stored: StoredVersion, visible: ReadonlySet<string> | null): AnalysisStates {
  const prefix = `${stored.record.analysisId}/ratings/`;
  const documents = [...stored.documents]
    .filter(([name]) => visible === null || !name.startsWith(prefix) || visible.has(name))
    .map(([name, state]) => [name, [state]] as const);
  return { analysisId: stored.record.analysisId, documents, versionId: stored.record.id };
}

/** `states` with no ratings document but `userId`'s. */
export function onlyRatingsOf(states: AnalysisStates, userId: string): AnalysisStates {
  const prefix = `${states.analysisId}/ratings/`;
  return {
    ...states,
    documents: states.documents.filter(
      ([name]) => !name.startsWith(prefix) || name === ratingsDocName(states.analysisId, userId),
    ),
  };
}

/** Read-only AnalysisDocuments over transferred states, so the readers run unchanged in a worker. */
export function statesDocuments({ documents }: AnalysisStates): AnalysisDocuments {
  const byName = new Map(documents);
  const readDocument = async (name: string): Promise<Y.Doc> => {
    const doc = new Y.Doc();
    // One transaction per update, as a room loads them (deep deletions replay slice by slice).
    for (const update of byName.get(name) ?? []) Y.applyUpdate(doc, update);
    return doc;
  };
  return {
    readDocument,
    inspect: (name, read) => inspectCopy(readDocument, name, read),
    readState: async (name) => {
      const updates = byName.get(name) ?? [];
      return updates.length === 1 && updates[0] ? updates[0] : Y.mergeUpdates([...updates]);
    },
    readUpdates: async (name) => byName.get(name) ?? [],
    transact: async () => {
      throw new AppError("internal", "documents in a worker are read-only");
    },
    // They are the stored states themselves: nothing to catch up with.
    catchUp: async () => true,
    listDocuments: async (prefix) =>
      documents.map(([name]) => name).filter((name) => name.startsWith(prefix) && byName.has(name)),
  };
}
