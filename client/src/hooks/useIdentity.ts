/** The local identity kept in localStorage, shared by every tab of this browser profile. */
import { useCallback, useMemo, useSyncExternalStore } from "react";
import { IDENTITY_KEY, type Identity, parseIdentity, withName } from "../lib/identity";

const CHANGE = "ach:identity";

function subscribe(onChange: () => void): () => void {
  const onStorage = (e: StorageEvent): void => {
    if (e.key === IDENTITY_KEY) onChange();
  };
  window.addEventListener("storage", onStorage);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener("storage", onStorage);
    window.removeEventListener(CHANGE, onChange);
  };
}

const read = (): string | null => window.localStorage.getItem(IDENTITY_KEY);

export interface IdentityHandle {
  readonly identity: Identity | null;
  /** Create the identity, or rename it; throws a ZodError for an invalid name. */
  readonly setName: (name: string) => void;
}

export function useIdentity(): IdentityHandle {
  const raw = useSyncExternalStore(subscribe, read);
  const identity = useMemo(() => parseIdentity(raw), [raw]);
  const setName = useCallback((name: string) => {
    const next = withName(parseIdentity(read()), name);
    window.localStorage.setItem(IDENTITY_KEY, JSON.stringify(next));
    window.dispatchEvent(new Event(CHANGE));
  }, []);
  return { identity, setName };
}
