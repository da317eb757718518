/**
 * The signed-in user, shared by the whole app: loaded once from `GET /api/session` (cached by
 * TanStack Query), replaced on login/setup, cleared on logout. Whatever the cache held for the
 * previous user is dropped when the user changes.
 */
import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { logout as apiLogout, getSession, queryKeys, type SessionState, type SessionUser } from "../lib/api";

export type SessionStatus =
  | { readonly state: "loading" }
  | { readonly state: "error"; readonly message: string }
  | { readonly state: "ready"; readonly session: SessionState };

export interface SessionHandle {
  readonly status: SessionStatus;
  /** The user after a successful login or setup. */
  readonly signedIn: (user: SessionUser) => void;
  readonly signOut: () => Promise<void>;
  readonly reload: () => Promise<void>;
}

/** Another user's server state must never show, even for the moment a refetch takes. */
function switchUser(queryClient: QueryClient, user: SessionUser | null): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.session[0] });
  queryClient.setQueryData<SessionState>(queryKeys.session, { user, setupRequired: false });
}

export function useSession(): SessionHandle {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.session,
    queryFn: getSession,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const status: SessionStatus = query.isSuccess
    ? { state: "ready", session: query.data }
    : query.isError
      ? { state: "error", message: query.error.message }
      : { state: "loading" };
  const signedIn = useCallback((user: SessionUser) => switchUser(queryClient, user), [queryClient]);
  const signOut = useCallback(async () => {
    try {
      await apiLogout();
    } finally {
      switchUser(queryClient, null);
    }
  }, [queryClient]);
  const reload = useCallback(async () => {
    await query.refetch();
  }, [query.refetch]);
  return { status, signedIn, signOut, reload };
}
