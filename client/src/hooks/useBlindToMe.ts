/**
 * Whether blind rating hides the other analysts' ratings from me right now: the flag lives in the
 * lead document, which every member syncs, so a change reaches every open page within a round trip.
 * null while unknown: before the lead document first synced, or, while the flag is on, until my role
 * is known (only the lead sees through it). With the flag off my role does not matter, so the team's
 * ratings open as soon as the lead document holds the server's state, without waiting for the
 * members request.
 */
import { useCallback } from "react";
import type * as Y from "yjs";
import type { Role } from "../../../shared/accounts";
import { readLeadSettings, settingsMap } from "../../../shared/schema/leadDoc";
import { useYValue } from "./useYValue";

/** The rule of useBlindToMe: `blind` is the lead document's flag, worth reading once `leadSynced`. */
export function blindToMe(blind: boolean, leadSynced: boolean, role: Role | null): boolean | null {
  if (role === "lead") return false;
  if (!leadSynced) return null;
  if (!blind) return false;
  if (role === null) return null;
  return true;
}

export function useBlindToMe(lead: Y.Doc, leadSynced: boolean, role: Role | null): boolean | null {
  const blind = useYValue(
    settingsMap(lead),
    useCallback(() => readLeadSettings(lead).blind, [lead]),
  );
  return blindToMe(blind, leadSynced, role);
}
