/**
 * "What if": the lead switches rows off and sees the ranking without them, live. Local state only:
 * nothing is written to the analysis, and scores elsewhere stay as they are.
 */
import { useMemo, useState } from "react";
import type { LiveScoring } from "../../hooks/useScores";
import { Clamped } from "../Clamped";
import { fmt, titleOf } from "./scoreFormat";

export function WhatIfPanel({
  scoring,
  claims,
  titles,
}: {
  readonly scoring: LiveScoring;
  readonly claims: ReadonlyMap<string, string>;
  readonly titles: ReadonlyMap<string, string>;
}) {
  const { engine, version } = scoring;
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the engine's change signal.
  const report = useMemo(() => engine.report(), [engine, version]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the engine's change signal.
  const result = useMemo(() => engine.whatIf({ excludedRows: [...excluded] }), [engine, version, excluded]);
  const byId = new Map(result.hypotheses.map((h) => [h.id, h]));
  const toggle = (id: string, on: boolean): void =>
    setExcluded((prev) => {
      const next = new Set(prev);
      if (on) next.delete(id);
      else next.add(id);
      return next;
    });
  if (report.rows.length === 0) {
    return (
      <p className="muted" data-testid="what-if-empty">
        No evidence yet. Once there is, leave rows out here to see how the ranking would change.
      </p>
    );
  }
  return (
    <div className="two-col what-if" data-testid="what-if">
      <fieldset>
        <legend>Rows counted</legend>
        <div className="what-if-rows">
          {report.rows.map((r) => (
            <label key={r.evidenceId} className="check">
              <input
                type="checkbox"
                checked={!excluded.has(r.evidenceId)}
                onChange={(e) => toggle(r.evidenceId, e.target.checked)}
                data-testid={`what-if-${r.evidenceId}`}
              />
              <Clamped text={claims.get(r.evidenceId) || "Untitled evidence"} />
            </label>
          ))}
        </div>
        {excluded.size > 0 && (
          <button type="button" className="btn" onClick={() => setExcluded(new Set())}>
            Count every row again
          </button>
        )}
      </fieldset>
      <div>
        <p>
          {excluded.size === 0
            ? "All rows counted: this is the real ranking."
            : `Without ${excluded.size} row${excluded.size === 1 ? "" : "s"} (the analysis itself is unchanged):`}
        </p>
        <ol data-testid="what-if-ranking">
          {result.ranking.map((id, i) => {
            const was = report.ranking.indexOf(id);
            return (
              <li key={id} data-hypothesis={id}>
                <Clamped text={titleOf(titles, id)} lines={1} />{" "}
                <span className="muted">(weighted {fmt(byId.get(id)?.weighted)})</span>
                {was !== i && <span className="tag">was #{was + 1}</span>}
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}
