/** Command: approve the current state — pin a version, then record the approval in the lead document (live for everyone). */
import { leadDocName } from "../../shared/documentNames";
import type { Actor } from "../../shared/schema/collection";
import { newId } from "../../shared/schema/ids";
import { type Approval, addApproval } from "../../shared/schema/leadDoc";
import type { AnalysisDocuments } from "../analyses/AnalysisDocuments";
import { captureVersion } from "../analyses/analysisVersions";
import type { VersionRecord, VersionStore } from "../store/VersionStore";

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
