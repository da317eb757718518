/**
 * Weighted inconsistency per hypothesis as horizontal bars (shorter = more likely), drawn with visx
 * to the width of its card: each hypothesis's title (up to two lines) sits above its bar, so long
 * titles never collide with bars or overflow. A hypothesis nobody rated gets "not yet rated" and no
 * bar: a 0.00 bar would read as the most likely (the PDF leaves it out too). Each bar has a <title>
 * with all its numbers; the ranking table beside it is the accessible data table of this chart.
 */
import { AxisBottom } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import type { HypothesisScore } from "../../../../shared/scoring/types";
import { useElementWidth } from "../../hooks/useElementWidth";
import { wrapLabel } from "../../lib/wrapLabel";
import { fmt } from "./scoreFormat";
import "./ScoreChart.css";

const LINE = 16;
const BAR = 14;
const GAP = 14;
const AXIS = 28;
const VALUE_W = 52;
/** Average glyph width of 12 px UI text, for wrapping titles before they are measured. */
const CHAR_W = 6.8;

export function ScoreChart({ hypotheses }: { readonly hypotheses: readonly HypothesisScore[] }) {
  const [ref, measured] = useElementWidth<HTMLDivElement>();
  const width = Math.max(240, measured);
  const sorted = [...hypotheses].sort((a, b) => a.rank - b.rank);
  const max = Math.max(1e-9, ...sorted.filter((h) => h.rated).map((h) => h.weighted));
  const x = scaleLinear<number>({ domain: [0, max], range: [0, width - VALUE_W], nice: true });
  let y = 0;
  const rows = sorted.map((h) => {
    const lines = wrapLabel(h.title || "Untitled", Math.floor(width / CHAR_W), 2);
    const top = y;
    y += lines.length * LINE + 4 + BAR + GAP;
    return { h, lines, top };
  });
  const height = y + AXIS;
  return (
    <figure className="score-chart" ref={ref}>
      {measured > 0 && (
        <svg
          role="img"
          aria-labelledby="score-chart-title"
          width={width}
          height={height}
          data-testid="score-chart"
        >
          <title id="score-chart-title">
            Weighted inconsistency by hypothesis, least inconsistent first:{" "}
            {sorted
              .map((h) => `${h.title || "Untitled"} ${h.rated ? fmt(h.weighted) : "not yet rated"}`)
              .join("; ")}
          </title>
          {rows.map(({ h, lines, top }) => {
            const barY = top + lines.length * LINE + 4;
            const label = (
              <text className="bar-label" y={top + 12}>
                {lines.map((line, i) => (
                  <tspan key={line} x={0} dy={i === 0 ? 0 : LINE}>
                    {line}
                  </tspan>
                ))}
              </text>
            );
            if (!h.rated) {
              return (
                <Group key={h.id} className="bar is-unrated">
                  {label}
                  <text
                    className="bar-unrated"
                    y={barY + BAR / 2}
                    dominantBaseline="middle"
                    data-testid={`score-unrated-${h.id}`}
                  >
                    not yet rated
                  </text>
                </Group>
              );
            }
            const w = Math.max(x(h.weighted), 2);
            return (
              <Group
                key={h.id}
                className={h.rank === 1 ? "bar is-top" : "bar"}
                data-testid={`score-bar-${h.id}`}
              >
                <title>{`${h.title || "Untitled"}: weighted ${fmt(h.weighted)}, inconsistency ${h.inconsistency}, normalized ${fmt(h.normalized)}`}</title>
                {label}
                <Bar className="bar-track" x={0} y={barY} width={width - VALUE_W} height={BAR} rx={3} />
                <Bar className="bar-fill" x={0} y={barY} width={w} height={BAR} rx={3} />
                <text
                  className="bar-value"
                  x={width - VALUE_W + 8}
                  y={barY + BAR / 2}
                  dominantBaseline="middle"
                >
                  {fmt(h.weighted)}
                </text>
              </Group>
            );
          })}
          <AxisBottom
            top={y - GAP / 2}
            scale={x}
            numTicks={Math.max(2, Math.floor(width / 110))}
            tickFormat={(v) => fmt(Number(v))}
            axisClassName="chart-axis"
            hideAxisLine
            tickLength={3}
          />
        </svg>
      )}
      <figcaption className="muted">Shorter bar = less inconsistent evidence = more likely.</figcaption>
    </figure>
  );
}
