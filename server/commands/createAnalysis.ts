/**
 * Command: create an analysis, stored as Yjs binary once. `storeAnalysis` stores documents built
 * elsewhere (a worker thread, see server/workers/createTasks.ts); `createAnalysis` builds them here
 * first (the seed at startup, small bodies).
 */
import type { ParsedAnalysisJson } from "../../shared/schema/analysisJson";
import type { Actor } from "../../shared/schema/collection";
import { newId } from "../../shared/schema/ids";
import type { AnalysisRecord, DocumentStore } from "../store/DocumentStore";
import { buildAnalysis } from "./buildAnalysis";

export interface CreateOptions {
  /** The analysis id (the sample's is fixed); a new random one by default. */
  readonly id?: string;
  /** Register `actor` as the analysis's lead in the same transaction (everything created over REST). */
  readonly creatorIsLead?: boolean;
}

/** Stores a new analysis `id` titled `title` from its built documents (see `buildAnalysis`). */
export async function storeAnalysis(
  store: DocumentStore,
  analysis: { readonly id: string; readonly title: string },
  documents: ReadonlyMap<string, Uint8Array>,
  actor: Actor,
  { creatorIsLead = false }: Pick<CreateOptions, "creatorIsLead"> = {},
): Promise<AnalysisRecord> {
  const { id, title } = analysis;
  const record: AnalysisRecord = {
    id,
    title,
    createdAt: actor.now,
    updatedAt: actor.now,
    archived: false,
    createdBy: actor.userId,
  };
  const members = creatorIsLead ? [{ analysisId: id, userId: actor.userId, role: "lead" as const }] : [];
  await store.createAnalysis(record, documents, { userId: actor.userId }, members);
  return record;
}

export async function createAnalysis(
  store: DocumentStore,
  json: ParsedAnalysisJson,
  actor: Actor,
  { id = newId("a"), creatorIsLead = false }: CreateOptions = {},
): Promise<AnalysisRecord> {
  const documents = buildAnalysis(json, actor, id);
  return storeAnalysis(store, { id, title: json.title }, documents, actor, { creatorIsLead });
}
