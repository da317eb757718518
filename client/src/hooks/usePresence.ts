/**
 * Who else is here and which cell each has selected, from Yjs awareness; also publishes mine. The
 * colours are those of `distinctColors` for everyone present (me included), so two people here
 * together never share one; everyone computes the same from the same ids, carets included.
 */
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import type { Awareness } from "y-protocols/awareness";
import { distinctColors } from "../../../shared/accounts";
import type { Identity } from "../lib/identity";

export interface CellSelection {
  readonly evidenceId: string;
  readonly hypothesisId: string;
}

export interface PresenceUser {
  readonly clientId: number;
  readonly id: string;
  readonly name: string;
  readonly color: string;
  readonly selection: CellSelection | null;
  /** No keyboard or pointer activity for a while (or the tab is hidden). */
  readonly idle: boolean;
}

/** Inactivity after which I show as idle to others. */
export const IDLE_AFTER_MS = 60_000;

const str = (v: unknown, max: number): string | null => (typeof v === "string" ? v.slice(0, max) : null);

/** Awareness states come from other clients and may be malformed or hostile: keep only what we understand. */
export function readPresence(clientId: number, state: Record<string, unknown>): PresenceUser | null {
  const user = state.user;
  if (typeof user !== "object" || user === null) return null;
  const u = user as Record<string, unknown>;
  const id = str(u.id, 64);
  const name = str(u.name, 80);
  const color = str(u.color, 7);
  if (!id || name === null || !color || !/^#[0-9a-f]{6}$/i.test(color)) return null;
  let selection: CellSelection | null = null;
  const sel = state.selection;
  if (typeof sel === "object" && sel !== null) {
    const s = sel as Record<string, unknown>;
    const evidenceId = str(s.evidenceId, 64);
    const hypothesisId = str(s.hypothesisId, 64);
    if (evidenceId && hypothesisId) selection = { evidenceId, hypothesisId };
  }
  return { clientId, id, name, color, selection, idle: state.idle === true };
}

export interface PresenceHandle {
  /** Everyone else connected to this analysis (other tabs of mine included). */
  readonly others: readonly PresenceUser[];
  /** My colour among those present. */
  readonly myColor: string;
  readonly setSelection: (selection: CellSelection | null) => void;
}

export function usePresence(awareness: Awareness, identity: Identity): PresenceHandle {
  const cache = useRef<{ awareness: Awareness; users: readonly PresenceUser[] } | null>(null);
  const dirty = useRef(true);

  const subscribe = useCallback(
    (onChange: () => void) => {
      const handler = (): void => {
        dirty.current = true;
        onChange();
      };
      dirty.current = true;
      awareness.on("change", handler);
      return () => awareness.off("change", handler);
    },
    [awareness],
  );

  const getSnapshot = (): readonly PresenceUser[] => {
    if (!dirty.current && cache.current?.awareness === awareness) return cache.current.users;
    dirty.current = false;
    const out: PresenceUser[] = [];
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === awareness.clientID) return;
      const p = readPresence(clientId, state);
      if (p) out.push(p);
    });
    const colors = distinctColors([identity.userId, ...out.map((p) => p.id)]);
    const users = out.map((p) => ({ ...p, color: colors.get(p.id) ?? p.color }));
    cache.current = { awareness, users };
    return users;
  };

  const others = useSyncExternalStore(subscribe, getSnapshot);
  const presentIds = others.map((o) => o.id).join(" ");
  const myColor = useMemo(
    () =>
      distinctColors([identity.userId, ...presentIds.split(" ").filter(Boolean)]).get(identity.userId) ??
      identity.color,
    [identity.userId, identity.color, presentIds],
  );

  useEffect(() => {
    awareness.setLocalStateField("user", { id: identity.userId, name: identity.name, color: myColor });
  }, [awareness, identity.userId, identity.name, myColor]);

  // Idle: nothing typed, clicked or moved for IDLE_AFTER_MS, or the tab hidden.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const setIdle = (idle: boolean): void => {
      if ((awareness.getLocalState()?.idle === true) !== idle) awareness.setLocalStateField("idle", idle);
    };
    const active = (): void => {
      setIdle(document.visibilityState === "hidden");
      clearTimeout(timer);
      timer = setTimeout(() => setIdle(true), IDLE_AFTER_MS);
    };
    const events = ["keydown", "pointerdown", "pointermove", "wheel", "visibilitychange"] as const;
    for (const e of events) document.addEventListener(e, active, { passive: true });
    active();
    return () => {
      clearTimeout(timer);
      for (const e of events) document.removeEventListener(e, active);
    };
  }, [awareness]);

  const setSelection = useCallback(
    (selection: CellSelection | null) => awareness.setLocalStateField("selection", selection),
    [awareness],
  );

  return { others, myColor, setSelection };
}
