/**
 * Commands and queries over versions of an analysis: capture every document's full Yjs state at
 * one moment, read a version back as a JSON view, approve (capture + record the approval in the
 * lead document, live for everyone) and "changed since approval" (diff of that version and now).
 */
import * as Y from "yjs";
import { contentDocName, leadDocName, parseDocumentName } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import { type AnalysisChange, type ChangeArea, diffAnalyses } from "../../shared/history/diffAnalyses";
import { type AnalysisJson, readAnalysisJson } from "../../shared/schema/analysisJson";
import type { Actor } from "../../shared/schema/collection";
import { newId } from "../../shared/schema/ids";
import { type Approval, addApproval } from "../../shared/schema/leadDoc";
import type { VersionKind, VersionRecord, VersionStore } from "../store/VersionStore";
import type { AnalysisDocuments } from "./AnalysisDocuments";
import { readAnalysis } from "./readAnalysis";

/** Stores the current state of every document of the analysis (content, lead, each ratings doc). */
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
  const names = [
    contentDocName(analysisId),
    leadDocName(analysisId),
    ...(await docs.listDocuments(`${analysisId}/ratings/`)),
  ];
  const documents = new Map<string, Uint8Array>();
  for (const docName of names) {
    const doc = await docs.readDocument(docName);
    documents.set(docName, Y.encodeStateAsUpdate(doc));
    doc.destroy();
  }
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

/** The JSON view of an analysis as it was in a stored version; null when the version is unknown. */
export async function readVersionJson(
  versions: VersionStore,
  versionId: string,
): Promise<AnalysisJson | null> {
  const stored = await versions.getVersion(versionId);
  if (!stored) return null;
  const { analysisId } = stored.record;
  const open = (update: Uint8Array | undefined): Y.Doc => {
    const doc = new Y.Doc();
    if (update) Y.applyUpdate(doc, update);
    return doc;
  };
  const content = open(stored.documents.get(contentDocName(analysisId)));
  const lead = open(stored.documents.get(leadDocName(analysisId)));
  const ratings = new Map<string, Y.Doc>();
  for (const [docName, update] of stored.documents) {
    const parsed = parseDocumentName(docName);
    if (parsed.kind === "ratings") ratings.set(parsed.userId, open(update));
  }
  try {
    return readAnalysisJson(analysisId, { content, lead, ratings });
  } finally {
    for (const doc of [content, lead, ...ratings.values()]) doc.destroy();
  }
}

/** Approves the current state: pins a version, then appends the approval to the lead document. */
export async function approveAnalysis(
  docs: AnalysisDocuments,
  versions: VersionStore,
  input: { analysisId: string; actor: Actor; byName: string; note: string },
): Promise<{ approval: Approval; version: VersionRecord }> {
  const { analysisId, actor, byName, note } = input;
  const version = await captureVersion(docs, versions, {
    analysisId,
    name: `Approved by ${byName}`,
    kind: "approval",
    actor,
  });
  const approval: Approval = {
    id: newId("ap"),
    by: actor.userId,
    byName,
    at: actor.now,
    versionId: version.id,
    note,
  };
  await docs.transact(leadDocName(analysisId), (doc) => addApproval(doc, approval), {
    userId: actor.userId,
  });
  return { approval, version };
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

/** Whether the analysis moved on since its latest approval, and by how many changes. */
export async function approvalStatus(
  docs: AnalysisDocuments,
  versions: VersionStore,
  analysisId: string,
): Promise<ApprovalStatus> {
  const now = await readAnalysis(docs, analysisId);
  const approval = now.lead.approvals.at(-1) ?? null;
  if (!approval) return { approved: false, approval: null, changesSince: null, counts: null, changes: [] };
  const stored = await readVersionJson(versions, approval.versionId);
  if (!stored || stored.id !== analysisId) {
    return { approved: true, approval, changesSince: null, counts: null, changes: [] };
  }
  // Compare only ratings the caller may see now (blind rating hides others' documents from `docs`).
  const visible = new Set(
    (await docs.listDocuments(`${analysisId}/ratings/`)).flatMap((name) => {
      const parsed = parseDocumentName(name);
      return parsed.kind === "ratings" ? [parsed.userId] : [];
    }),
  );
  const then: AnalysisJson = {
    ...stored,
    ratings: Object.fromEntries(Object.entries(stored.ratings).filter(([userId]) => visible.has(userId))),
  };
  const diff = diffAnalyses(then, now);
  return {
    approved: true,
    approval,
    changesSince: diff.changes.length,
    counts: diff.counts,
    changes: diff.changes.slice(0, MAX_LISTED_CHANGES),
  };
}

/** Thrown by routes when the configured store keeps no versions. */
export const versionsUnavailable = (): AppError =>
  new AppError("store_unavailable", "this server's store does not keep versions", 503);
