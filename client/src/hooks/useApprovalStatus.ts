/**
 * "Approved by … on …" or "Changed since approval (n changes)": the server diffs the approved
 * version against now. Refetched, debounced, whenever any of the given documents changes, so a
 * colleague's edit shows up within a second without polling; also when a document joins the list
 * (a new rater's first rating arrives before the caller hands us that rater's document).
 * A busy server (503) or a dropped connection is asked again, backing off, without any error shown.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import type { Approval } from "../../../shared/schema/leadDoc";
import { ApiError, type ApprovalStatus, fetchApprovalStatus } from "../lib/api";

/** Quiet time after the last change before asking the server again. */
export const APPROVAL_REFRESH_MS = 600;
/** First wait before asking again after a failure; doubles up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 15_000;

/** Worth asking again: the server was busy or unreachable (not a refusal such as 403 or 404). */
function retryable(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status === 429 || error.status >= 500;
}

export function useApprovalStatus(
  analysisId: string,
  docs: readonly Y.Doc[],
): {
  status: ApprovalStatus | null;
  refresh: () => void;
  /** Shows a new approval at once (nothing changed since), then confirms it with the server. */
  approved: (approval: Approval) => void;
} {
  const [status, setStatus] = useState<ApprovalStatus | null>(null);
  const [tick, setTick] = useState(0);
  const seen = useRef<ReadonlySet<Y.Doc> | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` forces a refetch.
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = (attempt: number): void => {
      fetchApprovalStatus(analysisId).then(
        (s) => {
          if (live) setStatus(s);
        },
        (error: unknown) => {
          // The badge keeps its last known state meanwhile.
          if (!live || !retryable(error)) return;
          timer = setTimeout(() => load(attempt + 1), Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** attempt));
        },
      );
    };
    load(0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [analysisId, tick]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onUpdate = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => setTick((t) => t + 1), APPROVAL_REFRESH_MS);
    };
    for (const doc of docs) doc.on("update", onUpdate);
    // The first list is covered by the initial fetch; a document added later already changed.
    if (seen.current !== null && docs.some((doc) => !seen.current?.has(doc))) onUpdate();
    seen.current = new Set(docs);
    return () => {
      clearTimeout(timer);
      for (const doc of docs) doc.off("update", onUpdate);
    };
  }, [docs]);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  const approved = useCallback(
    (approval: Approval) => {
      setStatus({ approved: true, approval, changesSince: 0, counts: {}, changes: [] });
      refresh();
    },
    [refresh],
  );
  return { status, refresh, approved };
}
