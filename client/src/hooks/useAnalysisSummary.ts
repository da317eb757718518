/**
 * The analysis as the list of analyses knows it — title and my role — for pages that do not hold
 * its live documents (history, a version) and for the role-gated controls of those that do.
 * `accessVersion` changing (the server said my access changed) asks again.
 */
import { useEffect, useState } from "react";
import type { Role } from "../../../shared/accounts";
import { listAnalyses } from "../lib/api";

export interface AnalysisSummary {
  readonly title: string;
  /** My role; "lead" on servers that predate roles. */
  readonly role: Role;
}

/** null while loading, or when I am not a member or the server cannot be asked. */
export function useAnalysisSummary(analysisId: string, accessVersion = 0): AnalysisSummary | null {
  const [summary, setSummary] = useState<AnalysisSummary | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `accessVersion` is the refetch trigger.
  useEffect(() => {
    let live = true;
    listAnalyses().then(
      (list) => {
        const mine = list.find((a) => a.id === analysisId);
        if (live) setSummary(mine ? { title: mine.title, role: mine.role ?? "lead" } : null);
      },
      () => {
        // Unknown role: role-gated controls stay hidden; the server would refuse them anyway.
      },
    );
    return () => {
      live = false;
    };
  }, [analysisId, accessVersion]);
  return summary;
}
