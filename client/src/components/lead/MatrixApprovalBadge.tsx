/** The approval badge for the matrix header: refreshed whenever the content or lead document changes. */
import { useMemo } from "react";
import type * as Y from "yjs";
import { useApprovalStatus } from "../../hooks/useApprovalStatus";
import { ApprovalBadge } from "./ApprovalBadge";

export function MatrixApprovalBadge({
  analysisId,
  docs,
}: {
  readonly analysisId: string;
  readonly docs: { readonly content: Y.Doc; readonly lead: Y.Doc; readonly ratings: Y.Doc };
}) {
  const watched = useMemo(
    () => [docs.content, docs.lead, docs.ratings],
    [docs.content, docs.lead, docs.ratings],
  );
  const { status } = useApprovalStatus(analysisId, watched);
  return <ApprovalBadge status={status} />;
}
