/** Side panel of one cell: every analyst's rating of it, the consensus, and its comment thread. */
import { useEffect, useId, useRef } from "react";
import type { Evidence, Hypothesis } from "../../../shared/schema/contentDoc";
import { RATING_LABELS } from "../../../shared/schema/vocabulary";
import type { CellScore } from "../../../shared/scoring/types";
import type { CommentsHandle } from "../hooks/useComments";
import { CommentThreads } from "./CommentThreads";
import { Icon } from "./Icon";
import { SlashWrapped } from "./SlashWrapped";
import "./panels.css";

export function CellPanel(p: {
  readonly evidence: Evidence;
  readonly hypothesis: Hypothesis;
  readonly score: CellScore | undefined;
  readonly nameOf: (userId: string) => string;
  readonly comments: CommentsHandle;
  readonly readOnly: boolean;
  /** Blind rating hides the others from me: show my own rating only, and no consensus. */
  readonly onlyMine: string | null;
  /** Each new value scrolls the comment box into view and focuses it (opened to comment). */
  readonly commentRequest?: number | undefined;
  readonly onClose: () => void;
}) {
  const headingId = useId();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    if (p.commentRequest === undefined) return;
    const box = panel.current?.querySelector<HTMLTextAreaElement>('[data-testid="comment-input"]');
    box?.scrollIntoView({ block: "nearest" });
    box?.focus({ preventScroll: true });
  }, [p.commentRequest]);
  const byAnalyst = Object.entries(p.score?.consensus.ratingsByAnalyst ?? {}).filter(
    ([userId]) => p.onlyMine === null || userId === p.onlyMine,
  );
  return (
    <aside
      ref={panel}
      className="panel"
      aria-labelledby={headingId}
      data-testid="cell-panel"
      data-evidence={p.evidence.id}
      data-hypothesis={p.hypothesis.id}
    >
      <header className="panel-head">
        <h2 id={headingId}>Cell</h2>
        <button type="button" className="icon-btn" aria-label="Close details" onClick={p.onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div className="panel-body">
        <p className="clamp-3 break-anywhere" title={p.evidence.claim}>
          <strong>Evidence:</strong> {p.evidence.claim}
        </p>
        <p className="wrap-words">
          <strong>Hypothesis:</strong> <SlashWrapped text={p.hypothesis.title} />
        </p>
        <h3>Ratings</h3>
        {byAnalyst.length === 0 ? (
          <p className="muted">Nobody has rated this cell yet.</p>
        ) : (
          <ul className="rating-list" data-testid="cell-ratings">
            {byAnalyst.map(([userId, code]) => (
              <li key={userId}>
                <span className={`chip rating-${code}`}>{code}</span> {p.nameOf(userId)} —{" "}
                {RATING_LABELS[code]}
              </li>
            ))}
          </ul>
        )}
        {p.onlyMine === null && p.score?.consensus.rating && (
          <p>
            Consensus:{" "}
            <span className={`chip rating-${p.score.consensus.rating}`}>{p.score.consensus.rating}</span>
            {p.score.consensus.overridden && ` (set by the lead: ${p.score.consensus.reason ?? ""})`}
          </p>
        )}
        <CommentThreads
          target={{ kind: "cell", evidenceId: p.evidence.id, hypothesisId: p.hypothesis.id }}
          comments={p.comments}
          readOnly={p.readOnly}
        />
      </div>
    </aside>
  );
}
