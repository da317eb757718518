/**
 * "Approved by … on …" or "Changed since approval (n changes)": the server diffs the approved
 * version against now. Refetched, debounced, whenever any of the given documents changes, so a
 * colleague's edit shows up within a second without polling; also when a document joins the list
 * (a new rater's first rating arrives before the caller hands us that rater's document).
 */
import { useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { type ApprovalStatus, fetchApprovalStatus } from "../lib/leadApi";

/** Quiet time after the last change before asking the server again. */
export const APPROVAL_REFRESH_MS = 600;

export function useApprovalStatus(
  analysisId: string,
  docs: readonly Y.Doc[],
): { status: ApprovalStatus | null; refresh: () => void } {
  const [status, setStatus] = useState<ApprovalStatus | null>(null);
  const [tick, setTick] = useState(0);
  const seen = useRef<ReadonlySet<Y.Doc> | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` forces a refetch.
  useEffect(() => {
    let live = true;
    fetchApprovalStatus(analysisId)
      .then((s) => {
        if (live) setStatus(s);
      })
      .catch(() => {
        // The badge keeps its last known state; the next change retries.
      });
    return () => {
      live = false;
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

  return { status, refresh: () => setTick((t) => t + 1) };
}
