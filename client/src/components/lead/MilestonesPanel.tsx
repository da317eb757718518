/** Indicators to watch, per hypothesis (Heuer step 8): list, add, edit, archive. */
import { type FormEvent, useCallback, useId, useState } from "react";
import type * as Y from "yjs";
import type { Actor } from "../../../../shared/schema/collection";
import {
  addMilestone,
  type Hypothesis,
  listMilestones,
  type Milestone,
  milestonesMap,
  setMilestoneArchived,
  updateMilestone,
} from "../../../../shared/schema/contentDoc";
import { titleSchema } from "../../../../shared/schema/fields";
import { useYValue } from "../../hooks/useYValue";
import { InlineText } from "../InlineText";

export interface MilestonesPanelProps {
  readonly content: Y.Doc;
  readonly hypotheses: readonly Hypothesis[];
  readonly actor: () => Actor;
  readonly readOnly: boolean;
}

export function MilestonesPanel({ content, hypotheses, actor, readOnly }: MilestonesPanelProps) {
  const milestones = useYValue(
    milestonesMap(content),
    useCallback(() => listMilestones(content), [content]),
  );
  if (hypotheses.length === 0) {
    return (
      <p className="muted" data-testid="milestones-empty">
        No hypotheses yet. Each hypothesis gets its own indicators to watch.
      </p>
    );
  }
  return (
    <div className="milestones" data-testid="milestones">
      {hypotheses.map((h) => (
        <section key={h.id} aria-label={`Milestones for ${h.title}`}>
          <h3>{h.title || "Untitled hypothesis"}</h3>
          <ul>
            {milestones
              .filter((m) => m.hypothesisId === h.id)
              .map((m) => (
                <MilestoneItem key={m.id} content={content} milestone={m} readOnly={readOnly} />
              ))}
          </ul>
          {!readOnly && (
            <AddMilestone onAdd={(text) => addMilestone(content, { hypothesisId: h.id, text }, actor())} />
          )}
        </section>
      ))}
    </div>
  );
}

function MilestoneItem({
  content,
  milestone,
  readOnly,
}: {
  readonly content: Y.Doc;
  readonly milestone: Milestone;
  readonly readOnly: boolean;
}) {
  if (readOnly) return <li>{milestone.text}</li>;
  return (
    <li className="milestone">
      <InlineText
        value={milestone.text}
        label="Milestone"
        schema={titleSchema}
        onCommit={(text) => updateMilestone(content, milestone.id, text)}
      />
      <button
        type="button"
        className="btn btn-small"
        onClick={() => setMilestoneArchived(content, milestone.id, true)}
        aria-label={`Archive milestone ${milestone.text}`}
      >
        Archive
      </button>
    </li>
  );
}

function AddMilestone({ onAdd }: { readonly onAdd: (text: string) => void }) {
  const id = useId();
  const [text, setText] = useState("");
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const parsed = titleSchema.safeParse(text);
    if (!parsed.success) return;
    onAdd(parsed.data);
    setText("");
  };
  return (
    <form onSubmit={submit} className="add-milestone">
      <label htmlFor={id} className="add-milestone-label">
        New milestone
      </label>
      <input
        id={id}
        type="text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Indicator to watch…"
      />
      <button type="submit" className="btn" disabled={text.trim() === ""}>
        Add
      </button>
    </form>
  );
}
