/** The ranking: every score type per hypothesis, best first, optionally beside a what-if ranking. */
import type { HypothesisScore } from "../../../../shared/scoring/types";
import { Clamped } from "../Clamped";
import { fmt } from "./scoreFormat";

export function RankingTable({ hypotheses }: { readonly hypotheses: readonly HypothesisScore[] }) {
  const sorted = [...hypotheses].sort((a, b) => a.rank - b.rank);
  return (
    <table className="lead-table" data-testid="ranking-table">
      <caption className="visually-hidden">Hypotheses ranked by weighted inconsistency</caption>
      <thead>
        <tr>
          <th scope="col">Rank</th>
          <th scope="col">Hypothesis</th>
          <th scope="col" title="Σ I = 1, II = 2 over the consensus">
            Inconsistency
          </th>
          <th scope="col" title="PARC: value × w(credibility) × w(relevance)">
            Weighted
          </th>
          <th scope="col" title="Weighted ÷ rows rated">
            Normalized
          </th>
          <th scope="col">Rows rated</th>
          <th scope="col">Unrated</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((h) => (
          <tr key={h.id} data-testid="ranking-row" data-hypothesis={h.id}>
            <td>{h.rated ? h.rank : "not yet rated"}</td>
            <th scope="row">
              <Clamped text={h.title || "Untitled hypothesis"} />
            </th>
            <td className="num">{h.inconsistency}</td>
            <td className="num">{fmt(h.weighted)}</td>
            <td className="num">{fmt(h.normalized)}</td>
            <td className="num">{h.ratedRows}</td>
            <td className="num">{h.unratedCells}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
