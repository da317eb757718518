/**
 * Whose ratings count in an analysis's scores: its current leads and analysts. Ratings by anyone
 * else (removed members, viewers, imported strangers) are ignored and reported as warnings. Every
 * route that scores (JSON view, versions, diffs, exports) asks here, so they all agree.
 */
import type { ScoringInputOptions } from "../../shared/scoring";
import type { AccountStore } from "../store/AccountStore";

export type MemberDirectory = Pick<AccountStore, "listMembers">;

export async function teamScoringOptions(
  members: MemberDirectory,
  analysisId: string,
): Promise<ScoringInputOptions> {
  const list = await members.listMembers(analysisId);
  // An analysis nobody is a member of yet (created before accounts) counts every rater.
  return list.length > 0 ? { analysts: list.filter((m) => m.role !== "viewer").map((m) => m.userId) } : {};
}
