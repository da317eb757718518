/**
 * Evidence × hypothesis, each cell coloured by how much the analysts disagree and labelled with
 * the consensus (an asterisk marks a lead override). A lead clicks a cell to override its
 * consensus with a reason, or to remove an override.
 */
import { useState } from "react";
import { cellKey } from "../../../../shared/schema/ids";
import type { Override } from "../../../../shared/schema/leadDoc";
import type { RatingCode } from "../../../../shared/schema/vocabulary";
import type { ScoreReport } from "../../../../shared/scoring/types";
import { Clamped } from "../Clamped";
import { OverrideEditor } from "./OverrideEditor";
import { fmt } from "./scoreFormat";

export interface DisagreementHeatmapProps {
  readonly report: ScoreReport;
  readonly claims: ReadonlyMap<string, string>;
  readonly overrides: Readonly<Record<string, Override>>;
  /** Lead only: set (value) or remove (null) the override of a cell. */
  readonly onOverride?: (key: string, value: { rating: RatingCode; reason: string } | null) => void;
}

export function DisagreementHeatmap({ report, claims, overrides, onOverride }: DisagreementHeatmapProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const editingCell = editing ? report.rows.find((r) => editing.startsWith(`${r.evidenceId}:`)) : undefined;
  if (report.rows.length === 0 || report.hypotheses.length === 0) {
    return (
      <p className="muted" data-testid="heatmap-empty">
        No evidence and hypotheses to compare yet. Disagreement shows here once analysts rate the matrix.
      </p>
    );
  }
  return (
    <div className="heatmap-wrap">
      <table className="heatmap" data-testid="heatmap">
        <caption className="visually-hidden">Disagreement between analysts per cell</caption>
        <thead>
          <tr>
            <th scope="col">Evidence</th>
            {report.hypotheses.map((h) => (
              <th scope="col" key={h.id}>
                <Clamped text={h.title || "Untitled"} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.evidenceId}>
              <th scope="row" className="heatmap-claim">
                <Clamped text={claims.get(row.evidenceId) || "Untitled evidence"} />
              </th>
              {report.hypotheses.map((h) => {
                const cell = report.cell(row.evidenceId, h.id);
                const key = cellKey(row.evidenceId, h.id);
                const level = cell?.disagreement.level ?? "none";
                const rating = cell?.consensus.rating ?? null;
                const overridden = cell?.consensus.overridden === true;
                const label = `${rating ?? "unrated"}${overridden ? " (overridden)" : ""}, disagreement ${level}${
                  cell?.disagreement.sd != null ? ` (sd ${fmt(cell.disagreement.sd)})` : ""
                }`;
                const content = (
                  <>
                    {rating ?? "·"}
                    {overridden && <span aria-hidden="true">*</span>}
                  </>
                );
                return (
                  <td
                    key={h.id}
                    className={`heat heat-${level} ${overridden ? "is-overridden" : ""}`}
                    title={label}
                  >
                    {onOverride ? (
                      <button
                        type="button"
                        className="heat-btn"
                        aria-label={`${claims.get(row.evidenceId) ?? ""} × ${h.title}: ${label}. Override`}
                        onClick={() => setEditing(editing === key ? null : key)}
                        data-testid={`heat-${key}`}
                      >
                        {content}
                      </button>
                    ) : (
                      <span title={label}>
                        {content}
                        <span className="visually-hidden">{overridden ? " overridden" : ""}</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="legend heat-legend" aria-label="Disagreement levels">
        {(["consensus", "mild", "large", "extreme"] as const).map((l) => (
          <li key={l}>
            <span className={`chip heat-${l}`} aria-hidden="true" /> {l}
          </li>
        ))}
        <li>* overridden by the lead</li>
      </ul>
      {editing && editingCell && onOverride && (
        <OverrideEditor
          key={editing}
          title={`${claims.get(editingCell.evidenceId) ?? ""} × ${
            report.hypotheses.find((h) => editing.endsWith(`:${h.id}`))?.title ?? ""
          }`}
          computed={
            report.cell(editingCell.evidenceId, editing.slice(editingCell.evidenceId.length + 1))?.consensus
              .computed ?? null
          }
          current={overrides[editing] ?? null}
          onSave={(value) => {
            onOverride(editing, value);
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      )}
    </div>
  );
}
