import { type AnalysisChange, type ChangeArea, diffAnalyses } from "../../shared/history/diffAnalyses";
import type { Actor } from "../../shared/schema/collection";
import { newId } from "../../shared/schema/ids";
import type { Approval } from "../../shared/schema/leadDoc";
import { analysisDocumentNames } from "../history/versions";
import type { VersionKind, VersionRecord, VersionStore } from "../store/VersionStore";
import { type AnalysisStates, statesDocuments } from "../workers/analysisStates";
import type { AnalysisDocuments } from "./AnalysisDocuments";
import { readAnalysis } from "./readAnalysis";

/** Stores the current state of every document of the analysis (content, lead, ratings, sources). */
export async function captureVersion(
  docs: AnalysisDocuments,
  versions: VersionStore,
  input: {
    analysisId: string;
    name: string;
    kind: VersionKind;
    actor: Actor;
    /** Overrides `actor.userId`; null for automatic versions nobody asked for. */
    createdBy?: string | null;
  },
): Promise<VersionRecord> {
  const { analysisId, name, kind, actor } = input;
  const names = await analysisDocumentNames(docs, analysisId);
  const documents = new Map<string, Uint8Array>();
  for (const docName of names) documents.set(docName, await docs.readState(docName));
  const record: VersionRecord = {
    id: newId("v"),
    analysisId,
    name,
    kind,
    createdBy: input.createdBy !== undefined ? input.createdBy : actor.userId,
    createdAt: actor.now,
  };
  await versions.saveVersion(record, documents);
  return record;
}

/** Most changes listed in a status answer; the count is always complete. */
export const MAX_LISTED_CHANGES = 100;

export interface ApprovalStatus {
  /** There is an approval (the latest one is `approval`). */
  readonly approved: boolean;
  readonly approval: Approval | null;
  /** Changes since the latest approval's version; null when that version is not in this store (imported). */
  readonly changesSince: number | null;
  readonly counts: Readonly<Record<ChangeArea, number>> | null;
  /** The first MAX_LISTED_CHANGES changes, for a "what changed" list. */
  readonly changes: readonly AnalysisChange[];
}

/** What `changesSince` answers; ApprovalStatuses adds the approval. */
export type ChangesSince = Pick<ApprovalStatus, "changesSince" | "counts" | "changes">;

/** The worker's half of `ApprovalStatuses.status`: the changes from the `approved` version to `now`. */
export async function changesSince(approved: AnalysisStates, now: AnalysisStates): Promise<ChangesSince> {
  const [before, after] = await Promise.all([
    readAnalysis(statesDocuments(approved), approved.analysisId),
    readAnalysis(statesDocuments(now), now.analysisId),
  ]);
  const diff = diffAnalyses(before, after);
  return {
    changesSince: diff.changes.length,
    counts: diff.counts,
    changes: diff.changes.slice(0, MAX_LISTED_CHANGES),
  };
}
