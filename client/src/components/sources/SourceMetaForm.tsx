/**
 * The metadata of one source. Text fields keep a local draft saved on blur when valid (the error is
 * shown otherwise), so a co-editor's change arrives in every field I am not typing in.
 */
import { type SourceFields, sourceFieldsSchema } from "../../../../shared/schema/fields";
import type { Source } from "../../../../shared/schema/sources";
import { SOURCE_RELIABILITY } from "../../../../shared/schema/vocabulary";
import { useFieldDraft } from "../../hooks/useFieldDraft";
import { RELIABILITY_LABELS } from "../../lib/admiralty";
import { Field } from "../../ui/Field";
import { Input, Select } from "../../ui/Input";
import { SourceKindField } from "./SourceKindField";

type TextKey = "title" | "publisher" | "publishedAt" | "retrievedAt" | "url" | "archiveUrl" | "language";

function TextField(props: {
  readonly field: TextKey;
  readonly label: string;
  readonly value: string;
  readonly type?: "text" | "url" | "date";
  readonly hint?: string;
  readonly onSave: (patch: Partial<SourceFields>) => void;
}) {
  const { field, label, value, onSave } = props;
  const d = useFieldDraft(value, sourceFieldsSchema.shape[field], label.toLowerCase(), (v) =>
    onSave({ [field]: v }),
  );
  return (
    <Field label={label} hint={props.hint} error={d.error}>
      {(p) => (
        <Input
          {...p}
          type={props.type ?? "text"}
          value={d.draft}
          data-testid={`source-${field}`}
          onFocus={d.onFocus}
          onChange={d.onChange}
          onBlur={d.onBlur}
        />
      )}
    </Field>
  );
}

export function SourceMetaForm(props: {
  readonly source: Source;
  readonly readOnly: boolean;
  readonly onSave: (patch: Partial<SourceFields>) => void;
}) {
  const { source: s, onSave } = props;
  return (
    <fieldset className="source-meta" disabled={props.readOnly} data-testid="source-meta">
      <legend className="visually-hidden">Source details</legend>
      <TextField field="title" label="Title" value={s.title} onSave={onSave} />
      <div className="field-row">
        <SourceKindField value={s.kind} onChange={(kind) => onSave({ kind })} />
        <Field label="Reliability">
          {(p) => (
            <Select
              {...p}
              value={s.reliability}
              data-testid="source-reliability"
              onChange={(e) => {
                const r = sourceFieldsSchema.shape.reliability.safeParse(e.target.value);
                if (r.success) onSave({ reliability: r.data });
              }}
            >
              {SOURCE_RELIABILITY.map((g) => (
                <option key={g} value={g}>
                  {RELIABILITY_LABELS[g]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <TextField field="publisher" label="Publisher or author" value={s.publisher} onSave={onSave} />
      <div className="field-row">
        <TextField field="publishedAt" label="Published" type="date" value={s.publishedAt} onSave={onSave} />
        <TextField field="retrievedAt" label="Retrieved" type="date" value={s.retrievedAt} onSave={onSave} />
      </div>
      <TextField field="url" label="URL" type="url" hint="http(s) links only" value={s.url} onSave={onSave} />
      <TextField field="archiveUrl" label="Archive URL" type="url" value={s.archiveUrl} onSave={onSave} />
      <TextField
        field="language"
        label="Language"
        hint="e.g. en, uk, pt-BR"
        value={s.language}
        onSave={onSave}
      />
    </fieldset>
  );
}
