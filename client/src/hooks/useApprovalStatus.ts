/**
 * "Approved by … on …" or "Changed since approval (n changes)": the server diffs the approved
 * version against now. Refetched, debounced, whenever any of the given documents changes, so a
 * colleague's edit shows up within a second without polling; also when a document joins the list
 * (a new rater's first rating arrives before the caller hands us that rater's document).
 * A busy server (503) or a dropped connection is asked again, backing off, without any error shown.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import type * as Y from "yjs";
import type { Approval } from "../../../shared/schema/leadDoc";
import { type ApprovalStatus, fetchApprovalStatus, queryKeys, retryable } from "../lib/api";

/** Quiet time after the last change before asking the server again. */
export const APPROVAL_REFRESH_MS = 600;
/** First wait before asking again after a failure; doubles up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 15_000;

export function useApprovalStatus(
  analysisId: string,
  docs: readonly Y.Doc[],
): {
  status: ApprovalStatus | null;
  refresh: () => void;
  /** Shows a new approval at once (nothing changed since), then confirms it with the server. */
  approved: (approval: Approval) => void;
} {
  const queryClient = useQueryClient();
  // The badge keeps its last known state while asking again.
  const { data } = useQuery({
    queryKey: queryKeys.approvalStatus(analysisId),
    queryFn: () => fetchApprovalStatus(analysisId),
    retry: (_failures, error) => retryable(error),
    retryDelay: (attempt) => Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** attempt),
  });
  const seen = useRef<ReadonlySet<Y.Doc> | null>(null);

  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.approvalStatus(analysisId) }),
    [queryClient, analysisId],
  );

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onUpdate = (): void => {
      clearTimeout(timer);
      timer = setTimeout(refresh, APPROVAL_REFRESH_MS);
    };
    for (const doc of docs) doc.on("update", onUpdate);
    // The first list is covered by the initial fetch; a document added later already changed.
    if (seen.current !== null && docs.some((doc) => !seen.current?.has(doc))) onUpdate();
    seen.current = new Set(docs);
    return () => {
      clearTimeout(timer);
      for (const doc of docs) doc.off("update", onUpdate);
    };
  }, [docs, refresh]);

  const approved = useCallback(
    (approval: Approval) => {
      queryClient.setQueryData<ApprovalStatus>(queryKeys.approvalStatus(analysisId), {
        approved: true,
        approval,
        changesSince: 0,
        counts: {},
        changes: [],
      });
      refresh();
    },
    [queryClient, analysisId, refresh],
  );
  return { status: data ?? null, refresh, approved };
}
