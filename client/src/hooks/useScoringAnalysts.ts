/**
 * Who counts in the scores: the analysis's current leads and analysts, as the server scores it.
 * Ratings by anyone else (a former member, an imported rater without an account here) stay out of
 * the scores and show up as warnings. Asked again whenever the set of raters changes, so a member
 * invited while the page is open counts from their first rating.
 */
import { useEffect, useState } from "react";
import { getMembers } from "../lib/api";
import type { TeamRater } from "./useTeamRatings";

/** Members who rate (not viewers), or null until known (then every rater counts, as before roles). */
export function useScoringAnalysts(
  analysisId: string,
  raterIds: readonly string[],
): readonly TeamRater[] | null {
  const [analysts, setAnalysts] = useState<readonly TeamRater[] | null>(null);
  const raterKey = [...raterIds].sort().join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `raterKey` is the refetch trigger.
  useEffect(() => {
    let live = true;
    getMembers(analysisId)
      .then(({ members }) => {
        if (!live) return;
        // No members at all means a server without roles: everyone who rated counts.
        const next =
          members.length === 0
            ? null
            : members.filter((m) => m.role !== "viewer").map((m) => ({ userId: m.userId, name: m.name }));
        setAnalysts((prev) => (prev !== null && next !== null && same(prev, next) ? prev : next));
      })
      .catch(() => {
        // Keep the last known list; the next rater change asks again.
      });
    return () => {
      live = false;
    };
  }, [analysisId, raterKey]);
  return analysts;
}

function same(a: readonly TeamRater[], b: readonly TeamRater[]): boolean {
  return a.length === b.length && a.every((r, i) => r.userId === b[i]?.userId && r.name === b[i]?.name);
}
