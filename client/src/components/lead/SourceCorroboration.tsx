/**
 * Corroboration in the lead's review: per evidence row, how many distinct sources it cites and how
 * reliable they are, and the warnings (High credibility resting only on E/F sources; several rows
 * resting on one single source, which the matrix then counts several times). Warnings only: the
 * scores are never changed here.
 */
import { useMemo } from "react";
import type * as Y from "yjs";
import type { Evidence } from "../../../../shared/schema/contentDoc";
import { type CorroborationWarning, corroborate } from "../../../../shared/sources/corroboration";
import { useCitationIndex } from "../../hooks/useCitationIndex";
import { Link } from "../../routes/router";
import { Clamped } from "../Clamped";
import { ReliabilityBadge } from "../sources/ReliabilityBadge";
import { sourceHref } from "../sources/sourceLinks";

/** "E1 and E2", "E1, E2 and E5". */
function listed(codes: readonly string[]): string {
  return codes.length < 2 ? codes.join("") : `${codes.slice(0, -1).join(", ")} and ${codes.at(-1)}`;
}

export function SourceCorroboration(props: {
  readonly analysisId: string;
  readonly content: Y.Doc;
  /** Active rows in matrix order. */
  readonly evidence: readonly Evidence[];
}) {
  const { analysisId, evidence } = props;
  const index = useCitationIndex(props.content);
  const result = useMemo(
    () => corroborate({ evidence, citations: index.byEvidence, sources: index.sources }),
    [evidence, index.byEvidence, index.sources],
  );
  const titles = useMemo(() => new Map(index.sources.map((s) => [s.id, s.title])), [index.sources]);
  const codes = useMemo(() => new Map(index.rows.map((r) => [r.id, r.code])), [index.rows]);
  const claims = useMemo(() => new Map(evidence.map((e) => [e.id, e.claim])), [evidence]);
  const cited = result.rows.filter((r) => r.sourceIds.length > 0);
  const uncited = result.rows.length - cited.length;
  const codeOf = (id: string): string => codes.get(id) ?? "?";

  const warningText = (w: CorroborationWarning) =>
    w.kind === "high_credibility_weak_sources" ? (
      <>
        <strong>{codeOf(w.evidenceId)}</strong> is rated High credibility but rests only on sources graded E
        or F ({w.sourceIds.map((id) => titles.get(id) ?? "a source").join(", ")}).
      </>
    ) : (
      <>
        {listed(w.evidenceIds.map(codeOf))} rest on one single source alone,{" "}
        <Link href={sourceHref(analysisId, w.sourceId)}>{titles.get(w.sourceId) ?? "a source"}</Link>: the
        matrix counts it {w.evidenceIds.length} times.
      </>
    );

  return (
    <div className="corroboration" data-testid="corroboration">
      {result.warnings.length === 0 ? (
        <p className="muted" data-testid="corroboration-ok">
          No warning: no High-credibility row rests only on E or F sources, and no source alone carries
          several rows.
        </p>
      ) : (
        <ul className="corroboration-warnings" data-testid="corroboration-warnings">
          {result.warnings.map((w) => (
            <li key={w.kind === "single_source_rows" ? `single:${w.sourceId}` : `weak:${w.evidenceId}`}>
              {warningText(w)}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">These are warnings for the review; they never change the scores.</p>
      {cited.length === 0 ? (
        <p className="muted">No evidence row cites a source yet.</p>
      ) : (
        <table className="lead-table" data-testid="corroboration-rows">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Claim</th>
              <th scope="col" className="num">
                Sources
              </th>
              <th scope="col">Reliability</th>
            </tr>
          </thead>
          <tbody>
            {cited.map((r) => (
              <tr key={r.evidenceId} data-testid={`corroboration-${r.evidenceId}`}>
                <td>{codeOf(r.evidenceId)}</td>
                <td>
                  <Clamped text={claims.get(r.evidenceId) || "Untitled evidence"} />
                </td>
                <td className="num">{r.sourceIds.length}</td>
                <td>
                  {r.sourceIds.map((id, i) => (
                    <span key={id} title={titles.get(id)}>
                      <ReliabilityBadge grade={r.reliabilities[i] ?? ""} />{" "}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {uncited > 0 && (
        <p className="muted">
          {uncited} of {result.rows.length} rows cite no source.
        </p>
      )}
    </div>
  );
}
