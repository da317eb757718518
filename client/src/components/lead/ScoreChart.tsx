/**
 * Weighted inconsistency per hypothesis as horizontal SVG bars (shorter = more likely). Each bar has
 * a <title> (the number on hover) and the chart names itself; the same numbers are in the ranking
 * table next to it, which is the accessible data table of this chart.
 */
import type { HypothesisScore } from "../../../../shared/scoring/types";
import { fmt } from "./scoreFormat";

const ROW = 28;
const LABEL_W = 180;
const BAR_W = 240;
const LABEL_CHARS = 22;

const shortLabel = (title: string): string =>
  title.length > LABEL_CHARS ? `${title.slice(0, LABEL_CHARS - 1).trimEnd()}…` : title;

export function ScoreChart({ hypotheses }: { readonly hypotheses: readonly HypothesisScore[] }) {
  const sorted = [...hypotheses].sort((a, b) => a.rank - b.rank);
  const max = Math.max(1e-9, ...sorted.map((h) => h.weighted));
  const height = sorted.length * ROW + 8;
  return (
    <figure className="score-chart">
      <svg
        role="img"
        aria-labelledby="score-chart-title"
        width={LABEL_W + BAR_W + 60}
        height={height}
        viewBox={`0 0 ${LABEL_W + BAR_W + 60} ${height}`}
        data-testid="score-chart"
      >
        <title id="score-chart-title">
          Weighted inconsistency by hypothesis, least inconsistent first:{" "}
          {sorted.map((h) => `${h.title || "Untitled"} ${fmt(h.weighted)}`).join("; ")}
        </title>
        {sorted.map((h, i) => {
          const w = (h.weighted / max) * BAR_W;
          const y = i * ROW + 4;
          return (
            <g key={h.id} className={h.rank === 1 ? "bar is-top" : "bar"}>
              <title>{`${h.title || "Untitled"}: weighted ${fmt(h.weighted)}, inconsistency ${h.inconsistency}, normalized ${fmt(h.normalized)}`}</title>
              <text x={LABEL_W - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle">
                {shortLabel(h.title || "Untitled")}
              </text>
              <rect x={LABEL_W} y={y + 4} width={Math.max(w, 1)} height={ROW - 10} rx={3} />
              <text
                x={LABEL_W + Math.max(w, 1) + 6}
                y={y + ROW / 2}
                dominantBaseline="middle"
                className="bar-value"
              >
                {fmt(h.weighted)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">Shorter bar = less inconsistent evidence = more likely.</figcaption>
    </figure>
  );
}
