/**
 * Command: edit an analysis's metadata — the one rename path. Title, question and classification
 * live in the content document: they are written through its room like any edit (validated, synced
 * live, in the history), and the registry's title is derived from the document after it is
 * persisted (the app's mirror), never written here. Archiving is the registry's own flag.
 */
import { contentDocName } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import type { Actor } from "../../shared/schema/collection";
import { updateMeta } from "../../shared/schema/contentDoc";
import type { AnalysisDocuments } from "../analyses/AnalysisDocuments";
import type { AnalysisRecord, DocumentStore } from "../store/DocumentStore";

export interface AnalysisEdit {
  readonly title?: string | undefined;
  readonly question?: string | undefined;
  readonly classification?: string | undefined;
  readonly archived?: boolean | undefined;
}

export async function editAnalysis(
  target: { readonly store: DocumentStore; readonly docs: AnalysisDocuments },
  analysisId: string,
  { archived, ...meta }: AnalysisEdit,
  actor: Actor,
): Promise<AnalysisRecord> {
  const { store, docs } = target;
  if (Object.values(meta).some((value) => value !== undefined)) {
    await docs.transact(contentDocName(analysisId), (doc) => updateMeta(doc, meta), {
      userId: actor.userId,
    });
  }
  if (archived !== undefined) await store.updateAnalysis(analysisId, { archived });
  const record = await store.getAnalysis(analysisId);
  if (!record) throw new AppError("not_found", "analysis not found");
  // The mirror follows the persisted edit shortly; the answer already carries the new title.
  return meta.title === undefined ? record : { ...record, title: meta.title };
}
