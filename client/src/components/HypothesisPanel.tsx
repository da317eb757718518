/** Side panel of one hypothesis: title, rich-text description, merge a duplicate, comments. */
import { useId, useMemo } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { type Hypothesis, hypothesisDescription } from "../../../shared/schema/contentDoc";
import { RichTextEditor } from "../editor/LazyRichTextEditor";
import type { CommentsHandle } from "../hooks/useComments";
import { CommentThreads } from "./CommentThreads";
import { Icon } from "./Icon";
import { type MergeCandidate, MergeControl } from "./MergeControl";
import "./panels.css";

export interface HypothesisPanelProps {
  readonly hypothesis: Hypothesis;
  readonly content: Y.Doc;
  readonly awareness: Awareness;
  readonly comments: CommentsHandle;
  readonly readOnly: boolean;
  readonly candidates: readonly MergeCandidate[];
  readonly onMerge: (loserId: string) => void;
  readonly onClose: () => void;
}

export function HypothesisPanel(p: HypothesisPanelProps) {
  const headingId = useId();
  const h = p.hypothesis;
  const fragment = useMemo(() => hypothesisDescription(p.content, h.id), [p.content, h.id]);
  return (
    <aside className="panel" aria-labelledby={headingId} data-testid="hypothesis-panel">
      <header className="panel-head">
        <h2 id={headingId} className="truncate" title={h.title}>
          {h.title}
        </h2>
        <button type="button" className="icon-btn" aria-label="Close details" onClick={p.onClose}>
          <Icon name="close" />
        </button>
      </header>
      {h.archived && (
        <p className="panel-note" role="status">
          {h.mergedInto ? "This hypothesis was merged into another one." : "This hypothesis is archived."} You
          can still read it; it no longer counts in scores.
        </p>
      )}
      <div className="panel-body" key={h.id}>
        <div className="field">
          <span className="label">Description</span>
          <RichTextEditor
            fragment={fragment}
            awareness={p.awareness}
            field={`hypothesis:${h.id}`}
            label="Hypothesis description"
            readOnly={p.readOnly}
            testId="hypothesis-description"
          />
        </div>
        {!p.readOnly && !h.archived && (
          <MergeControl what="hypothesis" candidates={p.candidates} onMerge={p.onMerge} />
        )}
        <CommentThreads
          target={{ kind: "hypothesis", id: h.id }}
          comments={p.comments}
          readOnly={p.readOnly}
        />
      </div>
    </aside>
  );
}
