/**
 * Whether blind rating hides the other analysts' ratings from me right now: the flag lives in the
 * lead document, which every member syncs, so a change reaches every open page within a round trip.
 * null while unknown: before the lead document first synced, or while my role is loading.
 */
import { useCallback } from "react";
import type * as Y from "yjs";
import type { Role } from "../../../shared/accounts";
import { readLeadSettings, settingsMap } from "../../../shared/schema/leadDoc";
import { useYValue } from "./useYValue";

export function useBlindToMe(lead: Y.Doc, leadSynced: boolean, role: Role | null): boolean | null {
  const blind = useYValue(
    settingsMap(lead),
    useCallback(() => readLeadSettings(lead).blind, [lead]),
  );
  if (role === "lead") return false;
  if (!leadSynced || role === null) return null;
  return blind;
}
