/**
 * The lead's review of one analysis (`/a/:id/lead`): live scores, chart, disagreement, diagnostic
 * rows, linchpins, sources and corroboration, each analyst against the consensus, progress and
 * warnings; a what-if panel; and the lead document (weights, overrides, blind rating, conclusion,
 * approval) plus milestones.
 * Lead-only controls are gated on the caller's role; the server enforces the same rule.
 */
import { type FormEvent, useCallback, useMemo, useState } from "react";
import type { Role } from "../../../shared/accounts";
import {
  evidenceMap,
  hypothesesMap,
  listEvidence,
  listHypotheses,
  metaMap,
  readMeta,
} from "../../../shared/schema/contentDoc";
import type { Weights } from "../../../shared/schema/fields";
import {
  conclusionFragment,
  readLeadSettings,
  setBlind,
  setOverride,
  settingsMap,
  setWeights,
} from "../../../shared/schema/leadDoc";
import type { RatingCode } from "../../../shared/schema/vocabulary";
import { leadingHeadline } from "../../../shared/scoring/headline";
import { AnalysisNav } from "../components/AnalysisNav";
import { ConnectionBadge } from "../components/ConnectionBadge";
import { FatalNotice } from "../components/FatalNotice";
import { HeldBackNotice } from "../components/HeldBackNotice";
import { ApprovalBadge } from "../components/lead/ApprovalBadge";
import { DiagnosticRows } from "../components/lead/DiagnosticRows";
import { DisagreementHeatmap } from "../components/lead/DisagreementHeatmap";
import { LeadSettings } from "../components/lead/LeadSettings";
import { Linchpins } from "../components/lead/Linchpins";
import { MilestonesPanel } from "../components/lead/MilestonesPanel";
import { RankingTable } from "../components/lead/RankingTable";
import { ScoreChart } from "../components/lead/ScoreChart";
import { SourceCorroboration } from "../components/lead/SourceCorroboration";
import { titleOf } from "../components/lead/scoreFormat";
import { TeamComparison } from "../components/lead/TeamComparison";
import { WhatIfPanel } from "../components/lead/WhatIfPanel";
import { RichTextEditor } from "../editor/LazyRichTextEditor";
import { type AnalysisDocs, useAnalysisDoc } from "../hooks/useAnalysisDoc";
import { useAnalysisSummary } from "../hooks/useAnalysisSummary";
import { useApprovalStatus } from "../hooks/useApprovalStatus";
import { useBlindToMe } from "../hooks/useBlindToMe";
import { useOverrides } from "../hooks/useOverrides";
import { usePresence } from "../hooks/usePresence";
import { useRefusalNotice } from "../hooks/useRefusalNotice";
import { useScoring } from "../hooks/useScores";
import { useScoringAnalysts } from "../hooks/useScoringAnalysts";
import { type TeamRater, useTeamRatings } from "../hooks/useTeamRatings";
import { useYValue } from "../hooks/useYValue";
import { approve } from "../lib/api";
import type { ConnectionStatus } from "../lib/connectionStatus";
import { formatDateTime } from "../lib/format";
import type { Identity } from "../lib/identity";
import "../components/lead/lead.css";
import { ExportMenu } from "../components/ExportMenu";

export interface LeadPageProps {
  readonly analysisId: string;
  readonly identity: Identity;
}

function LeadReview(props: {
  readonly analysisId: string;
  readonly docs: AnalysisDocs;
  readonly identity: Identity;
  readonly status: ConnectionStatus;
  readonly role: Role | null;
  readonly leadSynced: boolean;
}) {
  const { analysisId, docs, identity, status, role } = props;
  const { content, lead } = docs;
  const isLead = role === "lead";
  const { others } = usePresence(docs.awareness, identity);
  const presentIds = useMemo(() => [...new Set(others.map((o) => o.id))], [others]);
  const othersHidden = useBlindToMe(lead, props.leadSynced, role);
  const team = useTeamRatings(analysisId, identity, presentIds, othersHidden);
  const title = useYValue(
    metaMap(content),
    useCallback(() => readMeta(content).title, [content]),
  );
  const raterIds = useMemo(() => team.raters.map((r) => r.userId), [team.raters]);
  const analysts = useScoringAnalysts(analysisId, raterIds);
  const analystIds = useMemo(() => analysts?.map((a) => a.userId) ?? null, [analysts]);
  const scoring = useScoring(docs, team, analystIds, othersHidden === true);
  // Raters by their own name; members who have not rated yet by their account name.
  const people = useMemo(() => {
    const rated = new Set(team.raters.map((r) => r.userId));
    return [...team.raters, ...(analysts ?? []).filter((a) => !rated.has(a.userId))];
  }, [team.raters, analysts]);
  const report = useMemo(() => scoring.engine.report(), [scoring]);
  const sensitivity = useMemo(() => scoring.engine.sensitivity(), [scoring]);

  const hypotheses = useYValue(
    hypothesesMap(content),
    useCallback(() => listHypotheses(content), [content]),
  );
  const evidence = useYValue(
    evidenceMap(content),
    useCallback(() => listEvidence(content), [content]),
  );
  const settings = useYValue(
    settingsMap(lead),
    useCallback(() => readLeadSettings(lead), [lead]),
  );
  const overrides = useOverrides(lead);
  const claims = useMemo(() => new Map(evidence.map((e) => [e.id, e.claim])), [evidence]);
  const titles = useMemo(() => new Map(hypotheses.map((h) => [h.id, h.title])), [hypotheses]);

  const watched = useMemo(() => [content, lead, ...team.docs.values()], [content, lead, team.docs]);
  const approval = useApprovalStatus(analysisId, watched);
  const [note, setNote] = useState("");
  const [approveError, setApproveError] = useState<string | null>(null);
  const [approving, setApproving] = useState(false);
  const submitApproval = (e: FormEvent): void => {
    e.preventDefault();
    setApproving(true);
    setApproveError(null);
    approve(analysisId, note.trim())
      .then((approved) => {
        setNote("");
        approval.approved(approved);
      })
      .catch((error: Error) => setApproveError(error.message))
      .finally(() => setApproving(false));
  };

  const actor = useCallback(
    () => ({ userId: identity.userId, now: new Date().toISOString() }),
    [identity.userId],
  );
  const onWeights = (w: Weights): void => setWeights(lead, w);
  const onBlind = (blind: boolean): void => setBlind(lead, blind);
  const onOverride = (key: string, value: { rating: RatingCode; reason: string } | null): void =>
    setOverride(lead, key, value && { ...value, by: identity.userId, at: new Date().toISOString() });

  return (
    <>
      <AnalysisNav analysisId={analysisId} title={title} current="lead" />
      <main className="lead-page" data-testid="lead-page">
        <header className="matrix-head">
          <div className="matrix-titles">
            <div className="titles-text">
              <h1>Lead review</h1>
              <p className="question clamp-3 break-anywhere" title={title} data-testid="lead-analysis-title">
                {title || "Untitled analysis"}
              </p>
            </div>
          </div>
          <div className="matrix-status">
            <ApprovalBadge status={approval.status} />
            <ConnectionBadge status={status} />
            <ExportMenu analysisId={analysisId} />
          </div>
        </header>

        {report.warnings.length > 0 && (
          <section className="card warnings" aria-labelledby="warnings-title" data-testid="score-warnings">
            <h2 id="warnings-title">Ignored in the scores</h2>
            <ul>
              {report.warnings.map((w) => (
                <li key={`${w.code}:${w.message}`}>{withNames(w.message, people)}</li>
              ))}
            </ul>
          </section>
        )}

        <section className="card" aria-labelledby="ranking-title">
          <h2 id="ranking-title">Ranking</h2>
          <p data-testid="top-hypothesis">{leadingHeadline(report, (id) => titleOf(titles, id))}</p>
          <div className="ranking-layout">
            <RankingTable hypotheses={report.hypotheses} />
            <ScoreChart hypotheses={report.hypotheses} />
          </div>
        </section>

        <section className="card" aria-labelledby="what-if-title">
          <h2 id="what-if-title">What if…</h2>
          <WhatIfPanel scoring={scoring} claims={claims} titles={titles} />
        </section>

        <section className="card" aria-labelledby="linchpins-title">
          <h2 id="linchpins-title">Linchpins</h2>
          <Linchpins sensitivity={sensitivity} claims={claims} titles={titles} />
        </section>

        <section className="card" aria-labelledby="heatmap-title">
          <h2 id="heatmap-title">Disagreement</h2>
          <DisagreementHeatmap
            report={report}
            claims={claims}
            overrides={overrides}
            {...(isLead ? { onOverride } : {})}
          />
        </section>

        <section className="card" aria-labelledby="diag-title">
          <h2 id="diag-title">Diagnosticity</h2>
          <DiagnosticRows report={report} claims={claims} />
        </section>

        <section className="card" aria-labelledby="corroboration-title">
          <h2 id="corroboration-title">Sources and corroboration</h2>
          <SourceCorroboration analysisId={analysisId} content={content} evidence={evidence} />
        </section>

        <section className="card" aria-labelledby="team-title">
          <h2 id="team-title">Team</h2>
          <TeamComparison
            report={report}
            raters={people}
            titles={titles}
            blindExcept={othersHidden ? identity.userId : null}
          />
        </section>

        <section className="card" aria-labelledby="settings-title">
          <h2 id="settings-title">Scoring settings</h2>
          <LeadSettings
            weights={settings.weights}
            blind={settings.blind}
            {...(isLead ? { onWeights, onBlind } : {})}
          />
        </section>

        <section className="card" aria-labelledby="milestones-title">
          <h2 id="milestones-title">Milestones (indicators to watch)</h2>
          <MilestonesPanel
            content={content}
            hypotheses={hypotheses}
            actor={actor}
            readOnly={role === "viewer" || role === null}
          />
        </section>

        <section className="card" aria-labelledby="conclusion-title">
          <h2 id="conclusion-title">Conclusion</h2>
          <RichTextEditor
            fragment={conclusionFragment(lead)}
            awareness={docs.awareness}
            field="lead:conclusion"
            label="Conclusion"
            readOnly={!isLead}
            testId="conclusion"
          />
        </section>

        <section className="card" aria-labelledby="approval-title">
          <h2 id="approval-title">Approval</h2>
          <ApprovalSummary status={approval.status} />
          {isLead && (
            <form onSubmit={submitApproval} className="approve-form">
              <label>
                Note (optional){" "}
                <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2_000} />
              </label>
              <button type="submit" className="btn btn-primary" disabled={approving} data-testid="approve">
                Approve the current state
              </button>
              {approveError && (
                <p role="alert" className="error">
                  {approveError}
                </p>
              )}
            </form>
          )}
        </section>
      </main>
    </>
  );
}

/** Scoring warnings name raters by id (the engine knows no names); show the names people know. */
function withNames(message: string, people: readonly TeamRater[]): string {
  let out = message;
  for (const { userId, name } of people) if (name) out = out.split(`by ${userId}`).join(`by ${name}`);
  return out;
}

/** How each area of a change count reads: one and many. */
const AREA_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  meta: ["title, question or description change", "title, question or description changes"],
  hypothesis: ["hypothesis", "hypotheses"],
  evidence: ["evidence item", "evidence items"],
  milestone: ["milestone", "milestones"],
  rating: ["rating", "ratings"],
  lead: ["lead setting", "lead settings"],
};

function ApprovalSummary({ status }: { readonly status: ReturnType<typeof useApprovalStatus>["status"] }) {
  if (!status) return null;
  const { approval } = status;
  if (!approval) return <p className="muted">Not approved yet.</p>;
  const who = (
    <p data-testid="approval-who">
      Approved by {approval.byName} on {formatDateTime(approval.at)}
      {approval.note ? `: “${approval.note}”` : "."}
    </p>
  );
  if (status.changesSince === null) {
    return (
      <>
        {who}
        <p className="muted">The approved version is not stored on this server (imported approval).</p>
      </>
    );
  }
  if (status.changesSince === 0)
    return (
      <>
        {who}
        <p>Nothing has changed since.</p>
      </>
    );
  const counts = Object.entries(status.counts ?? {})
    .filter(([, n]) => n > 0)
    .map(([area, n]) => {
      const [one, many] = AREA_WORDS[area] ?? [area, area];
      return `${n} ${n === 1 ? one : many}`;
    });
  return (
    <>
      {who}
      <p data-testid="changes-summary">Changed since: {counts.join(", ")}.</p>
    </>
  );
}

export function LeadPage({ analysisId, identity }: LeadPageProps) {
  const { docs, status, fatal, accessVersion, leadSynced, refusedChange, heldBack } = useAnalysisDoc(
    analysisId,
    identity,
  );
  useRefusalNotice(refusedChange);
  const role = useAnalysisSummary(analysisId, accessVersion)?.role ?? null;
  if (fatal) return <FatalNotice message={fatal.message} />;
  return (
    <>
      {heldBack && (
        <HeldBackNotice analysisId={analysisId} heldBack={heldBack} docs={docs} userId={identity.userId} />
      )}
      <LeadReview
        analysisId={analysisId}
        docs={docs}
        identity={identity}
        status={status}
        role={role}
        leadSynced={leadSynced}
      />
    </>
  );
}
