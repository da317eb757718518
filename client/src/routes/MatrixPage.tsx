/** One analysis: title and question, presence, connection state, the matrix and the evidence panel. */
import { useCallback, useMemo, useState } from "react";
import { questionSchema, titleSchema } from "../../../shared/schema/fields";
import { RATING_CODES, RATING_LABELS } from "../../../shared/schema/vocabulary";
import { ConnectionBadge } from "../components/ConnectionBadge";
import { EvidencePanel } from "../components/EvidencePanel";
import { Icon } from "../components/Icon";
import { InlineText } from "../components/InlineText";
import { MatrixGrid } from "../components/MatrixGrid";
import { PresenceAvatars } from "../components/PresenceAvatars";
import { type AnalysisDocs, useAnalysisDoc } from "../hooks/useAnalysisDoc";
import { useMatrix } from "../hooks/useMatrix";
import { useOtherRatings } from "../hooks/useOtherRatings";
import { usePresence } from "../hooks/usePresence";
import { renameAnalysis } from "../lib/api";
import type { ConnectionStatus } from "../lib/connectionStatus";
import type { Identity } from "../lib/identity";
import { Link } from "./router";

export interface MatrixPageProps {
  readonly analysisId: string;
  readonly identity: Identity;
}

function Legend() {
  return (
    <ul className="legend" aria-label="Rating codes">
      {RATING_CODES.map((c) => (
        <li key={c}>
          <span className={`chip rating-${c}`}>{c}</span> {RATING_LABELS[c]}
        </li>
      ))}
      <li>
        <span className="chip rating-none" aria-hidden="true" /> Unrated
      </li>
    </ul>
  );
}

function MatrixWorkspace(props: {
  readonly analysisId: string;
  readonly docs: AnalysisDocs;
  readonly identity: Identity;
  readonly status: ConnectionStatus;
}) {
  const { analysisId, docs, identity, status } = props;
  const [showArchived, setShowArchived] = useState(false);
  const [detailId, setDetailId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const data = useMatrix(docs, identity, showArchived);
  const { others, setSelection } = usePresence(docs.awareness, identity);
  const presentIds = useMemo(() => [...new Set(others.map((o) => o.id))], [others]);
  const otherRaters = useOtherRatings(analysisId, identity, presentIds);
  const detail = detailId ? data.evidence.find((e) => e.id === detailId) : undefined;

  const rename = useCallback(
    (title: string) => {
      data.actions.updateMeta({ title });
      // The list of analyses is kept by the server; tell it too (it writes the same value into the document).
      renameAnalysis(analysisId, title).catch(() =>
        setNotice("The new title is saved in the analysis but the list of analyses could not be updated."),
      );
    },
    [analysisId, data.actions],
  );

  return (
    <main className={`matrix-page ${detail ? "with-panel" : ""}`}>
      <header className="matrix-head">
        <div className="matrix-titles">
          <Link href="/" className="back" aria-label="All analyses">
            <Icon name="back" />
          </Link>
          <div>
            <h1>
              <InlineText
                value={data.title}
                label="Analysis title"
                schema={titleSchema}
                onCommit={rename}
                placeholder="Untitled analysis"
                testId="analysis-title"
              />
            </h1>
            <InlineText
              value={data.question}
              label="Key question"
              schema={questionSchema}
              onCommit={(question) => data.actions.updateMeta({ question })}
              multiline
              placeholder="Add the key question this analysis answers…"
              className="question"
              testId="analysis-question"
            />
          </div>
        </div>
        <div className="matrix-status">
          <PresenceAvatars me={identity} others={others} />
          <ConnectionBadge status={status} />
        </div>
      </header>
      <div className="toolbar">
        <Legend />
        <label className="check">
          <input
            type="checkbox"
            checked={showArchived}
            onChange={(e) => setShowArchived(e.target.checked)}
            data-testid="show-archived"
          />
          Show archived
        </label>
      </div>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <div className="matrix-body">
        <MatrixGrid
          data={data}
          others={others}
          otherRaters={otherRaters}
          detailId={detailId}
          onSelect={setSelection}
          onOpenDetail={setDetailId}
        />
        {detail && (
          <EvidencePanel
            evidence={detail}
            onSave={(patch) => data.actions.updateEvidence(detail.id, patch)}
            onArchive={(archived) => data.actions.setEvidenceArchived(detail.id, archived)}
            onClose={() => setDetailId(null)}
          />
        )}
      </div>
    </main>
  );
}

export function MatrixPage({ analysisId, identity }: MatrixPageProps) {
  const { docs, status, fatal } = useAnalysisDoc(analysisId, identity);
  if (fatal) {
    return (
      <main className="page">
        <div role="alert" className="card fatal" data-testid="fatal">
          <h1>Cannot open this analysis</h1>
          <p>{fatal.message}</p>
          <Link href="/">Back to all analyses</Link>
        </div>
      </main>
    );
  }
  if (!docs) return <main className="page muted">Opening…</main>;
  return <MatrixWorkspace analysisId={analysisId} docs={docs} identity={identity} status={status} />;
}
