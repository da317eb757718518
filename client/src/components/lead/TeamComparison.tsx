/**
 * Each analyst's own ranking beside the consensus, and how much of the matrix each has rated. While
 * ratings are blind to me (`blindExcept` is my id) the others' ratings and so the consensus are
 * hidden, not missing: say so instead of "has not rated yet".
 */
import type { ScoreReport } from "../../../../shared/scoring/types";
import type { TeamRater } from "../../hooks/useTeamRatings";
import { titleOf } from "./scoreFormat";

export function TeamComparison({
  report,
  raters,
  titles,
  blindExcept = null,
}: {
  readonly report: ScoreReport;
  readonly raters: readonly TeamRater[];
  readonly titles: ReadonlyMap<string, string>;
  readonly blindExcept?: string | null;
}) {
  const hidden = (userId: string | null): boolean => blindExcept !== null && userId !== blindExcept;
  const hiddenNote = <span className="muted">Hidden while ratings are blind</span>;
  const names = new Map(raters.map((r) => [r.userId, r.name]));
  const consensusTop = report.ranking[0] ?? null;
  if (report.analysts.length === 0) return <p className="muted">Nobody has rated yet.</p>;
  return (
    <div className="two-col">
      <table className="lead-table" data-testid="analyst-rankings">
        <caption>Each analyst's ranking (their ratings alone)</caption>
        <thead>
          <tr>
            <th scope="col">Analyst</th>
            <th scope="col">Ranking, most likely first</th>
          </tr>
        </thead>
        <tbody>
          <tr className="is-consensus">
            <th scope="row">Consensus</th>
            <td>{hidden(null) ? hiddenNote : report.ranking.map((id) => titleOf(titles, id)).join(" › ")}</td>
          </tr>
          {report.analysts.map((a) => (
            <tr key={a.userId}>
              <th scope="row">{names.get(a.userId) ?? a.userId}</th>
              <td>
                {hidden(a.userId) ? (
                  hiddenNote
                ) : a.ratedCells === 0 ? (
                  <span className="muted">Has not rated yet</span>
                ) : (
                  a.ranking.map((id) => titleOf(titles, id)).join(" › ")
                )}
                {a.ranking[0] !== consensusTop && a.ratedCells > 0 && !hidden(a.userId) && (
                  <span className="tag">differs at the top</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="progress-title">
        <h3 id="progress-title">Unrated cells by analyst</h3>
        <ul className="progress-list" data-testid="rating-progress">
          {report.analysts.map((a) => (
            <li key={a.userId}>
              <span>{names.get(a.userId) ?? a.userId}</span>
              {hidden(a.userId) ? (
                hiddenNote
              ) : (
                <>
                  <progress
                    max={Math.max(a.totalCells, 1)}
                    value={a.ratedCells}
                    aria-label={`${names.get(a.userId) ?? a.userId} progress`}
                  />
                  <span className="muted">
                    {a.unratedCells} of {a.totalCells} unrated
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
