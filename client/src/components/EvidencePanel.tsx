/**
 * Side panel with every field of one evidence row (each validated with the shared zod schema), its
 * rich-text notes, merge a duplicate, and its comments. If the row is archived while I have it open,
 * it stays here with a notice instead of vanishing.
 */
import { useId, useMemo } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { type Evidence, evidenceNotes } from "../../../shared/schema/contentDoc";
import { type EvidenceFields, evidenceFieldsSchema } from "../../../shared/schema/fields";
import {
  EVIDENCE_TYPE_LABELS,
  EVIDENCE_TYPES,
  INFO_CREDIBILITY,
  LEVELS,
  SOURCE_RELIABILITY,
} from "../../../shared/schema/vocabulary";
import { RichTextEditor } from "../editor/LazyRichTextEditor";
import type { CommentsHandle } from "../hooks/useComments";
import { useFieldDraft } from "../hooks/useFieldDraft";
import { CREDIBILITY_LABELS, RELIABILITY_LABELS } from "../lib/admiralty";
import { AttachmentList } from "./attachments/AttachmentList";
import { CommentThreads } from "./CommentThreads";
import { Icon } from "./Icon";
import { type MergeCandidate, MergeControl } from "./MergeControl";
import { CitationList } from "./sources/Citations";
import "./panels.css";

type TextKey = "claim" | "source" | "url" | "date";

const LEVEL_LABELS: Readonly<Record<string, string>> = { low: "Low", medium: "Medium", high: "High" };

interface TextFieldProps {
  readonly field: TextKey;
  readonly label: string;
  readonly value: string;
  readonly type?: "text" | "url" | "date";
  readonly multiline?: boolean;
  readonly hint?: string;
  readonly onSave: (patch: Partial<EvidenceFields>) => void;
}

/** A text field with a local draft: saved on blur when valid, the error shown otherwise. */
function TextField({ field, label, value, type = "text", multiline = false, hint, onSave }: TextFieldProps) {
  const id = useId();
  const d = useFieldDraft(value, evidenceFieldsSchema.shape[field], label.toLowerCase(), (v) =>
    onSave({ [field]: v }),
  );
  const { error } = d;

  const props = {
    id,
    value: d.draft,
    "aria-invalid": error !== null,
    "aria-describedby": error ? `${id}-err` : hint ? `${id}-hint` : undefined,
    "data-testid": `field-${field}`,
    onFocus: d.onFocus,
    onChange: d.onChange,
    onBlur: d.onBlur,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={4} {...props} /> : <input type={type} {...props} />}
      {hint && !error && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-err`} role="alert" className="field-error">
          {label}: {error}
        </span>
      )}
    </div>
  );
}

function SelectField<
  K extends "type" | "credibility" | "relevance" | "reliability" | "infoCredibility",
>(props: {
  readonly field: K;
  readonly label: string;
  readonly value: string;
  readonly options: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly onSave: (patch: Partial<EvidenceFields>) => void;
}) {
  const id = useId();
  const { field, label, value, options, labels, onSave } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        data-testid={`field-${field}`}
        onChange={(e) => {
          const r = evidenceFieldsSchema.shape[field].safeParse(e.target.value);
          if (r.success) onSave({ [field]: r.data });
        }}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {labels[o] ?? o}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface EvidencePanelProps {
  readonly analysisId: string;
  readonly evidence: Evidence;
  readonly content: Y.Doc;
  readonly awareness: Awareness;
  readonly comments: CommentsHandle;
  readonly readOnly: boolean;
  readonly candidates: readonly MergeCandidate[];
  /** True when the row was archived by someone else while this panel was open. */
  readonly archivedUnderMe: boolean;
  readonly onSave: (patch: Partial<EvidenceFields>) => void;
  readonly onArchive: (archived: boolean) => void;
  readonly onMerge: (loserId: string) => void;
  readonly onClose: () => void;
  /** Who is looking, for the attachments they may delete (their own; any for a lead). */
  readonly viewer: { readonly userId: string; readonly isLead: boolean };
}

export function EvidencePanel(props: EvidencePanelProps) {
  const { evidence: e, onSave, onArchive, onClose, readOnly } = props;
  const headingId = useId();
  const notes = useMemo(() => evidenceNotes(props.content, e.id), [props.content, e.id]);
  return (
    <aside className="panel" aria-labelledby={headingId} data-testid="evidence-panel">
      <header className="panel-head">
        <h2 id={headingId}>Evidence details</h2>
        <button type="button" className="icon-btn" aria-label="Close details" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      {e.archived && (
        <p className="panel-note" role="status" data-testid="archived-notice">
          {props.archivedUnderMe
            ? "Someone archived this evidence while you had it open. Your edits are kept; restore it to count it in scores."
            : e.mergedInto
              ? "This evidence was merged into another row. It no longer counts in scores."
              : "This item is archived. Restore it to count it in scores."}
        </p>
      )}
      <div className="panel-body" key={e.id}>
        <fieldset className="panel-fields" disabled={readOnly}>
          <TextField field="claim" label="Claim" value={e.claim} multiline onSave={onSave} />
          <TextField field="source" label="Source" value={e.source} onSave={onSave} />
          <TextField
            field="url"
            label="URL"
            value={e.url}
            type="url"
            hint="http(s) links only"
            onSave={onSave}
          />
          {e.url && (
            <a className="panel-link" href={e.url} target="_blank" rel="noopener noreferrer nofollow">
              Open source link
            </a>
          )}
          <div className="field-row">
            <TextField field="date" label="Date" value={e.date} type="date" onSave={onSave} />
            <SelectField
              field="type"
              label="Type"
              value={e.type}
              options={EVIDENCE_TYPES}
              labels={EVIDENCE_TYPE_LABELS}
              onSave={onSave}
            />
          </div>
          <div className="field-row">
            <SelectField
              field="credibility"
              label="Credibility"
              value={e.credibility}
              options={LEVELS}
              labels={LEVEL_LABELS}
              onSave={onSave}
            />
            <SelectField
              field="relevance"
              label="Relevance"
              value={e.relevance}
              options={LEVELS}
              labels={LEVEL_LABELS}
              onSave={onSave}
            />
          </div>
          <fieldset className="admiralty">
            <legend>Admiralty code (optional)</legend>
            <div className="field-row">
              <SelectField
                field="reliability"
                label="Source reliability"
                value={e.reliability}
                options={SOURCE_RELIABILITY}
                labels={RELIABILITY_LABELS}
                onSave={onSave}
              />
              <SelectField
                field="infoCredibility"
                label="Information credibility"
                value={e.infoCredibility}
                options={INFO_CREDIBILITY}
                labels={CREDIBILITY_LABELS}
                onSave={onSave}
              />
            </div>
          </fieldset>
          <label className="check">
            <input
              type="checkbox"
              checked={e.flagged}
              data-testid="field-flagged"
              onChange={(ev) => onSave({ flagged: ev.target.checked })}
            />
            Flagged for review
          </label>
        </fieldset>
        <CitationList evidenceId={e.id} />
        <div className="field">
          <span className="label">Notes</span>
          <RichTextEditor
            fragment={notes}
            awareness={props.awareness}
            field={`notes:${e.id}`}
            label="Evidence notes"
            readOnly={readOnly}
            testId="evidence-notes"
          />
        </div>
        <AttachmentList
          analysisId={props.analysisId}
          owner={{ kind: "evidence", id: e.id }}
          readOnly={readOnly}
          userId={props.viewer.userId}
          isLead={props.viewer.isLead}
        />
        {!readOnly && (
          <div className="panel-actions">
            <button type="button" className="btn" onClick={() => onArchive(!e.archived)}>
              {e.archived ? "Restore evidence" : "Archive evidence"}
            </button>
          </div>
        )}
        {!readOnly && !e.archived && (
          <MergeControl what="evidence" candidates={props.candidates} onMerge={props.onMerge} />
        )}
        <CommentThreads
          target={{ kind: "evidence", id: e.id }}
          comments={props.comments}
          readOnly={readOnly}
        />
      </div>
    </aside>
  );
}
