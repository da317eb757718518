/** A hypothesis column header: inline-editable title, move left/right, archive or restore. */
import type { Hypothesis } from "../../../shared/schema/contentDoc";
import { titleSchema } from "../../../shared/schema/fields";
import type { MatrixActions } from "../hooks/useMatrix";
import { Icon } from "./Icon";
import { InlineText } from "./InlineText";

export interface HypothesisHeaderProps {
  readonly hypothesis: Hypothesis;
  readonly index: number;
  readonly isFirst: boolean;
  readonly isLast: boolean;
  readonly actions: MatrixActions;
}

export function HypothesisHeader({ hypothesis: h, index, isFirst, isLast, actions }: HypothesisHeaderProps) {
  return (
    <th scope="col" className={`hyp-head ${h.archived ? "is-archived" : ""}`} data-testid={`hyp-${h.id}`}>
      <div className="hyp-label">
        <span className="hyp-key" aria-hidden="true">
          H{index + 1}
        </span>
        <InlineText
          value={h.title}
          label="Hypothesis title"
          schema={titleSchema}
          onCommit={(t) => actions.renameHypothesis(h.id, t)}
          className="hyp-title"
          testId={`hyp-title-${h.id}`}
        />
      </div>
      <div className="item-actions">
        <button
          type="button"
          className="icon-btn"
          aria-label={`Move "${h.title}" left`}
          disabled={isFirst}
          onClick={() => actions.moveHypothesis(h.id, -1)}
        >
          <Icon name="left" />
        </button>
        <button
          type="button"
          className="icon-btn"
          aria-label={`Move "${h.title}" right`}
          disabled={isLast}
          onClick={() => actions.moveHypothesis(h.id, 1)}
        >
          <Icon name="right" />
        </button>
        <button
          type="button"
          className="icon-btn"
          aria-label={`${h.archived ? "Restore" : "Archive"} hypothesis "${h.title}"`}
          title={h.archived ? "Restore" : "Archive"}
          onClick={() => actions.setHypothesisArchived(h.id, !h.archived)}
        >
          <Icon name={h.archived ? "restore" : "archive"} />
        </button>
      </div>
    </th>
  );
}
