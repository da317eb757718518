/**
 * The members of an analysis and my role in it, from the server. The role drives read-only
 * controls for viewers before they ever try to type (the server refuses their writes regardless).
 */
import { useCallback, useEffect, useState } from "react";
import { getMembers, type MemberInfo, type MembersState } from "../lib/api";

export interface MembersHandle {
  /** null while loading or when the server could not be asked. */
  readonly state: MembersState | null;
  /** Replace the member list after a change the panel made. */
  readonly update: (members: readonly MemberInfo[]) => void;
}

/** `accessVersion` (from useAnalysisDoc) changes when the server says my access changed: ask again. */
export function useMembers(analysisId: string, accessVersion = 0): MembersHandle {
  const [state, setState] = useState<MembersState | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `accessVersion` is the refetch trigger.
  useEffect(() => {
    let live = true;
    getMembers(analysisId).then(
      (loaded) => live && setState(loaded),
      () => live && setState(null),
    );
    return () => {
      live = false;
    };
  }, [analysisId, accessVersion]);
  const update = useCallback(
    (members: readonly MemberInfo[]) =>
      setState((prev) => {
        if (!prev) return prev;
        const me = members.find((m) => m.userId === prev.userId);
        return { ...prev, members: [...members], role: me?.role ?? prev.role };
      }),
    [],
  );
  return { state, update };
}
