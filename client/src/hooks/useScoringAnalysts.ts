/**
 * Who counts in the scores: the analysis's current leads and analysts, as the server scores it.
 * Ratings by anyone else (a former member, an imported rater without an account here) stay out of
 * the scores and show up as warnings. Asked again whenever the set of raters changes, so a member
 * invited while the page is open counts from their first rating.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getMembers, queryKeys } from "../lib/api";
import type { TeamRater } from "./useTeamRatings";

/** Members who rate (not viewers), or null until known (then every rater counts, as before roles). */
export function useScoringAnalysts(
  analysisId: string,
  raterIds: readonly string[],
): readonly TeamRater[] | null {
  const raterKey = [...raterIds].sort().join(",");
  // On a failure the last known list stays; the next rater change asks again. The answer is
  // structurally shared, so the same analysts keep the same array and the scores are not recomputed.
  const { data } = useQuery({
    queryKey: [...queryKeys.members(analysisId), "scoring", raterKey],
    queryFn: () => getMembers(analysisId),
    placeholderData: keepPreviousData,
    // No members at all means a server without roles: everyone who rated counts.
    select: ({ members }): readonly TeamRater[] | null =>
      members.length === 0
        ? null
        : members.filter((m) => m.role !== "viewer").map((m) => ({ userId: m.userId, name: m.name })),
  });
  return data ?? null;
}
