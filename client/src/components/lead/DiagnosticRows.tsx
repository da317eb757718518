/** The rows that separate hypotheses most, and the ones that separate nothing (Heuer step 4). */
import { rowsByDiagnosticity } from "../../../../shared/scoring";
import type { ScoreReport } from "../../../../shared/scoring/types";
import { Clamped } from "../Clamped";
import { fmt } from "./scoreFormat";

const SHOWN = 5;

export function DiagnosticRows({
  report,
  claims,
}: {
  readonly report: ScoreReport;
  readonly claims: ReadonlyMap<string, string>;
}) {
  const ranked = rowsByDiagnosticity(report).filter((r) => r.diagnosticity !== null && !r.nonDiagnostic);
  const flat = report.rows.filter((r) => r.nonDiagnostic);
  const claim = (id: string): string => claims.get(id) || "Untitled evidence";
  return (
    <div className="two-col">
      <section aria-labelledby="diag-most">
        <h3 id="diag-most">Most diagnostic</h3>
        {ranked.length === 0 ? (
          <p className="muted">No row separates the hypotheses yet.</p>
        ) : (
          <ol data-testid="most-diagnostic">
            {ranked.slice(0, SHOWN).map((r) => (
              <li key={r.evidenceId}>
                <Clamped text={claim(r.evidenceId)} />{" "}
                <span className="muted">(diagnosticity {fmt(r.diagnosticity)})</span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="diag-none">
        <h3 id="diag-none">Non-diagnostic</h3>
        {flat.length === 0 ? (
          <p className="muted">None: every rated row tells the hypotheses apart.</p>
        ) : (
          <ul data-testid="non-diagnostic">
            {flat.map((r) => (
              <li key={r.evidenceId}>
                <Clamped text={claim(r.evidenceId)} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
