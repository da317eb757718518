/** The "Kind" select of a source (adding one, and its details). */
import { SOURCE_KIND_LABELS, SOURCE_KINDS, type SourceKind } from "../../../../shared/schema/vocabulary";
import { Field } from "../../ui/Field";
import { Select } from "../../ui/Input";

const isKind = (value: string): value is SourceKind => (SOURCE_KINDS as readonly string[]).includes(value);

export function SourceKindField(props: {
  readonly value: SourceKind;
  readonly onChange: (kind: SourceKind) => void;
}) {
  return (
    <Field label="Kind">
      {(p) => (
        <Select
          {...p}
          value={props.value}
          data-testid="source-kind"
          onChange={(e) => {
            if (isKind(e.target.value)) props.onChange(e.target.value);
          }}
        >
          {SOURCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {SOURCE_KIND_LABELS[k]}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}
