/**
 * The analysis as the list of analyses knows it — title and my role — for pages that do not hold
 * its live documents (history, a version) and for the role-gated controls of those that do.
 * `accessVersion` changing (the server said my access changed) asks again.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Role } from "../../../shared/accounts";
import { listAnalyses, queryKeys } from "../lib/api";

export interface AnalysisSummary {
  readonly title: string;
  /** My role; "lead" on servers that predate roles. */
  readonly role: Role;
}

/** null while loading, or when I am not a member or the server cannot be asked. */
export function useAnalysisSummary(analysisId: string, accessVersion = 0): AnalysisSummary | null {
  // Unknown role (the list cannot be read): role-gated controls stay hidden; the server would refuse them anyway.
  const { data } = useQuery({
    queryKey: [...queryKeys.analyses, accessVersion],
    queryFn: listAnalyses,
    placeholderData: keepPreviousData,
  });
  const mine = data?.find((a) => a.id === analysisId);
  return mine ? { title: mine.title, role: mine.role ?? "lead" } : null;
}
