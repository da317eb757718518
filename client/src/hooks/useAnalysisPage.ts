/**
 * What every page of one analysis starts from: its documents, the members and whether I may edit.
 * Refusals of my changes are shown as notices.
 */
import type { Identity } from "../lib/identity";
import { type AnalysisDocState, useAnalysisDoc } from "./useAnalysisDoc";
import { type MembersHandle, useMembers } from "./useMembers";
import { useRefusalNotice } from "./useRefusalNotice";

export interface AnalysisPageState extends AnalysisDocState {
  readonly members: MembersHandle;
}

export function useAnalysisPage(analysisId: string, identity: Identity): AnalysisPageState {
  const state = useAnalysisDoc(analysisId, identity);
  useRefusalNotice(state.refusedChange);
  const members = useMembers(analysisId, state.accessVersion);
  // Viewers get read-only controls from the start; the server's refusal covers any other case.
  return { ...state, members, readOnly: state.readOnly || members.state?.role === "viewer" };
}
