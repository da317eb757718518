/**
 * The signed-in user, shared by the whole app: loaded once from `GET /api/session`, replaced on
 * login/setup, cleared on logout. Components re-render through a tiny external store.
 */
import { useCallback, useEffect, useSyncExternalStore } from "react";
import { ApiError, logout as apiLogout, getSession, type SessionState, type SessionUser } from "../lib/api";

export type SessionStatus =
  | { readonly state: "loading" }
  | { readonly state: "error"; readonly message: string }
  | { readonly state: "ready"; readonly session: SessionState };

let status: SessionStatus = { state: "loading" };
let started = false;
const listeners = new Set<() => void>();

function set(next: SessionStatus): void {
  status = next;
  for (const listener of listeners) listener();
}

async function load(): Promise<void> {
  try {
    set({ state: "ready", session: await getSession() });
  } catch (error) {
    set({
      state: "error",
      message: error instanceof ApiError ? error.message : "Could not reach the server.",
    });
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface SessionHandle {
  readonly status: SessionStatus;
  /** The user after a successful login or setup. */
  readonly signedIn: (user: SessionUser) => void;
  readonly signOut: () => Promise<void>;
  readonly reload: () => Promise<void>;
}

export function useSession(): SessionHandle {
  const current = useSyncExternalStore(subscribe, () => status);
  useEffect(() => {
    if (started) return;
    started = true;
    void load();
  }, []);
  const signedIn = useCallback((user: SessionUser) => {
    set({ state: "ready", session: { user, setupRequired: false } });
  }, []);
  const signOut = useCallback(async () => {
    try {
      await apiLogout();
    } finally {
      set({ state: "ready", session: { user: null, setupRequired: false } });
    }
  }, []);
  return { status: current, signedIn, signOut, reload: load };
}
