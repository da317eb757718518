/**
 * The score under a hypothesis header, in words an analyst reads at a glance ("#1 · 3.4") with a
 * tooltip that explains it: weighted inconsistency, what it sums, and the rank it gives.
 */
import type { HypothesisScore } from "../../../../shared/scoring/types";
import { Tooltip } from "../../ui/Tooltip";

export function HypothesisScoreLine({
  score,
  of,
  testId,
}: {
  readonly score: HypothesisScore | undefined;
  /** How many hypotheses are ranked. */
  readonly of: number;
  readonly testId: string;
}) {
  if (!score?.rated)
    return (
      <div className="hyp-score muted" data-testid={testId}>
        not yet rated
      </div>
    );
  const weighted = score.weighted.toFixed(1);
  return (
    <Tooltip
      side="bottom"
      content={
        <>
          <strong>
            Rank {score.rank} of {of}
          </strong>{" "}
          — fewer inconsistent ratings rank higher.
          <br />
          Weighted inconsistency {weighted}: each I counts 1 and each II counts 2, times the row's credibility
          × relevance weights ({score.inconsistency} unweighted, {score.ratedRows} rows rated).
        </>
      }
    >
      <button type="button" className="hyp-score" data-testid={testId}>
        <span className="visually-hidden">
          Rank {score.rank} of {of}, weighted inconsistency:{" "}
        </span>
        <span className="hyp-rank">#{score.rank}</span> · {weighted}
      </button>
    </Tooltip>
  );
}
