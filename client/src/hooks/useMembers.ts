/**
 * The members of an analysis and my role in it, from the server. The role drives read-only
 * controls for viewers before they ever try to type (the server refuses their writes regardless).
 */
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { getMembers, type MemberInfo, type MembersState, queryKeys } from "../lib/api";

export interface MembersHandle {
  /** null while loading or when the server could not be asked. */
  readonly state: MembersState | null;
  /** Replace the member list after a change the panel made. */
  readonly update: (members: readonly MemberInfo[]) => void;
}

/**
 * `accessVersion` (from useAnalysisDoc) changes when the server says my access changed: it is part
 * of the query, so a new one asks again (the last answer stays shown meanwhile).
 */
export function useMembers(analysisId: string, accessVersion = 0): MembersHandle {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: [...queryKeys.members(analysisId), accessVersion],
    queryFn: () => getMembers(analysisId),
    placeholderData: keepPreviousData,
  });
  const update = useCallback(
    (members: readonly MemberInfo[]) =>
      queryClient.setQueryData<MembersState>([...queryKeys.members(analysisId), accessVersion], (prev) => {
        if (!prev) return prev;
        const me = members.find((m) => m.userId === prev.userId);
        return { ...prev, members: [...members], role: me?.role ?? prev.role };
      }),
    [queryClient, analysisId, accessVersion],
  );
  return { state: query.isError ? null : (query.data ?? null), update };
}
